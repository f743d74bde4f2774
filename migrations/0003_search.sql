-- Full-text search (FTS5), one external-content index per searchable table, kept in step with
-- every write by triggers. The indexes address rows by rowid: after a VACUUM (which may renumber
-- rowids of tables without an INTEGER PRIMARY KEY) run INSERT INTO <t>_fts(<t>_fts) VALUES('rebuild').
-- porter over unicode61 with remove_diacritics: withdraw matches withdrawal, case and accents fold (KÄLBAJAR, Kalbajar).
CREATE VIRTUAL TABLE `actors_fts` USING fts5(name, aliases, description, content='actors', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `actors_fts`(`actors_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `actors_fts_insert` AFTER INSERT ON `actors` BEGIN
  INSERT INTO `actors_fts`(rowid, name, aliases, description) VALUES (new.rowid, new.name, new.aliases, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_delete` AFTER DELETE ON `actors` BEGIN
  INSERT INTO `actors_fts`(`actors_fts`, rowid, name, aliases, description) VALUES ('delete', old.rowid, old.name, old.aliases, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `actors_fts_update` AFTER UPDATE OF name, aliases, description ON `actors` BEGIN
  INSERT INTO `actors_fts`(`actors_fts`, rowid, name, aliases, description) VALUES ('delete', old.rowid, old.name, old.aliases, old.description);
  INSERT INTO `actors_fts`(rowid, name, aliases, description) VALUES (new.rowid, new.name, new.aliases, new.description);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `locations_fts` USING fts5(name, aliases, description, content='locations', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `locations_fts`(`locations_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `locations_fts_insert` AFTER INSERT ON `locations` BEGIN
  INSERT INTO `locations_fts`(rowid, name, aliases, description) VALUES (new.rowid, new.name, new.aliases, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `locations_fts_delete` AFTER DELETE ON `locations` BEGIN
  INSERT INTO `locations_fts`(`locations_fts`, rowid, name, aliases, description) VALUES ('delete', old.rowid, old.name, old.aliases, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `locations_fts_update` AFTER UPDATE OF name, aliases, description ON `locations` BEGIN
  INSERT INTO `locations_fts`(`locations_fts`, rowid, name, aliases, description) VALUES ('delete', old.rowid, old.name, old.aliases, old.description);
  INSERT INTO `locations_fts`(rowid, name, aliases, description) VALUES (new.rowid, new.name, new.aliases, new.description);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `events_fts` USING fts5(title, description, content='events', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `events_fts`(`events_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `events_fts_insert` AFTER INSERT ON `events` BEGIN
  INSERT INTO `events_fts`(rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_delete` AFTER DELETE ON `events` BEGIN
  INSERT INTO `events_fts`(`events_fts`, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
END;
--> statement-breakpoint
CREATE TRIGGER `events_fts_update` AFTER UPDATE OF title, description ON `events` BEGIN
  INSERT INTO `events_fts`(`events_fts`, rowid, title, description) VALUES ('delete', old.rowid, old.title, old.description);
  INSERT INTO `events_fts`(rowid, title, description) VALUES (new.rowid, new.title, new.description);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `claims_fts` USING fts5(text, content='claims', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `claims_fts`(`claims_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `claims_fts_insert` AFTER INSERT ON `claims` BEGIN
  INSERT INTO `claims_fts`(rowid, text) VALUES (new.rowid, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_delete` AFTER DELETE ON `claims` BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_update` AFTER UPDATE OF text ON `claims` BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, text) VALUES ('delete', old.rowid, old.text);
  INSERT INTO `claims_fts`(rowid, text) VALUES (new.rowid, new.text);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `sources_fts` USING fts5(title, text, content='sources', content_rowid='rowid', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `sources_fts`(`sources_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `sources_fts_insert` AFTER INSERT ON `sources` BEGIN
  INSERT INTO `sources_fts`(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_delete` AFTER DELETE ON `sources` BEGIN
  INSERT INTO `sources_fts`(`sources_fts`, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
END;
--> statement-breakpoint
CREATE TRIGGER `sources_fts_update` AFTER UPDATE OF title, text ON `sources` BEGIN
  INSERT INTO `sources_fts`(`sources_fts`, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
  INSERT INTO `sources_fts`(rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
