-- The duplicate-source key of every stored source. source_text_key() is sourceTextKey of
-- src/text/names.ts, registered on every connection by src/db/client.ts (SQLite has no NFC or
-- SHA-256): one UPDATE, the key computed in JS per row. Where stored texts are already the same
-- article (imported twice before the key existed), the first stored keeps the key and the others
-- stay NULL, so the unique index holds and a new copy is answered with the first one's id.
CREATE TEMP TABLE `source_keys` AS SELECT `rowid` AS `row`, source_text_key(`text`) AS `key` FROM `sources`;--> statement-breakpoint
UPDATE `sources` SET `text_key` = (SELECT `key` FROM `source_keys` WHERE `row` = `sources`.`rowid`)
  WHERE `rowid` IN (SELECT min(`row`) FROM `source_keys` GROUP BY `key`);--> statement-breakpoint
DROP TABLE `source_keys`;--> statement-breakpoint
-- Kept actor representations gain `externalIds` (last, as hydration puts it; none are stored yet),
-- so they stay what the code makes and need no `npm run db:keep`.
UPDATE `kept_representations` SET `json` = json_insert(`json`, '$.externalIds', json('{}'))
  WHERE `entity_type` = 'actor';
