CREATE TABLE `extractions` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text NOT NULL,
	`key_name` text NOT NULL,
	`source_id` text,
	`text` text NOT NULL,
	`text_hash` text NOT NULL,
	`published_at` text NOT NULL,
	`title` text,
	`publisher` text,
	`url` text,
	`language` text NOT NULL,
	`extractor` text NOT NULL,
	`draft` text NOT NULL,
	`notes` text NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extractions_created_idx` ON `extractions` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `extractions_status_idx` ON `extractions` (`status`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `extractions_text_hash_idx` ON `extractions` (`text_hash`,`status`);