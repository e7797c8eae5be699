// The HTTP API's response shapes (api.md), as zod schemas so the worker can publish them in
// its OpenAPI document and the extension can type its client with the inferred types
// (`import type` keeps zod out of the extension's bundles).
import { z } from 'zod';
import { BREAKDOWNS, type BreakdownKey } from './breakdowns';
import { CLOSE_SOURCES, DURATION_FIELDS, MAX_THREADS_PER_REQUEST, OPEN_SOURCES, ROLES, type DurationField } from './vocabulary';

export { DURATION_FIELDS, MAX_THREADS_PER_REQUEST, ROLES };
export type { DurationField, Role } from './vocabulary';

/** People, teams and channels appear as `{id, name}` (api.md, list). */
export const refJson = z.object({ id: z.string(), name: z.string().nullable() });
export const channelJson = refJson.extend({ type: z.string().nullable() });
export const senderJson = refJson.extend({ type: z.string() });

/** Every duration of product.md §3, in milliseconds; null when its inputs do not exist. */
const durationsShape = Object.fromEntries(DURATION_FIELDS.map((f) => [f, z.number().int().nullable()])) as {
  [K in DurationField]: z.ZodNullable<z.ZodNumber>;
};
export const durationsJson = z.object(durationsShape);

/** One conversation with every metric of product.md §3 (timestamps ISO 8601 in the workspace's offset). */
export const conversationJson = z.object({
  conversation_id: z.string(),
  thread_id: z.string(),
  status: z.enum(['open', 'closed']),
  contact_id: z.string(),
  contact_name: z.string().nullable(),
  contact_type: z.enum(['new', 'returning']),
  opened_at: z.string(),
  open_source: z.enum(OPEN_SOURCES),
  /** null when opened by a user (shown as "-"). */
  open_channel: channelJson.nullable(),
  closed_at: z.string().nullable(),
  closed_source: z.enum(CLOSE_SOURCES).nullable(),
  closed_by: refJson.nullable(),
  closed_by_team: refJson.nullable(),
  first_assignment_at: z.string().nullable(),
  /** null with `first_assignment_at` set: the first assignment was an unassignment. */
  first_assignee: refJson.nullable(),
  last_assignment_at: z.string().nullable(),
  /** null with `last_assignment_at` set: the last assignment was an unassignment ("Unassigned"). */
  last_assignee: refJson.nullable(),
  /** true when the assignee was carried over from before the open (time to first assignment "-"). */
  assignee_carried_over: z.boolean(),
  first_response_at: z.string().nullable(),
  first_response_by: senderJson.nullable(),
  ...durationsShape,
  /** The same durations counted in the workspace's business hours (product.md §6). */
  business_hours: durationsJson,
  assignments: z.number().int(),
  incoming_messages: z.number().int(),
  outgoing_messages: z.number().int(),
  responses: z.number().int(),
  category: z.string().nullable(),
  summary: z.string().nullable(),
  /** Live values, for open conversations as of `now`; null for closed ones. */
  waiting_since: z.string().nullable(),
  current_wait_ms: z.number().int().nullable(),
  time_open_ms: z.number().int().nullable(),
});
export type ConversationJson = z.infer<typeof conversationJson>;

/** `GET /v1/conversations/{id}` and `GET /v1/threads/{id}/current`. */
export const conversationResponse = conversationJson.extend({ now: z.string() });
export type ConversationResponse = z.infer<typeof conversationResponse>;

/** `GET /v1/threads/current?ids=`: up to MAX_THREADS_PER_REQUEST threads for inbox badges, in the order asked. */
export const threadsCurrentResponse = z.object({
  now: z.string(),
  threads: z.array(z.object({ thread_id: z.string(), conversation: conversationResponse.nullable() })),
});
export type ThreadsCurrentResponse = z.infer<typeof threadsCurrentResponse>;

/** `GET /v1/contacts/{id}/conversations`: newest first, the open one (if any) first. */
export const contactConversationsResponse = z.object({
  contact_id: z.string(),
  now: z.string(),
  conversations: z.array(conversationJson),
});
export type ContactConversationsResponse = z.infer<typeof contactConversationsResponse>;

