-- Copies of every claim's time columns as plain columns (table in 0008; its indexes come in 0010, after
-- this fill: building an index over filled rows is several times faster than updating it row by row),
-- so that a from/to page reads one covering index and never the claims rows it skips (schema.ts,
-- claimTimes). A claim whose saidAt is wholly unknown never matches a range and has no row. Triggers
-- keep the copies equal to the claim's: on insert, on a change of said_start or said_end (the row is
-- written again, or removed when the time becomes unknown), and on delete. The span class is
-- spanClass(said_start, said_end) of span-class.ts, spelled as in claims_span_asc_idx (0004).
INSERT INTO `claim_times` (`claim_id`, `span_class`, `said_sort_asc`, `said_sort_desc`, `said_lo`, `said_hi`)
  SELECT `id`, (CASE WHEN "said_start" IS NULL OR "said_end" IS NULL THEN 5 WHEN julianday("said_end") - julianday("said_start") < 1 THEN 0 WHEN julianday("said_end") - julianday("said_start") < 32 THEN 1 WHEN julianday("said_end") - julianday("said_start") < 124 THEN 2 WHEN julianday("said_end") - julianday("said_start") < 367 THEN 3 WHEN julianday("said_end") - julianday("said_start") < 3660 THEN 4 ELSE 5 END),
    `said_sort_asc`, `said_sort_desc`, `said_lo`, `said_hi`
  FROM `claims` WHERE `said_start` IS NOT NULL OR `said_end` IS NOT NULL;
--> statement-breakpoint
CREATE TRIGGER `claim_times_insert` AFTER INSERT ON `claims` WHEN new.`said_start` IS NOT NULL OR new.`said_end` IS NOT NULL BEGIN
  INSERT INTO `claim_times` (`claim_id`, `span_class`, `said_sort_asc`, `said_sort_desc`, `said_lo`, `said_hi`)
    VALUES (new.`id`, (CASE WHEN new."said_start" IS NULL OR new."said_end" IS NULL THEN 5 WHEN julianday(new."said_end") - julianday(new."said_start") < 1 THEN 0 WHEN julianday(new."said_end") - julianday(new."said_start") < 32 THEN 1 WHEN julianday(new."said_end") - julianday(new."said_start") < 124 THEN 2 WHEN julianday(new."said_end") - julianday(new."said_start") < 367 THEN 3 WHEN julianday(new."said_end") - julianday(new."said_start") < 3660 THEN 4 ELSE 5 END),
      new.`said_sort_asc`, new.`said_sort_desc`, new.`said_lo`, new.`said_hi`);
END;
--> statement-breakpoint
CREATE TRIGGER `claim_times_update` AFTER UPDATE OF `said_start`, `said_end` ON `claims`
  WHEN old.`said_start` IS NOT new.`said_start` OR old.`said_end` IS NOT new.`said_end` BEGIN
  DELETE FROM `claim_times` WHERE `claim_id` = old.`id`;
  INSERT INTO `claim_times` (`claim_id`, `span_class`, `said_sort_asc`, `said_sort_desc`, `said_lo`, `said_hi`)
    SELECT new.`id`, (CASE WHEN new."said_start" IS NULL OR new."said_end" IS NULL THEN 5 WHEN julianday(new."said_end") - julianday(new."said_start") < 1 THEN 0 WHEN julianday(new."said_end") - julianday(new."said_start") < 32 THEN 1 WHEN julianday(new."said_end") - julianday(new."said_start") < 124 THEN 2 WHEN julianday(new."said_end") - julianday(new."said_start") < 367 THEN 3 WHEN julianday(new."said_end") - julianday(new."said_start") < 3660 THEN 4 ELSE 5 END),
      new.`said_sort_asc`, new.`said_sort_desc`, new.`said_lo`, new.`said_hi`
    WHERE new.`said_start` IS NOT NULL OR new.`said_end` IS NOT NULL;
END;
--> statement-breakpoint
CREATE TRIGGER `claim_times_delete` AFTER DELETE ON `claims` BEGIN
  DELETE FROM `claim_times` WHERE `claim_id` = old.`id`;
END;
