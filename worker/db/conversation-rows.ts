// Conversation rows ⇄ the model's records and the API's JSON (product.md §3).
import type { ConversationJson } from '../../shared/api';
import {
  conversationDurations,
  type AssignmentRecord,
  liveValues,
  type ConversationDurations,
  type ConversationRecord,
  type DurationMeasure,
  type TimingInputs,
} from '../../shared/conversation';
import type { CloseSource, OpenSource, Ref } from '../../shared/events';
import { DURATIONS, type BusinessDurationKey, type DurationField } from '../../shared/durations';
import type { HoursMode } from '../../shared/report';
import { formatInstant } from '../../shared/time';
import type { ChannelNames } from './channels';
import type { conversations } from './schema';

export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationInsert = typeof conversations.$inferInsert;

/** The durations under the row's business-hours columns (`bh_…`, product.md §6). */
export function businessColumns(values: ConversationDurations): Record<BusinessDurationKey, number | null> {
  return Object.fromEntries(DURATIONS.map((d) => [d.businessKey, values[d.key]])) as Record<BusinessDurationKey, number | null>;
}

/** A row's durations in calendar or business hours, by the API's field. */
function durationFieldsOf(row: ConversationRow, hours: HoursMode): Record<DurationField, number | null> {
  return Object.fromEntries(DURATIONS.map((d) => [d.field, row[hours === 'business' ? d.businessKey : d.key]])) as Record<
    DurationField,
    number | null
  >;
}

/**
 * The row for a conversation, with every duration in calendar and business time.
 * `contactType` is settled afterwards across the contact's conversations (see ingest).
 */
export function toConversationRow(
  workspaceId: string,
  c: ConversationRecord,
  businessMeasure: DurationMeasure,
  contactName: string | null,
): ConversationInsert {
  return {
    workspaceId,
    id: c.id,
    threadId: c.threadId,
    cycle: c.cycle,
    contactId: c.contactId,
    contactName: contactName ?? c.contactName,
    status: c.closedAt === null ? 'open' : 'closed',
    openedAt: c.openedAt,
    openSource: c.openSource,
    openChannelId: c.openChannel?.id ?? null,
    openChannelName: c.openChannel?.name ?? null,
    openChannelType: c.openChannel?.type ?? null,
    closedAt: c.closedAt,
    closedSource: c.closedSource,
    closedById: c.closedBy?.id ?? null,
    closedByName: c.closedBy?.name ?? null,
    closedByTeamId: c.closedByTeam?.id ?? null,
    closedByTeamName: c.closedByTeam?.name ?? null,
    firstAssignmentAt: c.firstAssignment?.at ?? null,
    firstAssigneeId: c.firstAssignment?.assignee?.id ?? null,
    firstAssigneeName: c.firstAssignment?.assignee?.name ?? null,
    lastAssignmentAt: c.lastAssignment?.at ?? null,
    lastAssigneeId: c.lastAssignment?.assignee?.id ?? null,
    lastAssigneeName: c.lastAssignment?.assignee?.name ?? null,
    assigneeCarriedOver: c.assigneeCarriedOver,
    firstResponseAt: c.firstResponse?.at ?? null,
    firstResponseById: c.firstResponse?.by.id ?? null,
    firstResponseByName: c.firstResponse?.by.name ?? null,
    firstResponseByType: c.firstResponse?.by.type ?? null,
    ...conversationDurations(c),
    ...businessColumns(conversationDurations(c, businessMeasure)),
    assignments: c.assignments,
    incomingMessages: c.incomingMessages,
    outgoingMessages: c.outgoingMessages,
    responses: c.responses,
    category: c.category,
    summary: c.summary,
    waitingSince: c.waitingSince,
    lastAssigneeResponseAt: c.lastAssigneeResponseAt,
    botHeldFrom: c.botHeldFrom,
    botReleasedAt: c.botReleasedAt,
    responseWaits: JSON.stringify(c.responseWaits),
    responders: JSON.stringify(c.responders),
    assignmentHistory: JSON.stringify(c.assignmentHistory.map(storedAssignment)),
    lastEventAt: c.lastEventAt,
  };
}

