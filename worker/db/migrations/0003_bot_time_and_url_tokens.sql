CREATE TABLE `url_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`dialect` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `url_tokens_workspace_dialect` ON `url_tokens` (`workspace_id`,`dialect`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `bot_time_ms` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `bh_bot_time_ms` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `bot_held_from` integer;--> statement-breakpoint
ALTER TABLE `conversations` ADD `bot_released_at` integer;