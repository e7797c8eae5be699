CREATE TABLE `report_dimension_rollups` (
	`workspace_id` text NOT NULL,
	`dimension` text NOT NULL,
	`quarter` integer NOT NULL,
	`property_value` text NOT NULL,
	`conversations` integer NOT NULL,
	`open_channel_name` text,
	PRIMARY KEY(`workspace_id`, `dimension`, `quarter`, `property_value`)
);
--> statement-breakpoint
-- Data: the breakdown rollups of the conversations already stored, summed from report_rollups as worker/db/rollups.ts rebuildRollups does (dimensionRollupsSqlText(dimension, 'workspace_id') per breakdown).
INSERT INTO report_dimension_rollups (workspace_id, dimension, quarter, property_value, conversations, open_channel_name)
SELECT workspace_id, 'opened_by_contact_type', quarter, contact_type, SUM(conversations), NULL FROM report_rollups
    WHERE workspace_id = workspace_id AND side = 'opened' GROUP BY workspace_id, quarter, contact_type HAVING SUM(conversations) <> 0;--> statement-breakpoint
INSERT INTO report_dimension_rollups (workspace_id, dimension, quarter, property_value, conversations, open_channel_name)
SELECT workspace_id, 'opened_by_source', quarter, open_source, SUM(conversations), NULL FROM report_rollups
    WHERE workspace_id = workspace_id AND side = 'opened' GROUP BY workspace_id, quarter, open_source HAVING SUM(conversations) <> 0;--> statement-breakpoint
INSERT INTO report_dimension_rollups (workspace_id, dimension, quarter, property_value, conversations, open_channel_name)
SELECT workspace_id, 'opened_by_channel', quarter, open_channel_id, SUM(conversations), MAX(open_channel_name) FROM report_rollups
    WHERE workspace_id = workspace_id AND side = 'opened' GROUP BY workspace_id, quarter, open_channel_id HAVING SUM(conversations) <> 0;--> statement-breakpoint
INSERT INTO report_dimension_rollups (workspace_id, dimension, quarter, property_value, conversations, open_channel_name)
SELECT workspace_id, 'closed_by_category', quarter, category, SUM(conversations), NULL FROM report_rollups
    WHERE workspace_id = workspace_id AND side = 'closed' GROUP BY workspace_id, quarter, category HAVING SUM(conversations) <> 0;--> statement-breakpoint
INSERT INTO report_dimension_rollups (workspace_id, dimension, quarter, property_value, conversations, open_channel_name)
SELECT workspace_id, 'closed_by_source', quarter, closed_source, SUM(conversations), NULL FROM report_rollups
    WHERE workspace_id = workspace_id AND side = 'closed' GROUP BY workspace_id, quarter, closed_source HAVING SUM(conversations) <> 0;--> statement-breakpoint
INSERT INTO report_dimension_rollups (workspace_id, dimension, quarter, property_value, conversations, open_channel_name)
SELECT workspace_id, 'closed_by_contact_type', quarter, contact_type, SUM(conversations), NULL FROM report_rollups
    WHERE workspace_id = workspace_id AND side = 'closed' GROUP BY workspace_id, quarter, contact_type HAVING SUM(conversations) <> 0;
