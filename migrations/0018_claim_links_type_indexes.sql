CREATE INDEX `claim_links_type_from_idx` ON `claim_links` (`type`,`from_claim_id`);--> statement-breakpoint
CREATE INDEX `claim_links_type_to_idx` ON `claim_links` (`type`,`to_claim_id`);