// D1 schema. Every accepted delivery and event is kept (raw and canonical) so conversations can
// be recomputed after a model fix; `conversations` holds every product.md §3 metric as a column,
// which is what reports scan. Times are epoch milliseconds (index-friendly integers).
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, type SQLiteIntegerBuilderInitial } from 'drizzle-orm/sqlite-core';
import { DURATIONS, type Duration } from '../../shared/durations';

export const workspaces = sqliteTable('workspaces', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  createdAt: integer('created_at').notNull(),
  /** Earliest instant the workspace knows of: a contact created before it is "returning". */
  historyStartedAt: integer('history_started_at').notNull(),
  firstResponseTargetMs: integer('first_response_target_ms'),
  /** product.md §7 targets: an optional resolution target, measured in calendar or business hours. */
  resolutionTargetMs: integer('resolution_target_ms'),
  resolutionTargetHours: text('resolution_target_hours', { enum: ['calendar', 'business'] })
    .notNull()
    .default('calendar'),
  /** JSON string[]: the workspace's closing-note categories. */
  categories: text('categories').notNull().default('[]'),
  /** JSON BusinessHours, or null when none is configured. */
  businessHours: text('business_hours'),
  /**
   * The history start the derived contact types last reflected; when the store moves
   * `historyStartedAt`, derivation re-settles the contacts in between (product.md §2).
   */
  derivedHistoryStartedAt: integer('derived_history_started_at'),
  /** Latest occurred_at of any stored event (api.md "Ingest status"). */
  lastEventAt: integer('last_event_at'),
  /** Days raw webhook bodies are kept in R2; canonical events stay for good. */
  rawRetentionDays: integer('raw_retention_days').notNull().default(30),
});

export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    /** SHA-256 hex of the token; the token itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    role: text('role', { enum: ['agent', 'manager', 'owner'] }).notNull(),
    name: text('name').notNull(),
    userId: text('user_id'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('api_tokens_workspace').on(t.workspaceId)],
);

export const webhookSecrets = sqliteTable(
  'webhook_secrets',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    dialect: text('dialect', { enum: ['native', 'respondio', 'chatwoot'] }).notNull(),
    /** HMAC keys must be usable, so secrets are kept as given (D1 encrypts at rest). */
    secret: text('secret').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('webhook_secrets_workspace_dialect').on(t.workspaceId, t.dialect)],
);

/**
 * URL tokens for senders that cannot sign (events.md §2 "Unsigned senders"): a delivery to
 * `/v1/webhooks/{ws}/{dialect}/{token}` needs no signature. Only the token's SHA-256 is kept;
 * revoking deletes the row, so the token stops working at once.
 */
export const urlTokens = sqliteTable(
  'url_tokens',
  {
    id: text('id').primaryKey(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id),
    dialect: text('dialect', { enum: ['native', 'respondio', 'chatwoot'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('url_tokens_workspace_dialect').on(t.workspaceId, t.dialect)],
);

/** One row per accepted webhook request, keyed for idempotency; its raw bytes are in R2 (`rawKept`). */
export const deliveries = sqliteTable(
  'deliveries',
  {
    workspaceId: text('workspace_id').notNull(),
    dialect: text('dialect').notNull(),
    deliveryId: text('delivery_id').notNull(),
    /** SHA-256 of the body: a delivery id reused for other content is kept as its own delivery. */
    bodyHash: text('body_hash').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** Only deliveries stored before raw bodies moved to R2 keep them here. */
    rawBody: text('raw_body'),
    /** The body is in R2 under the key worker/ingest/raw.ts derives from this row; false once retention removed it. */
    rawKept: integer('raw_kept', { mode: 'boolean' }).notNull().default(false),
    eventCount: integer('event_count').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.dialect, t.deliveryId, t.bodyHash] }),
    index('deliveries_raw_age').on(t.receivedAt).where(sql`raw_kept = 1`),
    index('deliveries_workspace_received').on(t.workspaceId, t.receivedAt),
  ],
);