export const workspaceJson = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  first_response_target_ms: z.number().int().nullable(),
  /** product.md §7 targets: an optional resolution target, in calendar or business hours. */
  resolution_target_ms: z.number().int().nullable(),
  resolution_target_hours: z.enum(['calendar', 'business']),
  categories: z.array(z.string()),
  business_hours: z.unknown().nullable(),
});
export type WorkspaceJson = z.infer<typeof workspaceJson>;

/** `GET /v1/me`. */
export const meResponse = z.object({
  workspace: workspaceJson,
  role: z.enum(ROLES),
  name: z.string(),
  /** The inbox user the token was created for, if any: whose row "my numbers" shows (product.md §7). */
  user_id: z.string().nullable().optional(),
});
export type MeResponse = z.infer<typeof meResponse>;

/** `GET /v1/live`: the live dashboard (product.md §5). */
export const liveResponse = z.object({
  now: z.string(),
  open_now: z.number().int(),
  unassigned_now: z.number().int(),
  waiting_for_first_response_now: z.number().int(),
  longest_current_wait_ms: z.number().int().nullable(),
  longest_wait_conversation_id: z.string().nullable(),
  opened_today: z.number().int(),
  closed_today: z.number().int(),
  first_response_target_ms: z.number().int().nullable(),
});
export type LiveResponse = z.infer<typeof liveResponse>;

/** Error body of every 4xx (api.md). */
export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), path: z.string().optional() }),
});
export type ErrorResponse = z.infer<typeof errorResponse>;

// ---------------------------------------------------------------------------------------------
// Reports (api.md, Reports). Each component is ok with data, or not_applicable / no_data alone.

export const componentStatus = z.enum(['ok', 'not_applicable', 'no_data']);
export type ComponentStatus = z.infer<typeof componentStatus>;

const notOk = z.object({ status: z.enum(['not_applicable', 'no_data']) });

export const summaryComponent = z.union([
  z.object({
    status: z.literal('ok'),
    opened: z.number().int(),
    closed: z.number().int(),
    previous: z.object({ opened: z.number().int(), closed: z.number().int() }),
    series: z.array(z.object({ bucket: z.string(), opened: z.number().int(), closed: z.number().int() })),
  }),
  notOk,
]);

export const heatmapComponent = z.union([
  z.object({
    status: z.literal('ok'),
    /** 7 rows (Monday first) × 24 hours. */
    weekday_hour: z.array(z.array(z.number().int())),
    /** Present for ranges of at most 31 days. */
    date_hour: z.array(z.object({ date: z.string(), hours: z.array(z.number().int()) })).optional(),
  }),
  notOk,
]);

export const breakdownComponent = z.union([
  z.object({
    status: z.literal('ok'),
    total: z.number().int(),
    items: z.array(
      z.object({ key: z.string(), label: z.string().optional(), count: z.number().int(), percent: z.number() }),
    ),
    series: z.array(z.object({ bucket: z.string(), counts: z.record(z.string(), z.number().int()) })),
  }),
  notOk,
]);

export const statJson = z.object({
  avg: z.number().nullable(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
  count: z.number().int(),
  /** product.md §4: present (true) when median and p90 come from histograms (more than 100,000 matches). */
  approximate: z.literal(true).optional(),
});
export type StatJson = z.infer<typeof statJson>;

export const timingsComponent = z.union([
  z
    .object({
      status: z.literal('ok'),
      first_response_buckets: z.array(z.object({ key: z.string(), count: z.number().int() })),
      /** Conversations whose first response missed the workspace's target (product.md §6). */
      first_response_target: z
        .object({ target_ms: z.number().int(), missed: z.number().int(), met: z.number().int() })
        .nullable(),
    })
    .extend(Object.fromEntries(DURATION_FIELDS.map((f) => [f, statJson])) as { [K in DurationField]: typeof statJson }),
  notOk,
]);

const reportRange = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  bucket: z.enum(['hour', 'day']),
  buckets: z.array(z.string()),
});

/** GET /v1/reports/opened-heatmap: the side panel's heatmap alone, from the rollups (product.md §5). */
export const openedHeatmapResponse = z.object({ range: reportRange, opened_heatmap: heatmapComponent });
export type OpenedHeatmapResponse = z.infer<typeof openedHeatmapResponse>;

