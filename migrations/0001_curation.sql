CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`secret_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`revoked_at` text
);
--> statement-breakpoint
CREATE INDEX `api_keys_name_idx` ON `api_keys` (`name`);--> statement-breakpoint
CREATE TABLE `changes` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`key_name` text NOT NULL,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`merged_into` text,
	`before` text,
	`after` text
);
--> statement-breakpoint
CREATE INDEX `changes_entity_idx` ON `changes` (`entity_type`,`entity_id`,`seq`);--> statement-breakpoint
CREATE TABLE `merged_ids` (
	`entity_type` text NOT NULL,
	`old_id` text NOT NULL,
	`survivor_id` text NOT NULL,
	PRIMARY KEY(`entity_type`, `old_id`)
);
--> statement-breakpoint
CREATE INDEX `merged_ids_survivor_idx` ON `merged_ids` (`entity_type`,`survivor_id`);