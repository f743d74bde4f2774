-- The names and aliases of every actor and location, one row each, so entity linking
-- (src/db/queries/entity-lookup.ts) finds the stored entities a draft name may mean with indexed
-- lookups instead of reading every actor. `key` is the name as linking compares it (NFC, case-folded,
-- spaces collapsed: nameKey in src/extraction/linking.ts); SQL cannot compute it, so rows come in
-- with a NULL key and the lookup fills the missing keys before it searches (a partial index finds
-- them). The full-text index over the names finds partial matches (shared words): its unicode61
-- tokenizer folds case in every script and keeps diacritics ("Əliyev" is not "Aliyev"). Triggers keep
-- the rows equal to the entities' name and aliases on insert, on a change of either, and on delete
-- (a merge moves the folded names into the survivor's aliases, then deletes).
CREATE TABLE `entity_names` (
  `id` integer PRIMARY KEY,
  `entity_type` text NOT NULL,
  `entity_id` text NOT NULL,
  `name` text NOT NULL,
  `key` text
);
--> statement-breakpoint
CREATE INDEX `entity_names_entity_idx` ON `entity_names` (`entity_type`, `entity_id`);
--> statement-breakpoint
CREATE INDEX `entity_names_key_idx` ON `entity_names` (`entity_type`, `key`, `entity_id`);
--> statement-breakpoint
CREATE INDEX `entity_names_unkeyed_idx` ON `entity_names` (`id`) WHERE `key` IS NULL;
--> statement-breakpoint
CREATE VIRTUAL TABLE `entity_names_fts` USING fts5(name, content='entity_names', content_rowid='id', tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
CREATE TRIGGER `entity_names_fts_insert` AFTER INSERT ON `entity_names` BEGIN
  INSERT INTO `entity_names_fts`(rowid, name) VALUES (new.`id`, new.`name`);
END;
--> statement-breakpoint
CREATE TRIGGER `entity_names_fts_delete` AFTER DELETE ON `entity_names` BEGIN
  INSERT INTO `entity_names_fts`(`entity_names_fts`, rowid, name) VALUES ('delete', old.`id`, old.`name`);
END;
--> statement-breakpoint
INSERT INTO `entity_names` (`entity_type`, `entity_id`, `name`)
  SELECT 'actor', `id`, `name` FROM `actors`
  UNION ALL SELECT 'actor', `actors`.`id`, `value` FROM `actors`, json_each(`actors`.`aliases`)
  UNION ALL SELECT 'location', `id`, `name` FROM `locations`
  UNION ALL SELECT 'location', `locations`.`id`, `value` FROM `locations`, json_each(`locations`.`aliases`);
--> statement-breakpoint
CREATE TRIGGER `entity_names_actor_insert` AFTER INSERT ON `actors` BEGIN
  INSERT INTO `entity_names` (`entity_type`, `entity_id`, `name`)
    SELECT 'actor', new.`id`, new.`name` UNION ALL SELECT 'actor', new.`id`, `value` FROM json_each(new.`aliases`);
END;
--> statement-breakpoint
CREATE TRIGGER `entity_names_actor_update` AFTER UPDATE OF `name`, `aliases` ON `actors`
  WHEN old.`name` IS NOT new.`name` OR old.`aliases` IS NOT new.`aliases` BEGIN
  DELETE FROM `entity_names` WHERE `entity_type` = 'actor' AND `entity_id` = old.`id`;
  INSERT INTO `entity_names` (`entity_type`, `entity_id`, `name`)
    SELECT 'actor', new.`id`, new.`name` UNION ALL SELECT 'actor', new.`id`, `value` FROM json_each(new.`aliases`);
END;
--> statement-breakpoint
CREATE TRIGGER `entity_names_actor_delete` AFTER DELETE ON `actors` BEGIN
  DELETE FROM `entity_names` WHERE `entity_type` = 'actor' AND `entity_id` = old.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `entity_names_location_insert` AFTER INSERT ON `locations` BEGIN
  INSERT INTO `entity_names` (`entity_type`, `entity_id`, `name`)
    SELECT 'location', new.`id`, new.`name` UNION ALL SELECT 'location', new.`id`, `value` FROM json_each(new.`aliases`);
END;
--> statement-breakpoint
CREATE TRIGGER `entity_names_location_update` AFTER UPDATE OF `name`, `aliases` ON `locations`
  WHEN old.`name` IS NOT new.`name` OR old.`aliases` IS NOT new.`aliases` BEGIN
  DELETE FROM `entity_names` WHERE `entity_type` = 'location' AND `entity_id` = old.`id`;
  INSERT INTO `entity_names` (`entity_type`, `entity_id`, `name`)
    SELECT 'location', new.`id`, new.`name` UNION ALL SELECT 'location', new.`id`, `value` FROM json_each(new.`aliases`);
END;
--> statement-breakpoint
CREATE TRIGGER `entity_names_location_delete` AFTER DELETE ON `locations` BEGIN
  DELETE FROM `entity_names` WHERE `entity_type` = 'location' AND `entity_id` = old.`id`;
END;
