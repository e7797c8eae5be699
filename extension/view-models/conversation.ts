// The side panel's view of one conversation (product.md §5, agent): every figure with its label
// in the product's words, live values advanced by the time since the server's `now`.
import type { ConversationJson, ConversationResponse } from '../../shared/api';
import { formatDuration, formatNumber, t } from '../i18n';
import { closeSourceLabel, formatWorkspaceDate, formatWorkspaceDateTimeWithZone, openSourceLabel, refLabel, channelLabel } from './labels';
import { advance, waitTone, type WaitTone } from './wait';

export interface DetailRow {
  label: string;
  value: string;
  tone?: WaitTone;
}

export interface ConversationView {
  title: string;
  /** "Open" / "Closed" in words. */
  status: string;
  rows: DetailRow[];
}

/** Who holds the conversation now: the last assignee, "Unassigned" after an unassignment or none. */
export function assigneeLabel(c: Pick<ConversationJson, 'last_assignee' | 'last_assignment_at'>): string {
  return c.last_assignee ? refLabel(c.last_assignee) : t('person.unassigned');
}

export function conversationView(c: ConversationResponse, elapsedMs: number, targetMs: number): ConversationView {
  const open = c.status === 'open';
  const timeOpen = open ? advance(c.time_open_ms, elapsedMs) : null;
  const wait = open ? advance(c.current_wait_ms, elapsedMs) : null;
  const status = open ? t('status.open') : t('status.closed');
  const rows: DetailRow[] = [{ label: t('panel.status'), value: status }];
  rows.push(
    { label: t('panel.openedAt'), value: formatWorkspaceDateTimeWithZone(c.opened_at) },
    { label: t('panel.openedBy'), value: openSourceLabel(c.open_source) },
    // product.md §3: channel "-" when opened by a user.
    { label: t('panel.channel'), value: channelLabel(c.open_channel) },
    { label: t('panel.assignee'), value: assigneeLabel(c) },
  );
  if (open) {
    rows.push(
      { label: t('panel.timeOpen'), value: formatDuration(timeOpen) },
      { label: t('panel.currentWait'), value: formatDuration(wait), tone: waitTone(wait, targetMs) },
    );
  } else {
    rows.push(
      { label: t('panel.closedAt'), value: formatWorkspaceDateTimeWithZone(c.closed_at) },
      { label: t('panel.closedBy'), value: c.closed_by ? refLabel(c.closed_by) : closeSourceLabel(c.closed_source) },
      { label: t('duration.resolution_time_ms'), value: formatDuration(c.resolution_time_ms) },
    );
  }
  if (c.first_response_time_ms !== null) {
    rows.push({
      label: t('duration.first_response_time_ms'),
      value: formatDuration(c.first_response_time_ms),
      tone: waitTone(c.first_response_time_ms, targetMs),
    });
  } else if (open) {
    // Elapsed time since opening while no one has answered yet (product.md §5).
    rows.push({
      label: t('duration.first_response_time_ms'),
      value: t('panel.waitingFirstResponse', { elapsed: formatDuration(timeOpen) }),
      tone: waitTone(timeOpen, targetMs),
    });
    // The countdown to the workspace's first-response target (product.md §6), then how far over.
    const left = timeOpen === null ? null : targetMs - timeOpen;
    if (left !== null) {
      rows.push({
        label: t('panel.target'),
        value: left >= 0 ? t('panel.targetLeft', { time: formatDuration(left) }) : t('panel.targetOver', { time: formatDuration(-left) }),
        tone: waitTone(timeOpen, targetMs),
      });
    }
  } else {
    rows.push({ label: t('duration.first_response_time_ms'), value: '-' });
  }
  rows.push(
    // product.md §2: a carried-over assignee shows "-".
    {
      label: t('duration.time_to_first_assignment_ms'),
      value: c.assignee_carried_over ? '-' : formatDuration(c.time_to_first_assignment_ms),
    },
    { label: t('column.assignments'), value: formatNumber(c.assignments) },
    { label: t('column.incoming_messages'), value: formatNumber(c.incoming_messages) },
    { label: t('column.outgoing_messages'), value: formatNumber(c.outgoing_messages) },
    { label: t('column.responses'), value: formatNumber(c.responses) },
    { label: t('duration.average_response_time_ms'), value: formatDuration(c.average_response_time_ms) },
  );
  return { title: c.contact_name ?? c.contact_id, status, rows };
}

export interface PastConversationView {
  id: string;
  closedOn: string;
  category: string;
  /** null when the conversation was closed without a summary: no line at all, not a lone "-". */
  summary: string | null;
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
      summary: c.summary,
      resolutionTime: formatDuration(c.resolution_time_ms),
    }));
}
