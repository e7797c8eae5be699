CREATE TABLE `report_breakdown_rollups` (
	`workspace_id` text NOT NULL,
	`dimension` text NOT NULL,
	`grain` text NOT NULL,
	`cell` integer NOT NULL,
	`property_value` text NOT NULL,
	`conversations` integer NOT NULL,
	`open_channel_name` text,
	PRIMARY KEY(`workspace_id`, `dimension`, `grain`, `cell`, `property_value`)
);
--> statement-breakpoint
-- Data: the breakdown cells already stored, at every grain. Quarter cells copied from report_dimension_rollups; hour and day cells summed from them as worker/db/rollups.ts rebuildRollups does (dimensionCoarserRollupsSqlText(grain, 'workspace_id')).
INSERT INTO report_breakdown_rollups (workspace_id, dimension, grain, cell, property_value, conversations, open_channel_name)
SELECT workspace_id, dimension, 'quarter', quarter, property_value, conversations, open_channel_name FROM report_dimension_rollups WHERE conversations <> 0;--> statement-breakpoint
INSERT INTO report_breakdown_rollups (workspace_id, dimension, grain, cell, property_value, conversations, open_channel_name)
SELECT workspace_id, dimension, 'hour', cell / 4, property_value, SUM(conversations), MAX(open_channel_name)
    FROM report_breakdown_rollups WHERE workspace_id = workspace_id AND grain = 'quarter'
    GROUP BY workspace_id, dimension, cell / 4, property_value HAVING SUM(conversations) <> 0;--> statement-breakpoint
INSERT INTO report_breakdown_rollups (workspace_id, dimension, grain, cell, property_value, conversations, open_channel_name)
SELECT workspace_id, dimension, 'day', cell / 96, property_value, SUM(conversations), MAX(open_channel_name)
    FROM report_breakdown_rollups WHERE workspace_id = workspace_id AND grain = 'quarter'
    GROUP BY workspace_id, dimension, cell / 96, property_value HAVING SUM(conversations) <> 0;--> statement-breakpoint
DROP TABLE `report_dimension_rollups`;
