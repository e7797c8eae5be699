-- WITHOUT ROWID added by hand (drizzle cannot declare it): the primary key is the table, so a row is stored once, in key order (worker/db/schema.ts reportDurationValues).
CREATE TABLE `report_duration_values` (
	`workspace_id` text NOT NULL,
	`hours` integer NOT NULL,
	`metric` integer NOT NULL,
	`value` integer NOT NULL,
	`quarter` integer NOT NULL,
	`conversations` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `hours`, `metric`, `value`, `quarter`)
) WITHOUT ROWID;--> statement-breakpoint
-- Data: the value index of the conversations already stored (the same aggregation as worker/db/rollups.ts rebuildRollups, for every workspace: DURATION_VALUES_INSERT + durationValuesSqlText('c.workspace_id') of worker/db/duration-values.ts).
INSERT INTO report_duration_values (workspace_id, hours, metric, value, quarter, conversations)
SELECT workspace_id, hours, metric, v, quarter, COUNT(*) FROM (
      SELECT c.workspace_id AS workspace_id, m.value ->> 0 AS hours, m.value ->> 1 AS metric, CASE m.key WHEN 0 THEN c."time_to_first_assignment_ms" WHEN 1 THEN c."first_response_time_ms" WHEN 2 THEN c."first_assignment_to_first_response_ms" WHEN 3 THEN c."last_assignment_to_response_ms" WHEN 4 THEN c."resolution_time_ms" WHEN 5 THEN c."first_assignment_to_close_ms" WHEN 6 THEN c."last_assignment_to_close_ms" WHEN 7 THEN c."average_response_time_ms" WHEN 8 THEN c."bot_time_ms" WHEN 9 THEN c."bh_time_to_first_assignment_ms" WHEN 10 THEN c."bh_first_response_time_ms" WHEN 11 THEN c."bh_first_assignment_to_first_response_ms" WHEN 12 THEN c."bh_last_assignment_to_response_ms" WHEN 13 THEN c."bh_resolution_time_ms" WHEN 14 THEN c."bh_first_assignment_to_close_ms" WHEN 15 THEN c."bh_last_assignment_to_close_ms" WHEN 16 THEN c."bh_average_response_time_ms" WHEN 17 THEN c."bh_bot_time_ms" END AS v, c.closed_at / 900000 AS quarter
      FROM conversations AS c, json_each('[[0,0],[0,1],[0,2],[0,3],[0,4],[0,5],[0,6],[0,7],[0,8],[1,0],[1,1],[1,2],[1,3],[1,4],[1,5],[1,6],[1,7],[1,8]]') AS m
      WHERE c.workspace_id = c.workspace_id AND c.closed_at IS NOT NULL
    ) WHERE v IS NOT NULL
    GROUP BY workspace_id, hours, metric, v, quarter;
