CREATE TABLE `claim_times` (
	`claim_id` text PRIMARY KEY NOT NULL,
	`span_class` integer NOT NULL,
	`said_sort_asc` text NOT NULL,
	`said_sort_desc` text NOT NULL,
	`said_lo` text NOT NULL,
	`said_hi` text NOT NULL
);
