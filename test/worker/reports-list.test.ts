// The conversation list and the CSV export (product.md §4 "List and export", api.md): cursor
// pages that cover every row exactly once under any sort column (ties and nulls included), and
// an export of the whole filtered list with no row cap, readable and safe to open in a spreadsheet.
import { describe, expect, it } from 'vitest';
import { get } from './helpers';
import { insertConversations, parseCsv, reportWorkspace, type BulkRow } from './reports-helpers';

const utc = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const PERIOD = 'from=2026-11-19&to=2026-11-20';
const NAMES = ['Ana', 'bea', 'Ana', 'Zoe', 'ana'];

/** 57 conversations closed in the period, with ties and nulls in every sortable kind of column. */
function pagingRows(): BulkRow[] {
  const rows: BulkRow[] = [];
  for (let i = 0; i < 57; i++) {
    const openedAt = utc('2026-11-19T06:00:00Z') + i * 7 * MIN;
    const frt = i % 4 === 0 ? null : ((i * 37) % 10) * 1000;
    rows.push({
      id: `p-${String(i).padStart(2, '0')}`,
      openedAt,
      closedAt: utc('2026-11-19T12:00:00Z') + Math.floor(i / 3) * 60 * MIN, // three closes per instant
      firstResponseTimeMs: frt,
      bhFirstResponseTimeMs: frt === null ? null : 10_000 - frt, // business hours sort the other way
      contactName: i % 5 === 0 ? null : NAMES[i % NAMES.length]!,
      category: i % 3 === 0 ? null : i % 2 === 0 ? 'Billing' : 'Shipping',
      assignments: i % 4,
      lastAssignmentAt: null,
    });
  }
  return rows;
}

/** Not in the list: still open, or closed outside the period. */
const OUTSIDERS: BulkRow[] = [
  { id: 'open-1', openedAt: utc('2026-11-19T15:00:00Z'), closedAt: null },
  { id: 'before', openedAt: utc('2026-11-17T15:00:00Z'), closedAt: utc('2026-11-18T15:00:00Z') },
  { id: 'after', openedAt: utc('2026-11-19T15:00:00Z'), closedAt: utc('2026-11-22T15:00:00Z') },
];

type Value = string | number | null;
/**
 * The order the list promises: by value (nulls last in both directions; names and categories
 * case-insensitively), then id, in the same direction.
 */
function expectedOrder(rows: BulkRow[], value: (r: BulkRow) => Value, order: 'asc' | 'desc'): string[] {
  const dir = order === 'asc' ? 1 : -1;
  const fold = (v: Value) => (typeof v === 'string' ? v.toLowerCase() : v);
  const cmp = (a: Value, b: Value) => (fold(a) === fold(b) ? 0 : fold(a)! < fold(b)! ? -1 : 1);
  return [...rows]
    .sort((a, b) => {
      const va = value(a);
      const vb = value(b);
      if (va === null && vb !== null) return 1;
      if (vb === null && va !== null) return -1;
      return dir * cmp(va, vb) || dir * cmp(a.id, b.id);
    })
    .map((r) => r.id);
}

