// The CSV export's header row (product.md §4 "List and export"), one table for the worker that
// writes it and the extension that rewrites it in the UI's language for its download.
import { DURATIONS, type DurationField } from './durations';

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

/** product.md §3's durations, in its order: shared/durations.ts's headers. */
export const CSV_DURATION_HEADERS = Object.fromEntries(DURATIONS.map((d) => [d.field, d.csvHeader])) as Record<DurationField, string>;

/** Appended to a duration's header when the export is in business hours. */
export const CSV_BUSINESS_SUFFIX = ' (business hours)';

/** The word the export writes for an assignment that was an unassignment (product.md §3). */
export const CSV_UNASSIGNED = 'Unassigned';