/** An assignment as stored: the assignee without the team it carries (the team is its own field). */
export interface StoredAssignment {
  at: number;
  assignee: Ref | null;
  team: Ref | null;
}

const bareRef = (r: Ref): Ref => (r.name === undefined ? { id: r.id } : { id: r.id, name: r.name });

function storedAssignment(a: AssignmentRecord): StoredAssignment {
  return { at: a.at, assignee: a.assignee ? bareRef(a.assignee) : null, team: a.team ? bareRef(a.team) : null };
}

export function parseAssignmentHistory(row: Pick<ConversationRow, 'assignmentHistory'>): StoredAssignment[] {
  return JSON.parse(row.assignmentHistory) as StoredAssignment[];
}

const ref = (id: string | null, name: string | null) => (id === null ? null : { id, name });

/**
 * The API's conversation object (api.md): timestamps in the workspace's offset, live values as of
 * `now`, the open channel named by the channel directory (shared/channels.ts).
 */
export function conversationJson(row: ConversationRow, tz: string, now: number, channels: ChannelNames): ConversationJson {
  const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms, tz));
  const open = row.status === 'open';
  const live = open
    ? liveValues({ closedAt: null, openedAt: row.openedAt, waitingSince: row.waitingSince }, now)
    : null;
  return {
    conversation_id: row.id,
    thread_id: row.threadId,
    status: row.status,
    contact_id: row.contactId,
    contact_name: row.contactName,
    contact_type: row.contactType,
    opened_at: formatInstant(row.openedAt, tz),
    open_source: row.openSource as OpenSource,
    open_channel:
      row.openChannelId === null
        ? null
        : {
            id: row.openChannelId,
            name: channels.nameOf(row.openChannelId, { name: row.openChannelName, kind: row.openChannelType }),
            type: channels.kindOf(row.openChannelId, row.openChannelType),
          },
    closed_at: iso(row.closedAt),
    closed_source: row.closedSource as CloseSource | null,
    closed_by: ref(row.closedById, row.closedByName),
    closed_by_team: ref(row.closedByTeamId, row.closedByTeamName),
    first_assignment_at: iso(row.firstAssignmentAt),
    first_assignee: ref(row.firstAssigneeId, row.firstAssigneeName),
    last_assignment_at: iso(row.lastAssignmentAt),
    last_assignee: ref(row.lastAssigneeId, row.lastAssigneeName),
    assignee_carried_over: row.assigneeCarriedOver,
    first_response_at: iso(row.firstResponseAt),
    first_response_by:
      row.firstResponseByType === null
        ? null
        : { id: row.firstResponseById ?? row.firstResponseByType, name: row.firstResponseByName, type: row.firstResponseByType },
    ...durationFieldsOf(row, 'calendar'),
    business_hours: durationFieldsOf(row, 'business'),
    assignments: row.assignments,
    incoming_messages: row.incomingMessages,
    outgoing_messages: row.outgoingMessages,
    responses: row.responses,
    category: row.category,
    summary: row.summary,
    waiting_since: live ? iso(live.waitingSince) : null,
    current_wait_ms: live ? live.currentWaitMs : null,
    time_open_ms: live ? live.timeOpenMs : null,
  };
}

/** Enough of the record, rebuilt from a row, to measure its durations again (business hours changed). */
export function timingInputsFromRow(row: ConversationRow): TimingInputs {
  const at = (ms: number | null) => (ms === null ? null : { at: ms });
  return {
    openedAt: row.openedAt,
    closedAt: row.closedAt,
    firstAssignment: at(row.firstAssignmentAt),
    lastAssignment: at(row.lastAssignmentAt),
    assigneeCarriedOver: row.assigneeCarriedOver,
    firstResponse: at(row.firstResponseAt),
    lastAssigneeResponseAt: row.lastAssigneeResponseAt,
    botHeldFrom: row.botHeldFrom,
    botReleasedAt: row.botReleasedAt,
    responseWaits: JSON.parse(row.responseWaits) as Array<[number, number]>,
  };
}
