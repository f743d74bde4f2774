CREATE INDEX `claim_actors_actor_asc_idx` ON `claim_actors` (`actor_id`,`said_sort_asc`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_actors_actor_desc_idx` ON `claim_actors` (`actor_id`,`said_sort_desc`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_events_event_asc_idx` ON `claim_events` (`event_id`,`said_sort_asc`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_events_event_desc_idx` ON `claim_events` (`event_id`,`said_sort_desc`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_events_speaker_asc_idx` ON `claim_events` (`event_id`,`speaker_id`,`said_sort_asc`,`claim_id`);--> statement-breakpoint
CREATE INDEX `claim_events_speaker_desc_idx` ON `claim_events` (`event_id`,`speaker_id`,`said_sort_desc`,`claim_id`);