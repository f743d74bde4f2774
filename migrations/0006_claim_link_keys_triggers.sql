-- The claim's sort keys in its link rows, and its speaker in its claim_events rows (columns in 0005;
-- their indexes come in 0007, after this fill: building an index over filled rows is several times
-- faster than updating it row by row), so that the claims about an event or an actor, or what one
-- speaker said about an event, are one index walk in page order. Triggers keep the copies equal to
-- the claim's: a link row gets them from its claim when inserted (or pointed at another claim), and a
-- change of the claim's saidAt or speaker rewrites its link rows.
-- The fill walks the link tables in rowid order, which is about the order their claims were written in.
UPDATE `claim_events` SET (`said_sort_asc`, `said_sort_desc`, `speaker_id`) = (SELECT `said_sort_asc`, `said_sort_desc`, `speaker_id` FROM `claims` WHERE `id` = `claim_events`.`claim_id`);
--> statement-breakpoint
UPDATE `claim_actors` SET (`said_sort_asc`, `said_sort_desc`) = (SELECT `said_sort_asc`, `said_sort_desc` FROM `claims` WHERE `id` = `claim_actors`.`claim_id`);
--> statement-breakpoint
CREATE TRIGGER `claim_events_keys_insert` AFTER INSERT ON `claim_events` BEGIN
  UPDATE `claim_events` SET (`said_sort_asc`, `said_sort_desc`, `speaker_id`) = (SELECT `said_sort_asc`, `said_sort_desc`, `speaker_id` FROM `claims` WHERE `id` = new.`claim_id`)
    WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `claim_events_keys_relink` AFTER UPDATE OF `claim_id` ON `claim_events` BEGIN
  UPDATE `claim_events` SET (`said_sort_asc`, `said_sort_desc`, `speaker_id`) = (SELECT `said_sort_asc`, `said_sort_desc`, `speaker_id` FROM `claims` WHERE `id` = new.`claim_id`)
    WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `claim_actors_keys_insert` AFTER INSERT ON `claim_actors` BEGIN
  UPDATE `claim_actors` SET (`said_sort_asc`, `said_sort_desc`) = (SELECT `said_sort_asc`, `said_sort_desc` FROM `claims` WHERE `id` = new.`claim_id`)
    WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `claim_actors_keys_relink` AFTER UPDATE OF `claim_id` ON `claim_actors` BEGIN
  UPDATE `claim_actors` SET (`said_sort_asc`, `said_sort_desc`) = (SELECT `said_sort_asc`, `said_sort_desc` FROM `claims` WHERE `id` = new.`claim_id`)
    WHERE rowid = new.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_link_sort_keys_update` AFTER UPDATE OF `said_start`, `said_end` ON `claims`
  WHEN old.`said_sort_asc` IS NOT new.`said_sort_asc` OR old.`said_sort_desc` IS NOT new.`said_sort_desc` BEGIN
  UPDATE `claim_events` SET `said_sort_asc` = new.`said_sort_asc`, `said_sort_desc` = new.`said_sort_desc` WHERE `claim_id` = new.`id`;
  UPDATE `claim_actors` SET `said_sort_asc` = new.`said_sort_asc`, `said_sort_desc` = new.`said_sort_desc` WHERE `claim_id` = new.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `claims_link_speaker_update` AFTER UPDATE OF `speaker_id` ON `claims`
  WHEN old.`speaker_id` IS NOT new.`speaker_id` BEGIN
  UPDATE `claim_events` SET `speaker_id` = new.`speaker_id` WHERE `claim_id` = new.`id`;
END;
