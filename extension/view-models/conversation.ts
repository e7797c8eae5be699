// The side panel's view of one conversation (product.md §5, agent): every figure with its label
// in the product's words, live values advanced by the time since the server's `now`.
import type { ConversationJson, ConversationResponse } from '../../shared/api';
import { formatDuration } from '../../shared/duration';
import { closeSourceLabel, formatWorkspaceDate, formatWorkspaceDateTime, openSourceLabel, refLabel, channelLabel } from './labels';
import { advance, waitTone, type WaitTone } from './wait';

export interface DetailRow {
  label: string;
  value: string;
  tone?: WaitTone;
}

export interface ConversationView {
  title: string;
  status: 'Open' | 'Closed';
  rows: DetailRow[];
}

/** Who holds the conversation now: the last assignee, "Unassigned" after an unassignment or none. */
export function assigneeLabel(c: Pick<ConversationJson, 'last_assignee' | 'last_assignment_at'>): string {
  return c.last_assignee ? refLabel(c.last_assignee) : 'Unassigned';
}

export function conversationView(c: ConversationResponse, elapsedMs: number, targetMs: number): ConversationView {
  const open = c.status === 'open';
  const timeOpen = open ? advance(c.time_open_ms, elapsedMs) : null;
  const wait = open ? advance(c.current_wait_ms, elapsedMs) : null;
  const rows: DetailRow[] = [{ label: 'Status', value: open ? 'Open' : 'Closed' }];
  rows.push(
    { label: 'Opened at', value: formatWorkspaceDateTime(c.opened_at) },
    { label: 'Opened by', value: openSourceLabel(c.open_source) },
    // product.md §3: channel "-" when opened by a user.
    { label: 'Channel', value: channelLabel(c.open_channel) },
    { label: 'Assignee', value: assigneeLabel(c) },
  );
  if (open) {
    rows.push(
      { label: 'Time open', value: formatDuration(timeOpen) },
      { label: 'Current wait', value: formatDuration(wait), tone: waitTone(wait, targetMs) },
    );
  } else {
    rows.push(
      { label: 'Closed at', value: formatWorkspaceDateTime(c.closed_at) },
      { label: 'Closed by', value: c.closed_by ? refLabel(c.closed_by) : closeSourceLabel(c.closed_source) },
      { label: 'Resolution time', value: formatDuration(c.resolution_time_ms) },
    );
  }
  if (c.first_response_time_ms !== null) {
    rows.push({
      label: 'First response time',
      value: formatDuration(c.first_response_time_ms),
      tone: waitTone(c.first_response_time_ms, targetMs),
    });
  } else if (open) {
    // Elapsed time since opening while no one has answered yet (product.md §5).
    rows.push({
      label: 'First response time',
      value: `Waiting for first response · ${formatDuration(timeOpen)}`,
      tone: waitTone(timeOpen, targetMs),
    });
  } else {
    rows.push({ label: 'First response time', value: '-' });
  }
  rows.push(
    // product.md §2: a carried-over assignee shows "-".
    {
      label: 'Time to first assignment',
      value: c.assignee_carried_over ? '-' : formatDuration(c.time_to_first_assignment_ms),
    },
    { label: 'Assignments', value: String(c.assignments) },
    { label: 'Incoming messages', value: String(c.incoming_messages) },
    { label: 'Outgoing messages', value: String(c.outgoing_messages) },
    { label: 'Responses', value: String(c.responses) },
    { label: 'Average response time', value: formatDuration(c.average_response_time_ms) },
  );
  return { title: c.contact_name ?? c.contact_id, status: open ? 'Open' : 'Closed', rows };
}

export interface PastConversationView {
  id: string;
  closedOn: string;
  category: string;
  summary: string;
  resolutionTime: string;
}

/** The contact's closed conversations other than the one shown, newest first (as the API sends them). */
export function pastConversations(all: readonly ConversationJson[], currentId: string | null): PastConversationView[] {
  return all
    .filter((c) => c.status === 'closed' && c.conversation_id !== currentId)
    .map((c) => ({
      id: c.conversation_id,
      closedOn: formatWorkspaceDate(c.closed_at),
      category: c.category ?? '-',
      summary: c.summary ?? '-',
      resolutionTime: formatDuration(c.resolution_time_ms),
    }));
}
