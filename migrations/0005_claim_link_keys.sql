ALTER TABLE `claim_actors` ADD `said_sort_asc` text;--> statement-breakpoint
ALTER TABLE `claim_actors` ADD `said_sort_desc` text;--> statement-breakpoint
ALTER TABLE `claim_events` ADD `said_sort_asc` text;--> statement-breakpoint
ALTER TABLE `claim_events` ADD `said_sort_desc` text;--> statement-breakpoint
ALTER TABLE `claim_events` ADD `speaker_id` text;