-- Raw bodies move to R2 (raw_key); rows stored before keep theirs in raw_body. (The copy names
-- NULL for raw_key, which the old table does not have.)
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_deliveries` (
	`workspace_id` text NOT NULL,
	`dialect` text NOT NULL,
	`delivery_id` text NOT NULL,
	`body_hash` text NOT NULL,
	`received_at` integer NOT NULL,
	`raw_body` text,
	`raw_key` text,
	`event_count` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `dialect`, `delivery_id`, `body_hash`)
);
--> statement-breakpoint
INSERT INTO `__new_deliveries`("workspace_id", "dialect", "delivery_id", "body_hash", "received_at", "raw_body", "raw_key", "event_count") SELECT "workspace_id", "dialect", "delivery_id", "body_hash", "received_at", "raw_body", NULL, "event_count" FROM `deliveries`;--> statement-breakpoint
DROP TABLE `deliveries`;--> statement-breakpoint
ALTER TABLE `__new_deliveries` RENAME TO `deliveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `deliveries_raw_age` ON `deliveries` (`received_at`) WHERE raw_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `deliveries_workspace_received` ON `deliveries` (`workspace_id`,`received_at`);--> statement-breakpoint
ALTER TABLE `workspaces` ADD `raw_retention_days` integer DEFAULT 30 NOT NULL;