CREATE TABLE `dirty_threads` (
	`workspace_id` text NOT NULL,
	`thread_id` text NOT NULL,
	`seq` integer DEFAULT 1 NOT NULL,
	`marked_at` integer NOT NULL,
	`min_occurred_at` integer NOT NULL,
	`rebuild` integer DEFAULT false NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	PRIMARY KEY(`workspace_id`, `thread_id`)
);
--> statement-breakpoint
CREATE INDEX `dirty_threads_due` ON `dirty_threads` (`workspace_id`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `dirty_threads_sweep` ON `dirty_threads` (`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `contact_merges` ADD `event_id` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `contacts` ADD `name_event_id` text;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `derived_history_started_at` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `last_event_at` integer;--> statement-breakpoint
-- Data: events go back to the thread and contact they arrived with (merges now re-home at
-- derivation), every merge learns its event id, and every thread touched by a merge or left
-- behind by the old version counters is marked for a rebuild before the counters go.
UPDATE `events` SET `thread_id` = json_extract(`payload`, '$.threadId'), `contact_id` = json_extract(`payload`, '$.contact.id');--> statement-breakpoint
UPDATE `contact_merges` SET `event_id` = COALESCE((SELECT `id` FROM `events` e WHERE e.`workspace_id` = `contact_merges`.`workspace_id` AND e.`type` = 'contact.merged' AND e.`secondary_contact_id` = `contact_merges`.`secondary_id` ORDER BY e.`occurred_at`, e.`id` LIMIT 1), '');--> statement-breakpoint
UPDATE `workspaces` SET `derived_history_started_at` = `history_started_at`, `last_event_at` = (SELECT MAX(`occurred_at`) FROM `events` e WHERE e.`workspace_id` = `workspaces`.`id`);--> statement-breakpoint
INSERT OR IGNORE INTO `dirty_threads` (`workspace_id`, `thread_id`, `seq`, `marked_at`, `min_occurred_at`, `rebuild`, `attempts`, `next_attempt_at`)
  SELECT `workspace_id`, `id`, 1, `updated_at`, 0, 1, 0, 0 FROM `threads` WHERE `derived_version` <> `version`;--> statement-breakpoint
INSERT OR IGNORE INTO `dirty_threads` (`workspace_id`, `thread_id`, `seq`, `marked_at`, `min_occurred_at`, `rebuild`, `attempts`, `next_attempt_at`)
  SELECT DISTINCT e.`workspace_id`, e.`thread_id`, 1, 0, 0, 1, 0, 0 FROM `events` e JOIN `contact_merges` m ON m.`workspace_id` = e.`workspace_id` AND (e.`contact_id` = m.`secondary_id` OR e.`thread_id` = m.`primary_id`);--> statement-breakpoint
ALTER TABLE `threads` DROP COLUMN `version`;--> statement-breakpoint
ALTER TABLE `threads` DROP COLUMN `derived_version`;