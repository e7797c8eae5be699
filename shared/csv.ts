// The CSV export's header row (product.md §4 "List and export"), one table for the worker that
// writes it and the extension that rewrites it in the UI's language for its download.
import type { DurationField } from './vocabulary';

/** Column key → header, in the export's order around the durations. */
export const CSV_HEADERS = {
  conversation_id: 'Conversation ID',
  contact_id: 'Contact ID',
  contact_name: 'Contact name',
  contact_type: 'Contact type',
  opened_at: 'Opened at',
  open_source: 'Open source',
  open_channel: 'Open channel',
  closed_at: 'Closed at',
  closed_source: 'Closed source',
  closed_by: 'Closed by',
  closed_by_team: 'Closed by team',
  first_assignment_at: 'First assignment at',
  first_assignee: 'First assignee',
  last_assignment_at: 'Last assignment at',
  last_assignee: 'Last assignee',
  first_response_at: 'First response at',
  first_response_by: 'First response by',
  assignments: 'Assignments',
  assignment_history: 'Assignment history',
  incoming_messages: 'Incoming messages',
  outgoing_messages: 'Outgoing messages',
  responses: 'Responses',
  category: 'Category',
  summary: 'Summary',
} as const;
export type CsvColumnKey = keyof typeof CSV_HEADERS;

/** product.md §3's durations, in its order. */
export const CSV_DURATION_HEADERS: Record<DurationField, string> = {
  time_to_first_assignment_ms: 'Time to first assignment',
  first_response_time_ms: 'First response time',
  first_assignment_to_first_response_ms: 'First assignment to first response',
  last_assignment_to_response_ms: 'Last assignment to response',
  resolution_time_ms: 'Resolution time',
  first_assignment_to_close_ms: 'First assignment to close',
  last_assignment_to_close_ms: 'Last assignment to close',
  average_response_time_ms: 'Average response time',
  bot_time_ms: 'Bot time',
};

/** Appended to a duration's header when the export is in business hours. */
export const CSV_BUSINESS_SUFFIX = ' (business hours)';

/** The word the export writes for an assignment that was an unassignment (product.md §3). */
export const CSV_UNASSIGNED = 'Unassigned';
