// List paging at scale (product.md §4 "List and export"): a deep page sorted by closed_at reads
// about what it returns, not every row before it; the total is counted once per listing and
// carried by the cursor; the export's pages stay within their byte budget whatever the rows hold.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../worker/app';
import { EXPORT_PAGE_BYTES, EXPORT_RESULT_BYTES, exportPageRows } from '../../worker/db/conversation-export';
import { exportFields, exportPages, type ExportRequest } from '../../worker/reports/export';
import { drillDownCondition, drillDownTotalQuery, listPageQuery, listTotalQuery, quarterRuns, type ListOrder } from '../../worker/db/report-list';
import { QUARTER_MS } from '../../shared/time';
import { conversationRow, insertConversations, reportWorkspace } from './reports-helpers';
import { conversations } from '../../worker/db/schema';

// 1,000 conversations closed on 2026-11-10 (UTC), one a minute from 00:00.
const N = 1_000;
const DAY = Date.UTC(2026, 10, 10);
const rows = Array.from({ length: N }, (_, i) => ({ id: `c-${String(i).padStart(4, '0')}`, openedAt: DAY + i * 60_000 - 30_000, closedAt: DAY + i * 60_000 }));
const PERIOD = 'from=2026-11-10&to=2026-11-10&tz=UTC';
const span = { startMs: DAY, endMs: DAY + 86_400_000 };

let ws: { id: string };
let report: (path: string) => Promise<any>;
beforeAll(async () => {
  ({ ws, report } = await reportWorkspace('UTC'));
  await insertConversations(ws.id, rows);
});

/** Rows D1 says the page query read (meta.rows_read). */
async function rowsRead(order: ListOrder, after: { value: number; id: string } | null, limit: number) {
  const q = listPageQuery(database(env), { workspaceId: ws.id, period: span, filters: {}, order, after, limit }).toSQL();
  const res = await env.DB.prepare(q.sql).bind(...q.params).all();
  return { read: res.meta.rows_read, returned: res.results.length };
}

describe('deep list pages', () => {
  it.each(['desc', 'asc'] as const)('closed_at %s: the page after row 900 reads ~ its 50 rows, not 900', async (direction) => {
    const order: ListOrder = { sort: 'closed_at', order: direction, hours: 'calendar' };
    // desc: the 900th row from the end is c-0099 (closed 01:39); asc: the 900th is c-0899.
    const at = direction === 'desc' ? 99 : 899;
    const deep = await rowsRead(order, { value: DAY + at * 60_000, id: rows[at]!.id }, 50);
    const first = await rowsRead(order, null, 50);
    // desc: rows c-0098 … c-0049 remain (50), asc: c-0900 … c-0949.
    expect(deep.returned).toBe(50);
    expect(deep.read).toBeLessThanOrEqual(first.read + 2);
    // D1 counts an index entry and its table row: ~2 reads a row returned; 900 skipped rows would be ~1,800.
    expect(deep.read).toBeLessThan(200);
  });
});

describe('drill-down totals', () => {
  it('count one index range per run of quarters, not the whole span: hour=5 of the day reads ~ its 60 rows, not 1,000', async () => {
    // hour=5 (UTC) of 2026-11-10: c-0300 … c-0359 closed 05:00–05:59, 60 rows; its quarters
    // 05:00, 05:15, 05:30, 05:45 make one run.
    const list = await report(`/v1/reports/conversations/list?${PERIOD}&hour=5&limit=10`);
    expect(list.total).toBe(60);
    const first = DAY / QUARTER_MS + 20;
    const quarters = [first, first + 1, first + 2, first + 3];
    const q = drillDownTotalQuery(database(env), ws.id, span, quarters, {}, undefined, 'closed').toSQL();
    const res = await env.DB.prepare(q.sql).bind(...q.params).all();
    expect(Object.values(res.results[0]!)).toEqual([60]);
    // D1 counts the index entries read: the run's 60 (and the run itself), not the span's 1,000.
    expect(res.meta.rows_read).toBeLessThan(100);
    // The same count as a test of each row's quarter over the span reads the span.
    const walk = listTotalQuery(database(env), ws.id, span, {}, drillDownCondition({ ...span, quarters }, 'closed'), 'closed').toSQL();
    const walked = await env.DB.prepare(walk.sql).bind(...walk.params).all();
    expect(Object.values(walked.results[0]!)).toEqual([60]);
    expect(walked.meta.rows_read).toBeGreaterThanOrEqual(N);
  });

  it('runs: consecutive quarters merge, cut to the span', () => {
    // Quarters 4, 5, 6 and 8 within [4.5, 8.5) quarters: [4.5, 7) and [8, 8.5).
    const Q = QUARTER_MS;
    expect(quarterRuns([4, 5, 6, 8], { startMs: 4.5 * Q, endMs: 8.5 * Q })).toEqual([
      [4.5 * Q, 7 * Q],
      [8 * Q, 8.5 * Q],
    ]);
    expect(quarterRuns([], { startMs: 0, endMs: Q })).toEqual([]);
  });
});

