// The CSV export (product.md §4 "List and export"): the whole filtered list, no row cap, streamed.
// Keyset-paged queries feed a pull-based ReadableStream, so memory stays one page whatever the
// row count, and a slow client slows the queries instead of piling rows up in the isolate.
import { getTableColumns, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { HoursMode, ReportFilters } from '../../shared/report';
import { CSV_BUSINESS_SUFFIX, CSV_HEADERS as H, CSV_UNASSIGNED } from '../../shared/csv';
import { DURATIONS } from '../../shared/durations';
import { formatDurationHms } from '../../shared/duration';
import { formatInstant, instantFormatter } from '../../shared/time';
import type { Database } from '../app';
import { ChannelNames } from '../db/channels';
import { EXPORT_PAGE_ROWS, exportPageQuery, exportPageRows } from '../db/conversation-export';
import { parseAssignmentHistory, type ConversationRow } from '../db/conversation-rows';
import { conversations } from '../db/schema';
import type { Span } from '../db/report-filters';
import { listOrderBy, pageWhere, sortColumn, type Keyset, type ListOrder } from '../db/report-list';

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
function assignmentHistoryCell(row: Pick<ConversationRow, 'assignmentHistory'>, formatTime: (ms: number) => string): string {
  return parseAssignmentHistory(row)
    .map((a) => {
      const who = a.assignee === null ? CSV_UNASSIGNED : (a.assignee.name ?? a.assignee.id);
      const team = a.team === null ? '' : ` (${a.team.name ?? a.team.id})`;
      return `${formatTime(a.at)} ${who}${team}`;
    })
    .join('; ');
}

/**
 * Every product.md §3 column; durations as `hh:mm:ss`, timestamps ISO 8601 with the zone's
 * offset, empty where "-". The plain statement of the export's cells over whole rows: the export
 * writes them with csvRowWriter below, and a test holds the two to the same bytes.
 */
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
    { header: H.assignment_history, cell: (r, tz) => assignmentHistoryCell(r, (ms) => formatInstant(ms, tz)) },
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

/** One page of rows as CSV records. */
export function csvPageText(rows: readonly ConversationRow[], columns: readonly CsvColumn[], tz: string): string {
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) text += (i === 0 ? '' : ',') + csvCell(columns[i]!.cell(row, tz));
    text += '\n';
  }
  return text;
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

// ---------------------------------------------------------------------------------------------
// The export's writer: rows read as arrays of only the columns it writes, each cell written by
// what its kind needs (a timestamp or a count never needs quoting), timestamps through one
// instantFormatter per export. Byte-for-byte csvColumns + csvCell (test/worker/reports-csv.test.ts).

type Field = keyof ConversationRow;
type CellWriter = (row: readonly unknown[]) => string;

/** shared/durations.ts's durations, in its order, from the hours' columns. */
const durationFields = (hours: HoursMode): Field[] => DURATIONS.map((d) => (hours === 'business' ? d.businessKey : d.key));

/** The row fields the export reads, in the order its statement selects them. */
export function exportFields(hours: HoursMode): Field[] {
  return [
    ...(['id', 'contactId', 'contactName', 'contactType', 'openedAt', 'openSource', 'openChannelId', 'openChannelName', 'openChannelType'] as const),
    ...(['closedAt', 'closedSource', 'closedById', 'closedByName', 'closedByTeamId', 'closedByTeamName'] as const),
    ...(['firstAssignmentAt', 'firstAssigneeId', 'firstAssigneeName', 'lastAssignmentAt', 'lastAssigneeId', 'lastAssigneeName'] as const),
    ...(['firstResponseAt', 'firstResponseById', 'firstResponseByName', 'firstResponseByType'] as const),
    ...durationFields(hours),
    ...(['assignments', 'assignmentHistory', 'incomingMessages', 'outgoingMessages', 'responses', 'category', 'summary'] as const),
  ];
}

const startsWithDigit = (text: string) => {
  const code = text.charCodeAt(0);
  return code >= 0x30 && code <= 0x39;
};

