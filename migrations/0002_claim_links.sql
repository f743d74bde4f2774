CREATE TABLE `claim_links` (
	`from_claim_id` text NOT NULL,
	`type` text NOT NULL,
	`to_claim_id` text NOT NULL,
	PRIMARY KEY(`from_claim_id`, `type`, `to_claim_id`),
	FOREIGN KEY (`from_claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_claim_id`) REFERENCES `claims`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `claim_links_to_idx` ON `claim_links` (`to_claim_id`);