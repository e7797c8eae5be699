CREATE TABLE `report_duration_rollups` (
	`workspace_id` text NOT NULL,
	`hours` text NOT NULL,
	`grain` text NOT NULL,
	`cell` integer NOT NULL,
	`metric` text NOT NULL,
	`count` integer NOT NULL,
	`sum` integer NOT NULL,
	`buckets` text NOT NULL,
	PRIMARY KEY(`workspace_id`, `hours`, `grain`, `cell`, `metric`)
);
--> statement-breakpoint
CREATE INDEX `conversations_first_response` ON `conversations` (`workspace_id`,`first_response_time_ms`,`closed_at`);--> statement-breakpoint
CREATE INDEX `conversations_bh_first_response` ON `conversations` (`workspace_id`,`bh_first_response_time_ms`,`closed_at`);--> statement-breakpoint
-- Data: duration rollups of the conversations already stored (the same aggregation as worker/db/rollups.ts rebuildRollups, for every workspace: durationQuarterRollupsSqlText('c.workspace_id') then durationDayRollupsSqlText('q.workspace_id')).
INSERT INTO report_duration_rollups (workspace_id, hours, grain, cell, metric, count, sum, buckets)
SELECT workspace_id, hours, 'quarter', cell, metric, SUM(n), SUM(s), json_group_object(bucket, n) FROM (
      SELECT workspace_id, hours, cell, metric,
        CASE WHEN metric = 'first_response_buckets' THEN (CASE WHEN v < 30000 THEN 0 WHEN v < 120000 THEN 1 WHEN v < 300000 THEN 2 WHEN v < 600000 THEN 3 WHEN v < 1800000 THEN 4 WHEN v < 3600000 THEN 5 ELSE 6 END) ELSE (CASE WHEN v = 0 THEN 0 WHEN v > 0 THEN MAX(1, CAST(ceil(ln(v) / 0.010000083334583179 - 1e-9) AS INTEGER)) ELSE -MAX(1, CAST(ceil(ln(-v) / 0.010000083334583179 - 1e-9) AS INTEGER)) END) END AS bucket,
        COUNT(*) AS n, SUM(v) AS s
      FROM (
        SELECT c.workspace_id AS workspace_id, m.value ->> 0 AS hours, c.closed_at / 900000 AS cell, m.value ->> 1 AS metric, CASE m.key WHEN 0 THEN c."time_to_first_assignment_ms" WHEN 1 THEN c."first_response_time_ms" WHEN 2 THEN c."first_response_time_ms" WHEN 3 THEN c."first_assignment_to_first_response_ms" WHEN 4 THEN c."last_assignment_to_response_ms" WHEN 5 THEN c."resolution_time_ms" WHEN 6 THEN c."first_assignment_to_close_ms" WHEN 7 THEN c."last_assignment_to_close_ms" WHEN 8 THEN c."average_response_time_ms" WHEN 9 THEN c."bot_time_ms" WHEN 10 THEN c."bh_time_to_first_assignment_ms" WHEN 11 THEN c."bh_first_response_time_ms" WHEN 12 THEN c."bh_first_response_time_ms" WHEN 13 THEN c."bh_first_assignment_to_first_response_ms" WHEN 14 THEN c."bh_last_assignment_to_response_ms" WHEN 15 THEN c."bh_resolution_time_ms" WHEN 16 THEN c."bh_first_assignment_to_close_ms" WHEN 17 THEN c."bh_last_assignment_to_close_ms" WHEN 18 THEN c."bh_average_response_time_ms" WHEN 19 THEN c."bh_bot_time_ms" END AS v
        FROM conversations AS c, json_each('[["calendar","time_to_first_assignment_ms"],["calendar","first_response_time_ms"],["calendar","first_response_buckets"],["calendar","first_assignment_to_first_response_ms"],["calendar","last_assignment_to_response_ms"],["calendar","resolution_time_ms"],["calendar","first_assignment_to_close_ms"],["calendar","last_assignment_to_close_ms"],["calendar","average_response_time_ms"],["calendar","bot_time_ms"],["business","time_to_first_assignment_ms"],["business","first_response_time_ms"],["business","first_response_buckets"],["business","first_assignment_to_first_response_ms"],["business","last_assignment_to_response_ms"],["business","resolution_time_ms"],["business","first_assignment_to_close_ms"],["business","last_assignment_to_close_ms"],["business","average_response_time_ms"],["business","bot_time_ms"]]') AS m
        WHERE c.workspace_id = c.workspace_id AND c.closed_at IS NOT NULL
      ) WHERE v IS NOT NULL
      GROUP BY workspace_id, hours, cell, metric, bucket
    ) GROUP BY workspace_id, hours, cell, metric;--> statement-breakpoint
INSERT INTO report_duration_rollups (workspace_id, hours, grain, cell, metric, count, sum, buckets)
SELECT q.workspace_id, q.hours, 'day', q.cell / 96, q.metric, SUM(q.count), SUM(q.sum),
      (SELECT COALESCE(json_group_object(k, n), '{}') FROM (
        SELECT b.key AS k, SUM(b.value) AS n FROM report_duration_rollups AS p, json_each(p.buckets) AS b
        WHERE p.workspace_id = q.workspace_id AND p.hours = q.hours AND p.grain = 'quarter'
          AND p.cell >= (q.cell / 96) * 96 AND p.cell < (q.cell / 96 + 1) * 96 AND p.metric = q.metric
        GROUP BY b.key HAVING SUM(b.value) <> 0))
    FROM report_duration_rollups AS q WHERE q.workspace_id = q.workspace_id AND q.grain = 'quarter'
    GROUP BY q.workspace_id, q.hours, q.cell / 96, q.metric;
