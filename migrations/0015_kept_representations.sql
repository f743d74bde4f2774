CREATE TABLE `kept_representations` (
	`entity_type` text NOT NULL,
	`entity_id` text NOT NULL,
	`json` text NOT NULL,
	PRIMARY KEY(`entity_type`, `entity_id`)
);