describe('GET /v1/reports/conversations/list', () => {
  it.each([
    ['closed_at', 'desc', (r: BulkRow) => r.closedAt ?? null, ''],
    ['closed_at', 'asc', (r: BulkRow) => r.closedAt ?? null, ''],
    ['first_response_time_ms', 'asc', (r: BulkRow) => r.firstResponseTimeMs ?? null, ''],
    ['first_response_time_ms', 'desc', (r: BulkRow) => r.firstResponseTimeMs ?? null, ''],
    ['first_response_time_ms', 'asc', (r: BulkRow) => r.bhFirstResponseTimeMs ?? null, '&hours=business'],
    ['contact_name', 'asc', (r: BulkRow) => r.contactName ?? null, ''],
    ['category', 'desc', (r: BulkRow) => r.category ?? null, ''],
    ['assignments', 'desc', (r: BulkRow) => r.assignments ?? null, ''],
    ['last_assignment_at', 'asc', () => null, ''], // all null: ids alone order the pages
    ['conversation_id', 'asc', (r: BulkRow) => r.id, ''],
  ] as const)('sort=%s order=%s%s: every row exactly once, in order, across 7-row pages', async (sort, order, value, extra) => {
    const { ws, report } = await reportWorkspace('UTC');
    const rows = pagingRows();
    await insertConversations(ws.id, [...rows, ...OUTSIDERS]);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: any = await report(
        `/v1/reports/conversations/list?${PERIOD}&sort=${sort}&order=${order}&limit=7${extra}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.total).toBe(57);
      expect(page.rows.length).toBeLessThanOrEqual(7);
      seen.push(...page.rows.map((r: any) => r.conversation_id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor !== null && pages < 20);
    expect(pages).toBe(9); // 8 full pages + 1 row
    expect(seen).toEqual(expectedOrder(rows, value as (r: BulkRow) => Value, order));
  });

  it('defaults: closed_at descending, 50 rows; limit up to 500', async () => {
    const { ws, report } = await reportWorkspace('UTC');
    await insertConversations(ws.id, pagingRows());
    const first = await report(`/v1/reports/conversations/list?${PERIOD}`);
    expect(first.rows).toHaveLength(50);
    expect(first.total).toBe(57);
    expect(first.rows[0].closed_at >= first.rows[49].closed_at).toBe(true);
    expect(first.next_cursor).toEqual(expect.any(String));
    const all = await report(`/v1/reports/conversations/list?${PERIOD}&limit=500`);
    expect(all.rows).toHaveLength(57);
    expect(all.next_cursor).toBeNull();
  });

  it('an empty period answers no rows, total 0', async () => {
    const { report } = await reportWorkspace('UTC');
    expect(await report(`/v1/reports/conversations/list?${PERIOD}`)).toEqual({ rows: [], total: 0, next_cursor: null });
  });
});

describe('GET /v1/reports/conversations/export.csv', () => {
  const HEADERS = [
    'Conversation ID', 'Contact ID', 'Contact name', 'Contact type', 'Opened at', 'Open source', 'Open channel',
    'Closed at', 'Closed source', 'Closed by', 'Closed by team', 'First assignment at', 'First assignee',
    'Last assignment at', 'Last assignee', 'First response at', 'First response by', 'Time to first assignment',
    'First response time', 'First assignment to first response', 'Last assignment to response', 'Resolution time',
    'First assignment to close', 'Last assignment to close', 'Average response time', 'Bot time', 'Assignments',
    'Assignment history', 'Incoming messages', 'Outgoing messages', 'Responses', 'Category', 'Summary',
  ];

  it('every §3 column with readable headers: names, hh:mm:ss, ISO 8601 with the offset, "Unassigned"', async () => {
    const { ws, manager } = await reportWorkspace('America/Mexico_City');
    const opened = utc('2026-11-19T15:00:00Z'); // 09:00 -06:00
    await insertConversations(ws.id, [
      {
        id: 'conv-1',
        contactId: 'c-1',
        contactName: 'Jane Doe',
        openedAt: opened,
        openChannelId: 'wa',
        openChannelName: 'WhatsApp',
        closedAt: opened + 90_061_000, // 1 d 01:01:01 later
        closedSource: 'user',
        closedById: 'u-ana',
        closedByName: 'Ana',
        closedByTeamId: 't-sales',
        closedByTeamName: 'Sales',
        firstAssignmentAt: opened + 2 * MIN,
        firstAssigneeId: 'u-ana',
        firstAssigneeName: 'Ana',
        lastAssignmentAt: opened + 10 * MIN,
        lastAssigneeId: null, // an unassignment
        firstResponseAt: opened + 65_000,
        firstResponseById: 'u-ana',
        firstResponseByName: 'Ana',
        firstResponseByType: 'user',
        timeToFirstAssignmentMs: 2 * MIN,
        firstResponseTimeMs: 65_000,
        resolutionTimeMs: 90_061_000,
        assignments: 2,
        assignmentHistory: JSON.stringify([
          { at: opened + 2 * MIN, assignee: { id: 'u-ana', name: 'Ana' }, team: { id: 't-sales', name: 'Sales' } },
          { at: opened + 10 * MIN, assignee: null, team: null },
        ]),
        incomingMessages: 3,
        outgoingMessages: 1,
        responses: 1,
        category: 'Billing',
        summary: 'Line one\nline two, with "quotes"',
      },
    ]);
    const res = await get(`/v1/reports/conversations/export.csv?${PERIOD}`, manager);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="conversations-2026-11-19-2026-11-20.csv"');
    const [header, row, ...rest] = parseCsv(await res.text());
    expect(rest).toEqual([]);
    expect(header).toEqual(HEADERS);
    const cell = Object.fromEntries(header!.map((h, i) => [h, row![i]]));
    expect(cell).toMatchObject({
      'Conversation ID': 'conv-1',
      'Contact name': 'Jane Doe',
      'Opened at': '2026-11-19T09:00:00.000-06:00',
      'Open channel': 'WhatsApp',
      'Closed at': '2026-11-20T10:01:01.000-06:00',
      'Closed by': 'Ana',
      'Closed by team': 'Sales',
      'First assignee': 'Ana',
      'Last assignee': 'Unassigned',
      'First response by': 'Ana',
      'Time to first assignment': '00:02:00',
      'First response time': '00:01:05',
      'Resolution time': '25:01:01',
      'Last assignment to close': '', // no value: an empty cell, never 0
      Assignments: '2',
      'Assignment history': '2026-11-19T09:02:00.000-06:00 Ana (Sales); 2026-11-19T09:10:00.000-06:00 Unassigned',
      Summary: 'Line one\nline two, with "quotes"',
    });
  });

  it('escapes cells that a spreadsheet would run as formulas (= + - @)', async () => {
    const { ws, manager } = await reportWorkspace('UTC');
    await insertConversations(ws.id, [
      { id: 'inj-1', openedAt: utc('2026-11-19T10:00:00Z'), contactName: '=HYPERLINK("http://evil.example","x")', category: '@SUM(A1:A9)', summary: '+1 555 0100' },
      { id: 'inj-2', openedAt: utc('2026-11-19T11:00:00Z'), contactName: '-2+3', summary: 'plain - text' },
    ]);
    const res = await get(`/v1/reports/conversations/export.csv?${PERIOD}&sort=conversation_id&order=asc`, manager);
    const [header, first, second] = parseCsv(await res.text());
    const col = (name: string) => header!.indexOf(name);
    expect(first![col('Contact name')]).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(first![col('Category')]).toBe(`'@SUM(A1:A9)`);
    expect(first![col('Summary')]).toBe(`'+1 555 0100`);
    expect(second![col('Contact name')]).toBe(`'-2+3`);
    expect(second![col('Summary')]).toBe('plain - text');
  });

  it('exports the whole filtered list, far past 10,000 rows, every row once', async () => {
    const { ws, manager } = await reportWorkspace('UTC');
    const start = utc('2026-11-19T00:00:00Z');
    const rows: BulkRow[] = [];
    for (let i = 0; i < 12_345; i++) {
      // Spread over the two days; every 5th closed by a bot.
      rows.push({ id: `bulk-${i}`, openedAt: start + i * 13_000, closedSource: i % 5 === 0 ? 'bot' : 'user', summary: `Summary ${i}` });
    }
    await insertConversations(ws.id, [...rows, ...OUTSIDERS]);
    const res = await get(`/v1/reports/conversations/export.csv?${PERIOD}`, manager);
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.split('\n');
    expect(lines.pop()).toBe(''); // the last record ends with a newline
    expect(lines).toHaveLength(1 + 12_345);
    const ids = new Set(lines.slice(1).map((line) => line.split(',')[0]));
    expect(ids.size).toBe(12_345);
    expect(ids.has('open-1') || ids.has('before') || ids.has('after')).toBe(false);

    const bots = await get(`/v1/reports/conversations/export.csv?${PERIOD}&closed_source=bot`, manager);
    expect((await bots.text()).trim().split('\n')).toHaveLength(1 + 2_469); // ⌈12,345 / 5⌉
  }, 60_000); // 12,345 rows exported: seconds on a loaded two-core machine
});