describe('total', () => {
  it('is counted for the first page and carried by the cursor to the next', async () => {
    const first = await report(`/v1/reports/conversations/list?${PERIOD}&limit=400`);
    expect(first.total).toBe(N);
    // A conversation closed meanwhile (at 23:59) does not change the listing's total …
    await insertConversations(ws.id, [{ id: 'c-late', openedAt: DAY + 86_000_000, closedAt: DAY + 86_340_000 }]);
    const second = await report(`/v1/reports/conversations/list?${PERIOD}&limit=400&cursor=${encodeURIComponent(first.next_cursor)}`);
    expect(second.total).toBe(N);
    // … a new listing counts it: 1,001.
    expect((await report(`/v1/reports/conversations/list?${PERIOD}&limit=1`)).total).toBe(N + 1);
  });

  it("comes from the report's rollups where they answer, from the rows where they cannot", async () => {
    const own = await reportWorkspace('UTC');
    const list = async (query: string) => (await own.report(`/v1/reports/conversations/list?${PERIOD}&limit=1${query}`)).total as number;
    // 10 conversations closed on 2026-11-10 from 00:10, a minute apart, each opened 30 s before;
    // every one: contact type new, open source contact, closed source user, no category.
    await insertConversations(own.ws.id, Array.from({ length: 10 }, (_, i) => ({ id: `r-${i}`, openedAt: DAY + 600_000 + i * 60_000 - 30_000 })));
    // An 11th written around the rollups (no write path does that): the rows count 11, the
    // rollups 10, so each total says which counted it.
    await database(env).insert(conversations).values(conversationRow(own.ws.id, { id: 'r-extra', openedAt: DAY + 3_600_000 }));
    // The rollups: unfiltered (the breakdown cells), on rollup keys of either side.
    expect(await list('')).toBe(10);
    expect(await list('&open_source=contact&closed_source=user')).toBe(10);
    expect(await list('&basis=opened&contact_type=new')).toBe(10);
    // An hour's bucket is whole quarter-hours: the rollups (r-extra closed at 01:10 is not in them).
    expect(await list('&bucket=2026-11-10T00:00')).toBe(10);
    expect(await list('&bucket=2026-11-10T01:00')).toBe(0);
    // The rows: a filter outside the rollups' keys; a closed-side filter on the opened basis (the
    // opened side's cells have no closed source: they would count 0); a drill-down cell (its
    // quarters' runs).
    expect(await list('&conversation_id=r-0,r-extra')).toBe(2);
    expect(await list('&basis=opened&closed_source=user')).toBe(11);
    // hour=0: r-0 … r-9 closed 00:10–00:19 (r-extra closed at 01:10).
    expect(await list('&hour=0')).toBe(10);
    expect(await list('&hour=1')).toBe(1);
  });
});

/**
 * D1 as the worker has it, every result's size recorded: the UTF-8 bytes of its texts and the
 * digits of its numbers (what a result carries, give or take its framing).
 */
