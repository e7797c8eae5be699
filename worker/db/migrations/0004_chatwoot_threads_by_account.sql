-- events.md §4: Chatwoot display ids are per account, so a Chatwoot thread and its source
-- conversation id are `{account_id}:{display_id}` (`1:42`; later cycles `1:42-2`). Rows stored
-- under the bare display id are renamed. The account is the second part of every stored Chatwoot
-- event id (`chatwoot:{account}:…`); SET expressions read the row's old values.
UPDATE `conversations` SET
  `thread_id` = (
    SELECT substr(e.`id`, 10, instr(substr(e.`id`, 10), ':') - 1) FROM `events` e
    WHERE e.`workspace_id` = `conversations`.`workspace_id` AND e.`thread_id` = `conversations`.`thread_id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%' LIMIT 1
  ) || ':' || `thread_id`,
  `id` = (
    SELECT substr(e.`id`, 10, instr(substr(e.`id`, 10), ':') - 1) FROM `events` e
    WHERE e.`workspace_id` = `conversations`.`workspace_id` AND e.`thread_id` = `conversations`.`thread_id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%' LIMIT 1
  ) || ':' || `id`
WHERE `thread_id` GLOB '[0-9]*' AND `thread_id` NOT GLOB '*[^0-9]*'
  AND EXISTS (
    SELECT 1 FROM `events` e
    WHERE e.`workspace_id` = `conversations`.`workspace_id` AND e.`thread_id` = `conversations`.`thread_id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%'
  );
--> statement-breakpoint
-- The stored model state names the old ids: it is dropped, and the thread marked for a rebuild below.
UPDATE `threads` SET
  `id` = (
    SELECT substr(e.`id`, 10, instr(substr(e.`id`, 10), ':') - 1) FROM `events` e
    WHERE e.`workspace_id` = `threads`.`workspace_id` AND e.`thread_id` = `threads`.`id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%' LIMIT 1
  ) || ':' || `id`,
  `state` = NULL
WHERE `id` GLOB '[0-9]*' AND `id` NOT GLOB '*[^0-9]*'
  AND EXISTS (
    SELECT 1 FROM `events` e
    WHERE e.`workspace_id` = `threads`.`workspace_id` AND e.`thread_id` = `threads`.`id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%'
  );
--> statement-breakpoint
-- Marks already waiting for these threads follow them.
UPDATE `dirty_threads` SET
  `thread_id` = (
    SELECT substr(e.`id`, 10, instr(substr(e.`id`, 10), ':') - 1) FROM `events` e
    WHERE e.`workspace_id` = `dirty_threads`.`workspace_id` AND e.`thread_id` = `dirty_threads`.`thread_id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%' LIMIT 1
  ) || ':' || `thread_id`
WHERE `thread_id` GLOB '[0-9]*' AND `thread_id` NOT GLOB '*[^0-9]*'
  AND EXISTS (
    SELECT 1 FROM `events` e
    WHERE e.`workspace_id` = `dirty_threads`.`workspace_id` AND e.`thread_id` = `dirty_threads`.`thread_id`
      AND e.`dialect` = 'chatwoot' AND e.`id` LIKE 'chatwoot:%:%'
  );
--> statement-breakpoint
UPDATE `events` SET
  `thread_id` = substr(`id`, 10, instr(substr(`id`, 10), ':') - 1) || ':' || `thread_id`,
  `payload` = CASE
    WHEN json_type(`payload`, '$.conversationId') IS NULL THEN
      json_set(`payload`, '$.threadId', substr(`id`, 10, instr(substr(`id`, 10), ':') - 1) || ':' || json_extract(`payload`, '$.threadId'))
    ELSE json_set(
      `payload`,
      '$.threadId', substr(`id`, 10, instr(substr(`id`, 10), ':') - 1) || ':' || json_extract(`payload`, '$.threadId'),
      '$.conversationId', substr(`id`, 10, instr(substr(`id`, 10), ':') - 1) || ':' || json_extract(`payload`, '$.conversationId')
    )
  END
WHERE `dialect` = 'chatwoot' AND `id` LIKE 'chatwoot:%:%'
  AND `thread_id` GLOB '[0-9]*' AND `thread_id` NOT GLOB '*[^0-9]*';
--> statement-breakpoint
-- Every renamed thread is rebuilt from its events by the deriver (worker/ingest/derive.ts).
INSERT OR IGNORE INTO `dirty_threads` (`workspace_id`, `thread_id`, `seq`, `marked_at`, `min_occurred_at`, `rebuild`, `attempts`, `next_attempt_at`)
  SELECT DISTINCT `workspace_id`, `id`, 1, 0, 0, 1, 0, 0 FROM `threads` WHERE `state` IS NULL AND `id` GLOB '[0-9]*:[0-9]*';
