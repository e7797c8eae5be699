// The CSV export (product.md §4 "List and export"): the whole filtered list, no row cap, streamed.
// Keyset-paged queries feed a pull-based ReadableStream, so memory stays one page whatever the
// row count, and a slow client slows the queries instead of piling rows up in the isolate.
import type { SQL } from 'drizzle-orm';
import type { HoursMode, ReportFilters } from '../../shared/report';
import { CSV_BUSINESS_SUFFIX, CSV_HEADERS as H, CSV_UNASSIGNED } from '../../shared/csv';
import { DURATIONS } from '../../shared/durations';
import { formatDurationHms } from '../../shared/duration';
import { formatInstant } from '../../shared/time';
import type { Database } from '../app';
import { ChannelNames } from '../db/channels';
import { parseAssignmentHistory, type ConversationRow } from '../db/conversation-rows';
import type { Span } from './filters';
import { listPageQuery, sortValueOf, type Keyset, type ListOrder } from './list';

/** Rows per query. NOTE: a summary may hold 20,000 characters; 500 rows keep a page well within a few MB. */
export const EXPORT_PAGE_ROWS = 500;

type Cell = string | number;
interface CsvColumn {
  header: string;
  cell: (row: ConversationRow, tz: string) => Cell;
}

const time = (ms: number | null, tz: string): string => (ms === null ? '' : formatInstant(ms, tz));
/** People, teams and channels by name (their id when the source gave no name). */
const named = (id: string | null, name: string | null): string => (id === null ? '' : (name ?? id));
/** product.md §3: "Unassigned" when the assignment was an unassignment. */
const assignee = (at: number | null, id: string | null, name: string | null): string =>
  at === null ? '' : id === null ? CSV_UNASSIGNED : (name ?? id);

/**
 * Every assignment in one cell (product.md §7): "<ISO time> <assignee> (<team>)", separated by
 * "; ", an unassignment as "Unassigned".
 */
function assignmentHistoryCell(row: ConversationRow, tz: string): string {
  return parseAssignmentHistory(row)
    .map((a) => {
      const who = a.assignee === null ? CSV_UNASSIGNED : (a.assignee.name ?? a.assignee.id);
      const team = a.team === null ? '' : ` (${a.team.name ?? a.team.id})`;
      return `${formatInstant(a.at, tz)} ${who}${team}`;
    })
    .join('; ');
}

/** Every product.md §3 column; durations as `hh:mm:ss`, timestamps ISO 8601 with the zone's offset, empty where "-". */
export function csvColumns(hours: HoursMode, channels: ChannelNames = ChannelNames.empty): CsvColumn[] {
  return [
    { header: H.conversation_id, cell: (r) => r.id },
    { header: H.contact_id, cell: (r) => r.contactId },
    { header: H.contact_name, cell: (r) => r.contactName ?? '' },
    { header: H.contact_type, cell: (r) => r.contactType },
    { header: H.opened_at, cell: (r, tz) => time(r.openedAt, tz) },
    { header: H.open_source, cell: (r) => r.openSource },
    { header: H.open_channel, cell: (r) => (r.openChannelId === null ? '' : channels.nameOf(r.openChannelId, { name: r.openChannelName, kind: r.openChannelType })) },
    { header: H.closed_at, cell: (r, tz) => time(r.closedAt, tz) },
    { header: H.closed_source, cell: (r) => r.closedSource ?? '' },
    { header: H.closed_by, cell: (r) => named(r.closedById, r.closedByName) },
    { header: H.closed_by_team, cell: (r) => named(r.closedByTeamId, r.closedByTeamName) },
    { header: H.first_assignment_at, cell: (r, tz) => time(r.firstAssignmentAt, tz) },
    { header: H.first_assignee, cell: (r) => assignee(r.firstAssignmentAt, r.firstAssigneeId, r.firstAssigneeName) },
    { header: H.last_assignment_at, cell: (r, tz) => time(r.lastAssignmentAt, tz) },
    { header: H.last_assignee, cell: (r) => assignee(r.lastAssignmentAt, r.lastAssigneeId, r.lastAssigneeName) },
    { header: H.first_response_at, cell: (r, tz) => time(r.firstResponseAt, tz) },
    {
      header: H.first_response_by,
      cell: (r) => (r.firstResponseByType === null ? '' : (r.firstResponseByName ?? r.firstResponseById ?? r.firstResponseByType)),
    },
    // Every duration of shared/durations.ts, in its order, from the hours' column.
    ...DURATIONS.map((d) => {
      const key = hours === 'business' ? d.businessKey : d.key;
      return {
        header: hours === 'business' ? `${d.csvHeader}${CSV_BUSINESS_SUFFIX}` : d.csvHeader,
        cell: (row: ConversationRow) => formatDurationHms(row[key]),
      };
    }),
    { header: H.assignments, cell: (r) => r.assignments },
    { header: H.assignment_history, cell: (r, tz) => assignmentHistoryCell(r, tz) },
    { header: H.incoming_messages, cell: (r) => r.incomingMessages },
    { header: H.outgoing_messages, cell: (r) => r.outgoingMessages },
    { header: H.responses, cell: (r) => r.responses },
    { header: H.category, cell: (r) => r.category ?? '' },
    { header: H.summary, cell: (r) => r.summary ?? '' },
  ];
}

