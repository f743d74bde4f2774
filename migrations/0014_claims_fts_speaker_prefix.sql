-- Claims are found under their speaker's name, and prefixes of two to four letters are read from a
-- prefix index. The claims' FTS5 index (0003) is rebuilt with a second column, `speaker`: the speaker's
-- name and aliases, read through the view claim_search_documents (its external content), so
-- "Peskov" finds the claims Peskov made as well as those naming him, and "Peskov sanctions" the claims
-- by Peskov about sanctions. The speaker's words are indexed with each claim because FTS5 can only
-- combine terms (AND, NOT, phrases) within one row: a query-side join of a name search and a text
-- search could not answer "Peskov sanctions" in one index read.
-- Kept in step by triggers: a claim's text or speaker changing re-indexes it; an actor's name or
-- aliases changing re-indexes every claim it made (the heaviest speaker of the million-claim database,
-- 87,878 claims: 28 s on a loaded 2-core machine, during which the write lock is held).
-- An external-content index is told what to forget by the values it indexed, so every 'delete'
-- below passes the speaker's names as the index holds them: the actor's current names, which the
-- actor trigger keeps equal to what is indexed.
-- prefix='2 3 4': a prefix query (th*, sanc*) otherwise merges the doclists of every term it
-- begins (about 350 ms for th* over a million claims).
DROP TRIGGER IF EXISTS `claims_fts_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `claims_fts_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `claims_fts_update`;
--> statement-breakpoint
DROP TABLE IF EXISTS `claims_fts`;
--> statement-breakpoint
CREATE VIEW `claim_search_documents` AS
  SELECT c.rowid AS claim_rowid, c.text AS text, a.name || ' ' || a.aliases AS speaker
  FROM `claims` AS c LEFT JOIN `actors` AS a ON a.id = c.speaker_id;
--> statement-breakpoint
CREATE VIRTUAL TABLE `claims_fts` USING fts5(text, speaker, content='claim_search_documents', content_rowid='claim_rowid', prefix='2 3 4', tokenize='porter unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `claims_fts`(`claims_fts`) VALUES('rebuild');
--> statement-breakpoint
CREATE TRIGGER `claims_fts_insert` AFTER INSERT ON `claims` BEGIN
  INSERT INTO `claims_fts`(rowid, text, speaker)
    SELECT claim_rowid, text, speaker FROM `claim_search_documents` WHERE claim_rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_delete` AFTER DELETE ON `claims` BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, text, speaker)
    VALUES ('delete', old.rowid, old.text, (SELECT a.name || ' ' || a.aliases FROM `actors` AS a WHERE a.id = old.speaker_id));
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_update` AFTER UPDATE OF text, speaker_id ON `claims` BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, text, speaker)
    VALUES ('delete', old.rowid, old.text, (SELECT a.name || ' ' || a.aliases FROM `actors` AS a WHERE a.id = old.speaker_id));
  INSERT INTO `claims_fts`(rowid, text, speaker)
    SELECT claim_rowid, text, speaker FROM `claim_search_documents` WHERE claim_rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_fts_speaker_update` AFTER UPDATE OF name, aliases ON `actors`
  WHEN old.name IS NOT new.name OR old.aliases IS NOT new.aliases BEGIN
  INSERT INTO `claims_fts`(`claims_fts`, rowid, text, speaker)
    SELECT 'delete', c.rowid, c.text, old.name || ' ' || old.aliases FROM `claims` AS c WHERE c.speaker_id = old.id;
  INSERT INTO `claims_fts`(rowid, text, speaker)
    SELECT c.rowid, c.text, new.name || ' ' || new.aliases FROM `claims` AS c WHERE c.speaker_id = new.id;
END;
