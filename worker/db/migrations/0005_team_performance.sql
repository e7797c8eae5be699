ALTER TABLE `conversations` ADD `responders` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `assignment_history` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `resolution_target_ms` integer;--> statement-breakpoint
ALTER TABLE `workspaces` ADD `resolution_target_hours` text DEFAULT 'calendar' NOT NULL;--> statement-breakpoint
-- Hand-written: conversations derived before this migration lack responders and assignment
-- history. Every derived thread is marked for a rebuild from its events (as a recompute marks it),
-- so the deriver fills the new columns from the events instead of guessing them from the
-- first/last columns; an existing mark is turned into a rebuild.
INSERT INTO `dirty_threads` (`workspace_id`, `thread_id`, `seq`, `marked_at`, `min_occurred_at`, `rebuild`, `attempts`, `next_attempt_at`)
  SELECT `workspace_id`, `id`, 1, `updated_at`, 0, 1, 0, 0 FROM `threads` WHERE `state` IS NOT NULL
  ON CONFLICT (`workspace_id`, `thread_id`) DO UPDATE SET `seq` = `seq` + 1, `min_occurred_at` = 0, `rebuild` = 1, `next_attempt_at` = 0;