// CSV written directly (RFC 4180, "\n" between records), a page at a time: a general-purpose
// stringifier's per-record option handling cost more than the queries at a million rows.
// The output is byte-for-byte csv-stringify's with `escape_formulas` (a test compares them).

/** Cells that need quoting: a quote, the delimiter or a line break. */
const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One cell. product.md §4: a text cell starting with = + - @ (or tab, CR, or their full-width
 * forms, which Apple Numbers reads as formulas) gets a leading ' against formula injection;
 * numbers are never escaped (a negative count is a number, not a formula).
 */
export function csvCell(cell: Cell): string {
  if (typeof cell === 'number') return String(cell);
  if (cell === '') return '';
  let value = cell;
  switch (value.charCodeAt(0)) {
    case 0x3d: // =
    case 0x2b: // +
    case 0x2d: // -
    case 0x40: // @
    case 0x09: // tab
    case 0x0d: // CR
    case 0xff1d:
    case 0xff0b:
    case 0xff0d:
    case 0xff20:
      value = `'${value}`;
  }
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** CSV text of some records, each ending in a line break. */
export function csvText(records: readonly Cell[][]): string {
  let out = '';
  for (const record of records) {
    for (let i = 0; i < record.length; i++) out += i === 0 ? csvCell(record[i]!) : `,${csvCell(record[i]!)}`;
    out += '\n';
  }
  return out;
}

export function exportFilename(period: { from: string; to: string }): string {
  return `conversations-${period.from}-${period.to}.csv`;
}

export interface ExportRequest {
  workspaceId: string;
  period: Span;
  filters: ReportFilters;
  order: ListOrder;
  tz: string;
  /** More conditions, e.g. the `missed_target` filter (reports/targets.ts). */
  extra?: SQL;
  /** The channel directory: the CSV names channels as every view does. */
  channels?: ChannelNames;
}

/** The header row, then one page of rows per pull until a short page says the list is done. */
export function conversationsCsvStream(db: Database, request: ExportRequest): ReadableStream<Uint8Array> {
  const columns = csvColumns(request.order.hours, request.channels);
  const encoder = new TextEncoder();
  let after: Keyset | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(encoder.encode(csvText([columns.map((col) => col.header)])));
          return;
        }
        const rows = await listPageQuery(db, request.workspaceId, request.period, request.filters, request.order, after, EXPORT_PAGE_ROWS, request.extra);
        if (rows.length > 0) {
          let text = '';
          for (const row of rows) {
            for (let i = 0; i < columns.length; i++) text += (i === 0 ? '' : ',') + csvCell(columns[i]!.cell(row, request.tz));
            text += '\n';
          }
          controller.enqueue(encoder.encode(text));
          const last = rows[rows.length - 1]!;
          after = { value: sortValueOf(last, request.order), id: last.id };
        }
        if (rows.length < EXPORT_PAGE_ROWS) controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}