/** One CSV record (with its line break) per row of `exportFields(hours)` values. */
export function csvRowWriter(hours: HoursMode, tz: string, channels: ChannelNames = ChannelNames.empty): (row: readonly unknown[]) => string {
  const fields = exportFields(hours);
  const at = (field: Field) => fields.indexOf(field);
  const formatTime = instantFormatter(tz);
  const text = (field: Field): CellWriter => {
    const i = at(field);
    return (r) => (r[i] === null ? '' : csvCell(r[i] as string));
  };
  const count = (field: Field): CellWriter => {
    const i = at(field);
    return (r) => String(r[i]);
  };
  const time = (field: Field): CellWriter => {
    const i = at(field);
    return (r) => {
      if (r[i] === null) return '';
      const iso = formatTime(r[i] as number);
      return startsWithDigit(iso) ? iso : csvCell(iso);
    };
  };
  const named = (idField: Field, nameField: Field): CellWriter => {
    const [id, name] = [at(idField), at(nameField)];
    return (r) => (r[id] === null ? '' : csvCell((r[name] ?? r[id]) as string));
  };
  const assignee = (atField: Field, idField: Field, nameField: Field): CellWriter => {
    const [when, id, name] = [at(atField), at(idField), at(nameField)];
    return (r) => (r[when] === null ? '' : r[id] === null ? CSV_UNASSIGNED : csvCell((r[name] ?? r[id]) as string));
  };
  const duration = (field: Field): CellWriter => {
    const i = at(field);
    return (r) => {
      if (r[i] === null) return '';
      const hms = formatDurationHms(r[i] as number);
      return (r[i] as number) < 0 ? csvCell(hms) : hms;
    };
  };
  const [channelId, channelName, channelKind] = [at('openChannelId'), at('openChannelName'), at('openChannelType')];
  const history = at('assignmentHistory');
  const [responderType, responderName, responderId] = [at('firstResponseByType'), at('firstResponseByName'), at('firstResponseById')];
  const cells: CellWriter[] = [
    text('id'),
    text('contactId'),
    text('contactName'),
    text('contactType'),
    time('openedAt'),
    text('openSource'),
    (r) =>
      r[channelId] === null
        ? ''
        : csvCell(channels.nameOf(r[channelId] as string, { name: r[channelName] as string | null, kind: r[channelKind] as string | null })),
    time('closedAt'),
    text('closedSource'),
    named('closedById', 'closedByName'),
    named('closedByTeamId', 'closedByTeamName'),
    time('firstAssignmentAt'),
    assignee('firstAssignmentAt', 'firstAssigneeId', 'firstAssigneeName'),
    time('lastAssignmentAt'),
    assignee('lastAssignmentAt', 'lastAssigneeId', 'lastAssigneeName'),
    time('firstResponseAt'),
    (r) => (r[responderType] === null ? '' : csvCell((r[responderName] ?? r[responderId] ?? r[responderType]) as string)),
    ...durationFields(hours).map(duration),
    count('assignments'),
    (r) => (r[history] === '[]' ? '' : csvCell(assignmentHistoryCell({ assignmentHistory: r[history] as string }, formatTime))),
    count('incomingMessages'),
    count('outgoingMessages'),
    count('responses'),
    text('category'),
    text('summary'),
  ];
  // The cells joined once, not appended one by one: 41 appends a row left as many intermediate
  // strings for the collector (parse, format and encode of a page: ~7 µs a row against ~10).
  const n = cells.length;
  const parts: string[] = new Array(n);
  return (row) => {
    for (let i = 0; i < n; i++) parts[i] = cells[i]!(row);
    return `${parts.join(',')}\n`;
  };
}

const ROW_COLUMNS = getTableColumns(conversations) as Record<Field, SQLiteColumn>;

/** The export's pages as arrays of `exportFields` values (plus the sort value), in the list's order. */
export async function* exportPages(db: Database, request: ExportRequest): AsyncGenerator<unknown[][]> {
  const { order } = request;
  const columns = exportFields(order.hours).map((field) => ROW_COLUMNS[field]);
  const read = (after: Keyset | null, limit: number) => {
    const page = exportPageQuery(db, {
      columns,
      sortColumn: sortColumn(order.sort, order.hours),
      where: pageWhere(request.workspaceId, request.period, request.filters, order, after, request.extra),
      orderBy: listOrderBy(order),
      limit,
    });
    // Handled here too, so a read still in flight when the reader stops is not an unhandled rejection.
    page.catch(() => undefined);
    return page;
  };
  // One read in flight: the next page is asked for as soon as this one arrives, so a D1 that
  // answers from elsewhere reads it while the caller formats and sends this one (under
  // `wrangler dev` D1 runs on the worker's thread: the two take turns). A page ends early on its
  // byte budget, so only an empty page says the list is done.
  let next = read(null, EXPORT_PAGE_ROWS);
  for (;;) {
    const { rows, meanBytes } = await next;
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    next = read({ value: last[last.length - 1] as Keyset['value'], id: last[0] as string }, exportPageRows(meanBytes));
    yield rows;
  }
}

/** The header row, then one chunk per page: each page's records as one string, encoded once. */
export function conversationsCsvStream(db: Database, request: ExportRequest): ReadableStream<Uint8Array> {
  const writeRow = csvRowWriter(request.order.hours, request.tz, request.channels);
  const encoder = new TextEncoder();
  let pages: AsyncGenerator<unknown[][]> | null = null;
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        if (pages === null) {
          pages = exportPages(db, request);
          controller.enqueue(encoder.encode(csvText([csvColumns(request.order.hours).map((col) => col.header)])));
          return;
        }
        const page = await pages.next();
        if (page.done) {
          controller.close();
          return;
        }
        let text = '';
        for (const row of page.value) text += writeRow(row);
        controller.enqueue(encoder.encode(text));
      },
      cancel: async () => {
        await pages?.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