/** Canonical events (shared/events.ts), keyed by event id for idempotency. */
export const events = sqliteTable(
  'events',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    occurredAt: integer('occurred_at').notNull(),
    /** The thread and contact as the event arrived; merges re-home them when a thread is derived. */
    threadId: text('thread_id').notNull(),
    contactId: text('contact_id').notNull(),
    /** For contact.merged: the contact merged away, whose open conversation the merge closes. */
    secondaryContactId: text('secondary_contact_id'),
    dialect: text('dialect').notNull(),
    deliveryId: text('delivery_id').notNull(),
    receivedAt: integer('received_at').notNull(),
    /** The canonical event as JSON, as the source stated it. */
    payload: text('payload').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('events_thread').on(t.workspaceId, t.threadId, t.occurredAt),
    index('events_contact').on(t.workspaceId, t.contactId, t.occurredAt),
    index('events_merge_secondary').on(t.workspaceId, t.secondaryContactId),
  ],
);

export const contacts = sqliteTable(
  'contacts',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name'),
    /** When the source says it created the contact. */
    sourceCreatedAt: integer('source_created_at'),
    /** occurred_at of the event that last set the name: a late, older rename must not win. */
    nameSetAt: integer('name_set_at'),
    /** Id of that event: two renames at the same instant are ordered by event id. */
    nameEventId: text('name_event_id'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * The channel directory (shared/channels.ts): one display name per channel of a workspace, learned
 * from every event that names the channel and written in the store's batch; every view reads
 * channel names from here (worker/db/channels.ts), never from the conversation rows.
 */
export const channels = sqliteTable(
  'channels',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    name: text('name'),
    /** occurred_at and id of the event that gave the name: a late, older payload never renames. */
    nameAt: integer('name_at'),
    nameEventId: text('name_event_id'),
    /** The source's kind of channel (`web_widget`, `whatsapp`), latest likewise. */
    kind: text('kind'),
    kindAt: integer('kind_at'),
    kindEventId: text('kind_event_id'),
    dialect: text('dialect').notNull(),
    firstSeenAt: integer('first_seen_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const contactMerges = sqliteTable(
  'contact_merges',
  {
    workspaceId: text('workspace_id').notNull(),
    secondaryId: text('secondary_id').notNull(),
    primaryId: text('primary_id').notNull(),
    mergedAt: integer('merged_at').notNull(),
    /** The contact.merged event's id: its place among same-instant events of a thread. */
    eventId: text('event_id').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.secondaryId] })],
);

/** The model's state after the thread's last applied event (shared/conversation.ts ThreadState). */
export const threads = sqliteTable(
  'threads',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    contactId: text('contact_id'),
    /** null until derived; JSON ThreadState otherwise. */
    state: text('state'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * Threads whose stored events are not all reflected in their conversations yet: written in the
 * same batch as the events, deleted by the derivation that covered them (worker/ingest/derive.ts).
 */
export const dirtyThreads = sqliteTable(
  'dirty_threads',
  {
    workspaceId: text('workspace_id').notNull(),
    /** The thread as events arrived on it (before merge re-homing). */
    threadId: text('thread_id').notNull(),
    /** Bumped by every store that marks the thread: a derivation deletes only the mark it read. */
    seq: integer('seq').notNull().default(1),
    /** When the thread was first marked since its last derivation. */
    markedAt: integer('marked_at').notNull(),
    /** Earliest occurred_at stored since the last derivation: later than the state's last event ⇒ incremental. */
    minOccurredAt: integer('min_occurred_at').notNull(),
    /** Set when the thread must be rebuilt from every event (a merge touched its contacts). */
    rebuild: integer('rebuild', { mode: 'boolean' }).notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.threadId] }),
    index('dirty_threads_due').on(t.workspaceId, t.nextAttemptAt),
    index('dirty_threads_sweep').on(t.nextAttemptAt),
  ],
);

/**
 * The §3 durations in calendar ms, and the same in business-hours ms (`bh_`, product.md §6): one
 * integer column of each per entry of shared/durations.ts, named as the entry says.
 */
const durationColumns = {
  ...(Object.fromEntries(DURATIONS.map((d) => [d.key, integer(d.column)])) as {
    [D in Duration as D['key']]: SQLiteIntegerBuilderInitial<D['column']>;
  }),
  ...(Object.fromEntries(DURATIONS.map((d) => [d.businessKey, integer(d.businessColumn)])) as {
    [D in Duration as D['businessKey']]: SQLiteIntegerBuilderInitial<D['businessColumn']>;
  }),
};

