CREATE TABLE `actors` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `actors_kind_idx` ON `actors` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `actors_name_idx` ON `actors` (`name`);--> statement-breakpoint
CREATE TABLE `affiliations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text NOT NULL,
	`organization_id` text NOT NULL,
	`role` text NOT NULL,
	`from_time` text,
	`to_time` text,
	`position` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`organization_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `affiliations_actor_idx` ON `affiliations` (`actor_id`,`position`);--> statement-breakpoint
CREATE INDEX `affiliations_org_idx` ON `affiliations` (`organization_id`);--> statement-breakpoint
CREATE TABLE `claim_actors` (
	`claim_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`claim_id`, `actor_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claim_actors_actor_idx` ON `claim_actors` (`actor_id`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claim_events` (
	`claim_id` text NOT NULL,
	`event_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`claim_id`, `event_id`),
	FOREIGN KEY (`claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claim_events_event_idx` ON `claim_events` (`event_id`,`claim_id`);--> statement-breakpoint
CREATE TABLE `claims` (
	`id` text PRIMARY KEY NOT NULL,
	`speaker_id` text NOT NULL,
	`text` text NOT NULL,
	`mode` text NOT NULL,
	`stance` text NOT NULL,
	`said_text` text,
	`said_start` text,
	`said_end` text,
	`said_precision` text NOT NULL,
	`said_approximate` integer NOT NULL,
	`said_sort_asc` text GENERATED ALWAYS AS (coalesce(said_start, said_end, '9999-12-31')) VIRTUAL,
	`said_sort_desc` text GENERATED ALWAYS AS (coalesce(said_start, said_end, '0000-00-00')) VIRTUAL,
	`said_lo` text GENERATED ALWAYS AS (CASE WHEN said_start IS NULL AND said_end IS NULL THEN NULL ELSE coalesce(said_start, '0000-00-00') END) VIRTUAL,
	`said_hi` text GENERATED ALWAYS AS (CASE WHEN said_start IS NULL AND said_end IS NULL THEN NULL ELSE coalesce(said_end, '9999-12-31') END) VIRTUAL,
	`channel` text,
	`reported_by_id` text,
	`responds_to_id` text,
	`source_id` text NOT NULL,
	`evidence_start` integer NOT NULL,
	`evidence_end` integer NOT NULL,
	`evidence_text` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`speaker_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responds_to_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claims_sort_asc_idx` ON `claims` (`said_sort_asc`,`id`);--> statement-breakpoint
CREATE INDEX `claims_sort_desc_idx` ON `claims` (`said_sort_desc`,`id`);--> statement-breakpoint
CREATE INDEX `claims_speaker_idx` ON `claims` (`speaker_id`,`said_sort_asc`,`id`);--> statement-breakpoint
CREATE INDEX `claims_lo_idx` ON `claims` (`said_lo`);--> statement-breakpoint
CREATE INDEX `claims_hi_idx` ON `claims` (`said_hi`);--> statement-breakpoint
CREATE INDEX `claims_stance_idx` ON `claims` (`stance`,`said_sort_asc`);--> statement-breakpoint
CREATE INDEX `claims_mode_idx` ON `claims` (`mode`,`said_sort_asc`);--> statement-breakpoint
CREATE INDEX `claims_reported_by_idx` ON `claims` (`reported_by_id`,`said_sort_asc`);--> statement-breakpoint
CREATE INDEX `claims_source_idx` ON `claims` (`source_id`,`said_sort_asc`);--> statement-breakpoint
CREATE INDEX `claims_responds_to_idx` ON `claims` (`responds_to_id`);--> statement-breakpoint
CREATE TABLE `event_participants` (
	`event_id` text NOT NULL,
	`actor_id` text NOT NULL,
	`role` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`event_id`, `actor_id`, `role`),
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `actors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_participants_actor_idx` ON `event_participants` (`actor_id`,`event_id`);--> statement-breakpoint
CREATE TABLE `event_quantities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` text NOT NULL,
	`value` real NOT NULL,
	`unit` text NOT NULL,
	`text` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_quantities_event_idx` ON `event_quantities` (`event_id`,`position`);--> statement-breakpoint
CREATE TABLE `event_relations` (
	`from_event_id` text NOT NULL,
	`type` text NOT NULL,
	`to_event_id` text NOT NULL,
	PRIMARY KEY(`from_event_id`, `type`, `to_event_id`),
	FOREIGN KEY (`from_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_event_id`) REFERENCES `events`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `event_relations_to_idx` ON `event_relations` (`to_event_id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`kind` text NOT NULL,
	`description` text,
	`time_text` text,
	`time_start` text,
	`time_end` text,
	`time_precision` text NOT NULL,
	`time_approximate` integer NOT NULL,
	`time_sort_asc` text GENERATED ALWAYS AS (coalesce(time_start, time_end, '9999-12-31')) VIRTUAL,
	`time_sort_desc` text GENERATED ALWAYS AS (coalesce(time_start, time_end, '0000-00-00')) VIRTUAL,
	`time_lo` text GENERATED ALWAYS AS (CASE WHEN time_start IS NULL AND time_end IS NULL THEN NULL ELSE coalesce(time_start, '0000-00-00') END) VIRTUAL,
	`time_hi` text GENERATED ALWAYS AS (CASE WHEN time_start IS NULL AND time_end IS NULL THEN NULL ELSE coalesce(time_end, '9999-12-31') END) VIRTUAL,
	`status` text NOT NULL,
	`location_id` text,
	`source_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_sort_asc_idx` ON `events` (`time_sort_asc`,`id`);--> statement-breakpoint
CREATE INDEX `events_sort_desc_idx` ON `events` (`time_sort_desc`,`id`);--> statement-breakpoint
CREATE INDEX `events_lo_idx` ON `events` (`time_lo`);--> statement-breakpoint
CREATE INDEX `events_hi_idx` ON `events` (`time_hi`);--> statement-breakpoint
CREATE INDEX `events_location_idx` ON `events` (`location_id`,`time_sort_asc`);--> statement-breakpoint
CREATE INDEX `events_kind_idx` ON `events` (`kind`,`time_sort_asc`);--> statement-breakpoint
CREATE INDEX `events_status_idx` ON `events` (`status`,`time_sort_asc`);--> statement-breakpoint
CREATE INDEX `events_source_idx` ON `events` (`source_id`);--> statement-breakpoint
CREATE TABLE `evidence_spans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_type` text NOT NULL,
	`subject_id` text NOT NULL,
	`source_id` text NOT NULL,
	`start` integer NOT NULL,
	`end` integer NOT NULL,
	`text` text NOT NULL,
	`position` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `sources`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_subject_idx` ON `evidence_spans` (`subject_type`,`subject_id`,`position`);--> statement-breakpoint
CREATE INDEX `evidence_source_idx` ON `evidence_spans` (`source_id`,`subject_type`);--> statement-breakpoint
CREATE TABLE `location_ancestors` (
	`ancestor_id` text NOT NULL,
	`location_id` text NOT NULL,
	`depth` integer NOT NULL,
	PRIMARY KEY(`ancestor_id`, `location_id`),
	FOREIGN KEY (`ancestor_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `location_ancestors_location_idx` ON `location_ancestors` (`location_id`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`aliases` text DEFAULT '[]' NOT NULL,
	`parent_id` text,
	`lat` real,
	`lon` real,
	`area_km2` real,
	`description` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `locations_kind_idx` ON `locations` (`kind`,`id`);--> statement-breakpoint
CREATE INDEX `locations_parent_idx` ON `locations` (`parent_id`);--> statement-breakpoint
CREATE TABLE `sources` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`publisher` text,
	`url` text,
	`published_at` text NOT NULL,
	`language` text NOT NULL,
	`text` text NOT NULL,
	`text_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sources_text_hash_uq` ON `sources` (`text_hash`);--> statement-breakpoint
CREATE INDEX `sources_published_idx` ON `sources` (`published_at`,`id`);