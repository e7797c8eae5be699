CREATE TABLE `report_rollups` (
	`workspace_id` text NOT NULL,
	`side` text NOT NULL,
	`quarter` integer NOT NULL,
	`contact_type` text NOT NULL,
	`open_source` text NOT NULL,
	`open_channel_id` text NOT NULL,
	`closed_source` text NOT NULL,
	`category` text NOT NULL,
	`conversations` integer NOT NULL,
	`open_channel_name` text,
	PRIMARY KEY(`workspace_id`, `side`, `quarter`, `contact_type`, `open_source`, `open_channel_id`, `closed_source`, `category`)
);
--> statement-breakpoint
-- Data: rollups of the conversations already stored (the same aggregation as worker/db/rollups.ts rebuildRollups).
INSERT INTO `report_rollups` (`workspace_id`, `side`, `quarter`, `contact_type`, `open_source`, `open_channel_id`, `closed_source`, `category`, `conversations`, `open_channel_name`)
SELECT `workspace_id`, 'opened', `opened_at` / 900000, `contact_type`, `open_source`, COALESCE(`open_channel_id`, ''), '', '', count(*), MAX(`open_channel_name`)
FROM `conversations` GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;--> statement-breakpoint
INSERT INTO `report_rollups` (`workspace_id`, `side`, `quarter`, `contact_type`, `open_source`, `open_channel_id`, `closed_source`, `category`, `conversations`, `open_channel_name`)
SELECT `workspace_id`, 'closed', `closed_at` / 900000, `contact_type`, `open_source`, COALESCE(`open_channel_id`, ''), COALESCE(`closed_source`, ''), COALESCE(`category`, ''), count(*), MAX(`open_channel_name`)
FROM `conversations` WHERE `closed_at` IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