/** Derived conversations: one row per open→closed cycle, every §3 metric a column. */
export const conversations = sqliteTable(
  'conversations',
  {
    workspaceId: text('workspace_id').notNull(),
    id: text('id').notNull(),
    threadId: text('thread_id').notNull(),
    cycle: integer('cycle').notNull(),
    contactId: text('contact_id').notNull(),
    contactName: text('contact_name'),
    contactType: text('contact_type', { enum: ['new', 'returning'] })
      .notNull()
      .default('new'),
    status: text('status', { enum: ['open', 'closed'] }).notNull(),
    openedAt: integer('opened_at').notNull(),
    openSource: text('open_source').notNull(),
    openChannelId: text('open_channel_id'),
    openChannelName: text('open_channel_name'),
    openChannelType: text('open_channel_type'),
    closedAt: integer('closed_at'),
    closedSource: text('closed_source'),
    closedById: text('closed_by_id'),
    closedByName: text('closed_by_name'),
    closedByTeamId: text('closed_by_team_id'),
    closedByTeamName: text('closed_by_team_name'),
    firstAssignmentAt: integer('first_assignment_at'),
    firstAssigneeId: text('first_assignee_id'),
    firstAssigneeName: text('first_assignee_name'),
    lastAssignmentAt: integer('last_assignment_at'),
    lastAssigneeId: text('last_assignee_id'),
    lastAssigneeName: text('last_assignee_name'),
    assigneeCarriedOver: integer('assignee_carried_over', { mode: 'boolean' }).notNull(),
    firstResponseAt: integer('first_response_at'),
    firstResponseById: text('first_response_by_id'),
    firstResponseByName: text('first_response_by_name'),
    firstResponseByType: text('first_response_by_type'),
    ...durationColumns,
    assignments: integer('assignments').notNull(),
    incomingMessages: integer('incoming_messages').notNull(),
    outgoingMessages: integer('outgoing_messages').notNull(),
    responses: integer('responses').notNull(),
    category: text('category'),
    summary: text('summary'),
    waitingSince: integer('waiting_since'),
    /** Kept so business-hours durations can be recomputed from the row when the schedule changes. */
    lastAssigneeResponseAt: integer('last_assignee_response_at'),
    /** Kept, like the response waits, so bot time can be measured again in new business hours. */
    botHeldFrom: integer('bot_held_from'),
    botReleasedAt: integer('bot_released_at'),
    /** JSON [[waitStart, responseAt], …] of every response. */
    responseWaits: text('response_waits').notNull().default('[]'),
    /** JSON [{id, name?} | null, …]: who sent each response, parallel to response_waits (product.md §7). */
    responders: text('responders').notNull().default('[]'),
    /** JSON [{at, assignee: {id, name?} | null, team: {id, name?} | null}, …]: every assignment, in order. */
    assignmentHistory: text('assignment_history').notNull().default('[]'),
    lastEventAt: integer('last_event_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // The narrowest closed_at index: plain counts and the list's pages read the fewest pages through it.
    index('conversations_closed').on(t.workspaceId, t.closedAt),
    index('conversations_contact').on(t.workspaceId, t.contactId, t.openedAt),
    index('conversations_thread').on(t.workspaceId, t.threadId, t.cycle),
    index('conversations_open').on(t.workspaceId, t.status).where(sql`status = 'open'`),
    // Covering indexes of the report (issue: reading table rows made its SQL 14–22× a scan).
    // Counts and breakdowns by the rollup keys, per side, without touching the table (the opened
    // one replaces the plain (workspace_id, opened_at) index):
    index('conversations_opened_keys').on(t.workspaceId, t.openedAt, t.contactType, t.openSource, t.openChannelId, t.openChannelName),
    index('conversations_closed_keys').on(t.workspaceId, t.closedAt, t.contactType, t.openSource, t.openChannelId, t.closedSource, t.category),
    // Timings: every duration of one hours mode, read in closed_at order.
    index('conversations_closed_durations').on(t.workspaceId, t.closedAt, ...DURATIONS.map((d) => t[d.key])),
    index('conversations_closed_bh_durations').on(t.workspaceId, t.closedAt, ...DURATIONS.map((d) => t[d.businessKey])),
    // Filters outside the rollup keys (people, teams): the person's own closes, in closed_at order.
    index('conversations_first_assignee').on(t.workspaceId, t.firstAssigneeId, t.closedAt),
    index('conversations_last_assignee').on(t.workspaceId, t.lastAssigneeId, t.closedAt),
    index('conversations_closed_by').on(t.workspaceId, t.closedById, t.closedAt),
    index('conversations_closed_by_team').on(t.workspaceId, t.closedByTeamId, t.closedAt),
  ],
);

/**
 * Report rollups (shared/rollups.ts): conversations opened / closed per UTC quarter-hour and the
 * report's grouping properties ('' where a property is missing). Maintained in the same batch as
 * the conversation rows they count (worker/db/rollups.ts); `npm run recompute` rebuilds them.
 */
export const reportRollups = sqliteTable(
  'report_rollups',
  {
    workspaceId: text('workspace_id').notNull(),
    side: text('side', { enum: ['opened', 'closed'] }).notNull(),
    quarter: integer('quarter').notNull(),
    contactType: text('contact_type').notNull(),
    openSource: text('open_source').notNull(),
    openChannelId: text('open_channel_id').notNull(),
    closedSource: text('closed_source').notNull(),
    category: text('category').notNull(),
    conversations: integer('conversations').notNull(),
    openChannelName: text('open_channel_name'),
  },
  (t) => [
    primaryKey({
      columns: [t.workspaceId, t.side, t.quarter, t.contactType, t.openSource, t.openChannelId, t.closedSource, t.category],
    }),
  ],
);

/**
 * Duration rollups (shared/rollups.ts): per workspace, hours mode, UTC quarter-hour or UTC day of
 * the close, and metric (a §3 duration, or the first-response buckets), the exact count and sum
 * of the values and their log-bucket histogram packed as one JSON object {bucket: count}: a
 * 30-day report merges ~30 day rows and ≤ 190 quarter rows a metric (docs/performance.md).
 */
export const reportDurationRollups = sqliteTable(
  'report_duration_rollups',
  {
    workspaceId: text('workspace_id').notNull(),
    hours: text('hours', { enum: ['calendar', 'business'] }).notNull(),
    grain: text('grain', { enum: ['quarter', 'day'] }).notNull(),
    cell: integer('cell').notNull(),
    metric: text('metric').notNull(),
    count: integer('count').notNull(),
    sum: integer('sum').notNull(),
    buckets: text('buckets').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.hours, t.grain, t.cell, t.metric] })],
);

