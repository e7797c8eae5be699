-- The first responses near a target are counted from report_duration_values (worker/db/duration-values.ts firstResponsesBetweenQuery): nothing reads these indexes, and every conversation write kept them up.
DROP INDEX `conversations_first_response`;--> statement-breakpoint
DROP INDEX `conversations_bh_first_response`;