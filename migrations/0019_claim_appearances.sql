CREATE TABLE `claim_appearances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`claim_id` text NOT NULL,
	`position` integer NOT NULL,
	`source_id` text NOT NULL,
	`evidence_start` integer NOT NULL,
	`evidence_end` integer NOT NULL,
	`evidence_text` text NOT NULL,
	`reported_by_id` text,
	`published_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_appearances_claim_uq` ON `claim_appearances` (`claim_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `claim_appearances_source_uq` ON `claim_appearances` (`source_id`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_appearances_reported_by_idx` ON `claim_appearances` (`reported_by_id`) WHERE position > 0 AND reported_by_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `claims` ADD `source_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `claims` ADD `independent_source_count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX `claims_multi_source_asc_idx` ON `claims` (`said_sort_asc`,`id`) WHERE source_count > 1;--> statement-breakpoint
CREATE INDEX `claims_multi_source_desc_idx` ON `claims` (`said_sort_desc`,`id`) WHERE source_count > 1;