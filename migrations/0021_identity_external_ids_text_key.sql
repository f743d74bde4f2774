CREATE TABLE `external_ids` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`scheme` text NOT NULL,
	`value` text NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`, `scheme`)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `external_ids_value_uq` ON `external_ids` (`entity_type`,`scheme`,`value`);--> statement-breakpoint
ALTER TABLE `sources` ADD `text_key` text;--> statement-breakpoint
CREATE UNIQUE INDEX `sources_text_key_uq` ON `sources` (`text_key`);