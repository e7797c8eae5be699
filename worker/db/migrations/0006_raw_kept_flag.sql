-- Deliveries keep a flag instead of the R2 key, which is derived from the row (worker/ingest/raw.ts).
DROP INDEX `deliveries_raw_age`;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `raw_kept` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `deliveries` SET `raw_kept` = (`raw_key` IS NOT NULL);--> statement-breakpoint
CREATE INDEX `deliveries_raw_age` ON `deliveries` (`received_at`) WHERE raw_kept = 1;--> statement-breakpoint
ALTER TABLE `deliveries` DROP COLUMN `raw_key`;
