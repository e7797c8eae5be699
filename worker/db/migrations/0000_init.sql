CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`user_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_workspace` ON `api_tokens` (`workspace_id`);--> statement-breakpoint
CREATE TABLE `contact_merges` (
	`workspace_id` text NOT NULL,
	`secondary_id` text NOT NULL,
	`primary_id` text NOT NULL,
	`merged_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `secondary_id`)
);
--> statement-breakpoint
CREATE TABLE `contacts` (
	`workspace_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text,
	`source_created_at` integer,
	`name_set_at` integer,
	PRIMARY KEY(`workspace_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `conversations` (
	`workspace_id` text NOT NULL,
	`id` text NOT NULL,
	`thread_id` text NOT NULL,
	`cycle` integer NOT NULL,
	`contact_id` text NOT NULL,
	`contact_name` text,
	`contact_type` text DEFAULT 'new' NOT NULL,
	`status` text NOT NULL,
	`opened_at` integer NOT NULL,
	`open_source` text NOT NULL,
	`open_channel_id` text,
	`open_channel_name` text,
	`open_channel_type` text,
	`closed_at` integer,
	`closed_source` text,
	`closed_by_id` text,
	`closed_by_name` text,
	`closed_by_team_id` text,
	`closed_by_team_name` text,
	`first_assignment_at` integer,
	`first_assignee_id` text,
	`first_assignee_name` text,
	`last_assignment_at` integer,
	`last_assignee_id` text,
	`last_assignee_name` text,
	`assignee_carried_over` integer NOT NULL,
	`first_response_at` integer,
	`first_response_by_id` text,
	`first_response_by_name` text,
	`first_response_by_type` text,
	`time_to_first_assignment_ms` integer,
	`first_response_time_ms` integer,
	`first_assignment_to_first_response_ms` integer,
	`last_assignment_to_response_ms` integer,
	`resolution_time_ms` integer,
	`first_assignment_to_close_ms` integer,
	`last_assignment_to_close_ms` integer,
	`average_response_time_ms` integer,
	`bh_time_to_first_assignment_ms` integer,
	`bh_first_response_time_ms` integer,
	`bh_first_assignment_to_first_response_ms` integer,
	`bh_last_assignment_to_response_ms` integer,
	`bh_resolution_time_ms` integer,
	`bh_first_assignment_to_close_ms` integer,
	`bh_last_assignment_to_close_ms` integer,
	`bh_average_response_time_ms` integer,
	`assignments` integer NOT NULL,
	`incoming_messages` integer NOT NULL,
	`outgoing_messages` integer NOT NULL,
	`responses` integer NOT NULL,
	`category` text,
	`summary` text,
	`waiting_since` integer,
	`last_assignee_response_at` integer,
	`response_waits` text DEFAULT '[]' NOT NULL,
	`last_event_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `conversations_opened` ON `conversations` (`workspace_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `conversations_closed` ON `conversations` (`workspace_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `conversations_contact` ON `conversations` (`workspace_id`,`contact_id`,`opened_at`);--> statement-breakpoint
CREATE INDEX `conversations_thread` ON `conversations` (`workspace_id`,`thread_id`,`cycle`);--> statement-breakpoint
CREATE INDEX `conversations_open` ON `conversations` (`workspace_id`,`status`) WHERE status = 'open';--> statement-breakpoint
CREATE TABLE `deliveries` (
	`workspace_id` text NOT NULL,
	`dialect` text NOT NULL,
	`delivery_id` text NOT NULL,
	`body_hash` text NOT NULL,
	`received_at` integer NOT NULL,
	`raw_body` text NOT NULL,
	`event_count` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `dialect`, `delivery_id`, `body_hash`)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`workspace_id` text NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`thread_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`secondary_contact_id` text,
	`dialect` text NOT NULL,
	`delivery_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`payload` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `events_thread` ON `events` (`workspace_id`,`thread_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_contact` ON `events` (`workspace_id`,`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `events_merge_secondary` ON `events` (`workspace_id`,`secondary_contact_id`);--> statement-breakpoint
CREATE TABLE `threads` (
	`workspace_id` text NOT NULL,
	`id` text NOT NULL,
	`contact_id` text,
	`state` text,
	`version` integer DEFAULT 0 NOT NULL,
	`derived_version` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `webhook_secrets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`dialect` text NOT NULL,
	`secret` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `webhook_secrets_workspace_dialect` ON `webhook_secrets` (`workspace_id`,`dialect`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`created_at` integer NOT NULL,
	`history_started_at` integer NOT NULL,
	`first_response_target_ms` integer,
	`categories` text DEFAULT '[]' NOT NULL,
	`business_hours` text
);