/**
 * Breakdown rollups (shared/rollups.ts dimensionChanges): report_rollups' counts projected on one
 * breakdown's property at a time, per workspace and UTC quarter-hour, hour and day (`grain`,
 * `cell` = floor(instant / GRAIN_MS[grain]), as report_duration_rollups); what an unfiltered
 * report reads, each bucket from the coarsest cells inside it (shared/rollups.ts cellRanges).
 * A plain table: drizzle-kit 0.31 cannot declare WITHOUT ROWID.
 */
export const reportBreakdownRollups = sqliteTable(
  'report_breakdown_rollups',
  {
    workspaceId: text('workspace_id').notNull(),
    dimension: text('dimension').notNull(),
    grain: text('grain', { enum: ['quarter', 'hour', 'day'] }).notNull(),
    cell: integer('cell').notNull(),
    propertyValue: text('property_value').notNull(),
    conversations: integer('conversations').notNull(),
    openChannelName: text('open_channel_name'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.dimension, t.grain, t.cell, t.propertyValue] })],
);

/**
 * The value index of closed conversations' durations (shared/duration-values.ts): per workspace,
 * hours mode and duration (small integer codes), each value and the quarter-hour of its close,
 * with how many conversations have it. The exact medians and p90 read the few values of the
 * histogram buckets that hold their ranks by index range (worker/db/duration-values.ts).
 * NOTE: created WITHOUT ROWID by its migration (the key is the table; drizzle cannot say so), so
 * a migration that rebuilds this table must keep that clause.
 */
export const reportDurationValues = sqliteTable(
  'report_duration_values',
  {
    workspaceId: text('workspace_id').notNull(),
    hours: integer('hours').notNull(),
    metric: integer('metric').notNull(),
    value: integer('value').notNull(),
    quarter: integer('quarter').notNull(),
    conversations: integer('conversations').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.hours, t.metric, t.value, t.quarter] })],
);