export const reportResponse = z.object({
  range: z.object({
    from: z.string(),
    to: z.string(),
    tz: z.string(),
    bucket: z.enum(['hour', 'day']),
    buckets: z.array(z.string()),
  }),
  hours: z.enum(['calendar', 'business']),
  components: z.object({
    summary: summaryComponent,
    opened_heatmap: heatmapComponent,
    closed_heatmap: heatmapComponent,
    // Every breakdown of shared/breakdowns.ts.
    ...(Object.fromEntries(BREAKDOWNS.map((b) => [b.key, breakdownComponent])) as { [K in BreakdownKey]: typeof breakdownComponent }),
    timings: timingsComponent,
  }),
  /**
   * What the summary's figures compare with (null when the summary does not apply): the previous
   * period's whole length once the period is over, its same elapsed part while the period is still
   * running (today so far against yesterday until this time), and `earlier_data: false` when the
   * previous period starts before the workspace's first conversation (its figures are partial).
   * `components.summary.previous` stays the whole previous period (api.md).
   */
  comparison: z
    .object({
      opened: z.number().int(),
      closed: z.number().int(),
      basis: z.enum(['whole_period', 'same_elapsed']),
      earlier_data: z.boolean(),
    })
    .nullable()
    .optional(),
});
export type ReportResponse = z.infer<typeof reportResponse>;
export type ReportComponents = ReportResponse['components'];

/** `GET /v1/reports/conversations/list`. */
/** The inboxes whose webhooks a conversation can come from (the dialects of events.md). */
export const LIST_INBOXES = ['native', 'respondio', 'chatwoot'] as const;
export type ListInbox = (typeof LIST_INBOXES)[number];

export const listResponse = z.object({
  rows: z.array(
    conversationJson.extend({
      /**
       * The inbox the conversation came from, so the extension can link the row to it
       * (product.md §8); null when no stored event names it. Always sent; optional for older servers.
       */
      inbox: z.enum(LIST_INBOXES).nullable().optional(),
    }),
  ),
  total: z.number().int(),
  next_cursor: z.string().nullable(),
});
export type ListResponse = z.infer<typeof listResponse>;

/** api.md "Ingest status": how far derivation is behind the stored events. */
export const ingestStatusResponse = z.object({
  pending_threads: z.number().int(),
  oldest_pending_at: z.string().nullable(),
  failed_threads: z.number().int(),
  last_event_at: z.string().nullable(),
});
export type IngestStatusJson = z.infer<typeof ingestStatusResponse>;

// ---------------------------------------------------------------------------------------------
// Team performance (api.md GET /v1/reports/agents, product.md §7).

/** Conversations within / over a target; null when the workspace has none. */
const targetTallyJson = z.object({ met: z.number().int(), missed: z.number().int() }).nullable();

export const agentRowJson = z.object({
  agent: refJson,
  /** The team recorded with the person's latest assignment (or else close) in the period. */
  team: refJson.nullable(),
  /** Conversations the person held, answered or closed: what the list's `agent=` filter lists. */
  involved: z.number().int(),
  assigned: z.number().int(),
  closed: z.number().int(),
  first_responses: z.number().int(),
  responses: z.number().int(),
  unique_contacts: z.number().int(),
  first_response_time_ms: statJson,
  response_time_ms: statJson,
  resolution_time_ms: statJson,
  first_response_target: targetTallyJson,
  resolution_target: targetTallyJson,
});
export type AgentRowJson = z.infer<typeof agentRowJson>;

export const teamRowJson = z.object({
  team: refJson,
  conversations: z.number().int(),
  closed: z.number().int(),
  first_response_time_ms: statJson,
  resolution_time_ms: statJson,
  first_response_target: targetTallyJson,
  resolution_target: targetTallyJson,
});
export type TeamRowJson = z.infer<typeof teamRowJson>;

export const agentsResponse = z.object({
  range: reportResponse.shape.range,
  hours: z.enum(['calendar', 'business']),
  agents: z.array(agentRowJson),
  teams: z.array(teamRowJson),
  /** Conversations nobody was ever assigned. */
  unassigned: z.number().int(),
  automation: z.object({
    /** No human response and no human assignment. */
    bot_only: z.number().int(),
    closed_by_bot: z.number().int(),
    closed_by_workflow: z.number().int(),
  }),
  /** The workspace's targets the tallies count against. */
  targets: z.object({
    first_response_ms: z.number().int().nullable(),
    resolution_ms: z.number().int().nullable(),
    resolution_hours: z.enum(['calendar', 'business']),
  }),
});
export type AgentsResponse = z.infer<typeof agentsResponse>;