function measuredDb() {
  const results: number[] = [];
  const size = (values: unknown[][]) =>
    values.flat().reduce<number>((sum, v) => sum + (typeof v === 'string' ? new TextEncoder().encode(v).byteLength : String(v).length), 0);
  const wrap = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        if (prop === 'bind') return (...args: unknown[]) => wrap(target.bind(...args));
        if (prop === 'raw') {
          return async (...args: unknown[]) => {
            const values = (await (target.raw as (...a: unknown[]) => Promise<unknown[][]>).apply(target, args)) as unknown[][];
            results.push(size(values));
            return values;
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  const DB = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare') return (query: string) => wrap(target.prepare(query));
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: database({ ...env, DB }), results };
}

describe('export pages', () => {
  const order = { sort: 'closed_at', order: 'desc', hours: 'calendar' } as const;

  it('stay within their byte budget, no result over its own: 20,000-character summaries, every row once, in order', async () => {
    const big = await reportWorkspace('UTC');
    // 120 conversations closed a minute apart, each summary 20,000 × 'é' (written by SQL: a
    // statement carrying them would pass D1's statement size limit).
    const bigRows = Array.from({ length: 120 }, (_, i) => ({ id: `big-${String(i).padStart(3, '0')}`, openedAt: DAY + i * 60_000 - 600_000 }));
    await insertConversations(big.ws.id, bigRows);
    await env.DB.prepare(`UPDATE conversations SET summary = replace(hex(zeroblob(20000)), '00', 'é') WHERE workspace_id = ?`).bind(big.ws.id).run();
    const request: ExportRequest = { workspaceId: big.ws.id, period: span, filters: {}, order, tz: 'UTC' };
    const measured = measuredDb();
    const pages: string[][] = [];
    for await (const page of exportPages(measured.db, request)) pages.push(page.map((row) => row[0] as string));
    // A row's JSON: its 41 values and the sort value. "big-000" 9, "contact-big-000" 17,
    // "new" 5, "contact" 9, "user" 6, "[]" 4, two 13-digit times 26, the sort time 13, the
    // resolution 600000 6, the counts 0 1 0 0 4, 28 nulls 112, the summary 20,002 (quotes
    // included), 41 commas and 2 brackets: 20,252 characters, 20,000 of them 'é' (2 bytes):
    // 40,252 bytes.
    // Page 1 asks for 2,000 rows, each whole only up to 2,000,000 / 2,000 = 1,000 bytes: all 120
    // come as placeholders. It keeps rows while the ones before hold < 1,000,000 bytes:
    // 24 × 40,252 = 966,048 → a 25th; 25 × 40,252 = 1,006,300 → no 26th. Its 25 rows are read in
    // one statement (1,006,300 ≤ 2,000,000).
    // Then 1,000,000 / 40,252 → 24 rows a page, each whole (2,000,000 / 24 = 83,333 bytes a row):
    // 24, 24, 24, and the last 120 − 25 − 72 = 23.
    expect([EXPORT_PAGE_BYTES, EXPORT_RESULT_BYTES]).toEqual([1_000_000, 2_000_000]);
    expect(pages.map((p) => p.length)).toEqual([25, 24, 24, 24, 23]);
    expect(pages.flat()).toEqual(bigRows.map((r) => r.id).reverse());
    // The largest result: page 1's 25 whole rows (1,006,300 bytes and their rowids), under the
    // bound. Read 2,000 rows at a time whole, page 1 alone would be 120 × 40,252 = 4,830,240.
    const largest = Math.max(...measured.results);
    expect(largest).toBeGreaterThanOrEqual(25 * 40_252);
    expect(largest).toBeLessThanOrEqual(EXPORT_RESULT_BYTES);
  });

  it('read a large row by itself and put it back in its place', async () => {
    const mixed = await reportWorkspace('UTC');
    // 10 conversations closed a minute apart; c-3 and c-7 hold 5,000-character summaries, more
    // than a row's share of a 2,000-row page (1,000 bytes).
    const mixedRows = Array.from({ length: 10 }, (_, i) => ({
      id: `c-${i}`,
      openedAt: DAY + i * 60_000 - 600_000,
      summary: i === 3 || i === 7 ? 'x'.repeat(5_000) : `short ${i}`,
    }));
    await insertConversations(mixed.ws.id, mixedRows);
    const measured = measuredDb();
    const request: ExportRequest = { workspaceId: mixed.ws.id, period: span, filters: {}, order, tz: 'UTC' };
    const pages: unknown[][][] = [];
    for await (const page of exportPages(measured.db, request)) pages.push(page);
    // One page of all 10, newest close first, each summary its own.
    expect(pages).toHaveLength(1);
    const summaryAt = exportFields('calendar').indexOf('summary');
    expect(pages[0]!.map((row) => [row[0], (row[summaryAt] as string).length])).toEqual(
      [9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((i) => [`c-${i}`, i === 3 || i === 7 ? 5_000 : `short ${i}`.length]),
    );
    // Statements: the page's rows (c-7 and c-3 as placeholders), the two whole in one, then the
    // empty page after c-0.
    expect(measured.results).toHaveLength(3);
  });

  it('ask for as many rows as fill a page at the mean row of the last one', () => {
    // 1,000,000 bytes a page: rows of 500 bytes → 2,000; of 40,252 → 24; of 3 MB → 1; none yet → 2,000.
    expect([500, 40_252, 3_000_000, 0].map((mean) => exportPageRows(mean))).toEqual([2000, 24, 1, 2000]);
  });
});
