-- The duplicate-source key of every stored source. source_text_key() is sourceTextKey of
-- src/text/names.ts, registered on every connection by src/db/client.ts (SQLite has no NFC or
-- SHA-256): one INSERT…SELECT computes every key (in JS, per row) into an indexed temp table, one
-- UPDATE copies them (9.7 s on the million-claim database, 83,397 sources). Where stored texts are already the same
-- article (imported twice before the key existed), the first stored keeps the key and the others
-- stay NULL, so the unique index holds and a new copy is answered with the first one's id.
CREATE TEMP TABLE `source_keys` (`row` integer PRIMARY KEY, `key` text NOT NULL);--> statement-breakpoint
INSERT INTO `source_keys` SELECT `rowid`, source_text_key(`text`) FROM `sources`;--> statement-breakpoint
UPDATE `sources` SET `text_key` = (SELECT `key` FROM `source_keys` WHERE `row` = `sources`.`rowid`)
  WHERE `rowid` IN (SELECT min(`row`) FROM `source_keys` GROUP BY `key`);--> statement-breakpoint
DROP TABLE `source_keys`;--> statement-breakpoint
-- Kept actor representations gain `externalIds` (last, as hydration puts it; none are stored yet),
-- so they stay what the code makes and need no `npm run db:keep`.
UPDATE `kept_representations` SET `json` = json_insert(`json`, '$.externalIds', json('{}'))
  WHERE `entity_type` = 'actor';
