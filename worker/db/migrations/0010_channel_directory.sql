CREATE TABLE `channels` (
	`workspace_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text,
	`name_at` integer,
	`name_event_id` text,
	`kind` text,
	`kind_at` integer,
	`kind_event_id` text,
	`dialect` text NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	PRIMARY KEY(`workspace_id`, `id`)
);
--> statement-breakpoint
-- Fill the directory from every stored event that names a channel (shared/channels.ts): per
-- channel the latest name and kind by (occurred_at, event id), the first and last sighting, and
-- the dialect of the latest sighting.
INSERT INTO `channels` (`workspace_id`, `id`, `name`, `name_at`, `name_event_id`, `kind`, `kind_at`, `kind_event_id`, `dialect`, `first_seen_at`, `last_seen_at`)
WITH `sightings` AS (
  SELECT `workspace_id`, `id` AS `event_id`, `occurred_at` AS `at`, `dialect`,
    json_extract(`payload`, CASE `type` WHEN 'message.created' THEN '$.message.channel' ELSE '$.channel' END) AS `channel`
  FROM `events` WHERE `type` IN ('conversation.opened', 'message.created')
), `present` AS (
  SELECT `workspace_id`, `event_id`, `at`, `dialect`, `channel` ->> '$.id' AS `cid`, `channel` ->> '$.name' AS `name`, `channel` ->> '$.type' AS `kind`
  FROM `sightings` WHERE `channel` IS NOT NULL AND `channel` ->> '$.id' IS NOT NULL
), `named` AS (
  SELECT `workspace_id`, `cid`, `name`, `at`, `event_id`,
    ROW_NUMBER() OVER (PARTITION BY `workspace_id`, `cid` ORDER BY `at` DESC, `event_id` DESC) AS `rn`
  FROM `present` WHERE `name` IS NOT NULL
), `kinded` AS (
  SELECT `workspace_id`, `cid`, `kind`, `at`, `event_id`,
    ROW_NUMBER() OVER (PARTITION BY `workspace_id`, `cid` ORDER BY `at` DESC, `event_id` DESC) AS `rn`
  FROM `present` WHERE `kind` IS NOT NULL
), `seen` AS (
  SELECT `workspace_id`, `cid`, MIN(`at`) AS `first_at`, MAX(`at`) AS `last_at`,
    (SELECT p2.`dialect` FROM `present` p2 WHERE p2.`workspace_id` = p.`workspace_id` AND p2.`cid` = p.`cid` ORDER BY p2.`at` DESC, p2.`dialect` DESC LIMIT 1) AS `dialect`
  FROM `present` p GROUP BY `workspace_id`, `cid`
)
SELECT s.`workspace_id`, s.`cid`, n.`name`, n.`at`, n.`event_id`, k.`kind`, k.`at`, k.`event_id`, s.`dialect`, s.`first_at`, s.`last_at`
FROM `seen` s
LEFT JOIN `named` n ON n.`workspace_id` = s.`workspace_id` AND n.`cid` = s.`cid` AND n.`rn` = 1
LEFT JOIN `kinded` k ON k.`workspace_id` = s.`workspace_id` AND k.`cid` = s.`cid` AND k.`rn` = 1;
