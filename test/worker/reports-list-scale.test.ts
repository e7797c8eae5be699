// List paging at scale (product.md §4 "List and export"): a deep page sorted by closed_at reads
// about what it returns, not every row before it; the total is counted once per listing and
// carried by the cursor; the export's pages stay within their byte budget whatever the rows hold.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../worker/app';
import { EXPORT_PAGE_BYTES } from '../../worker/db/conversation-export';
import { exportPages, type ExportRequest } from '../../worker/reports/export';
import { listPageQuery, type ListOrder } from '../../worker/db/report-list';
import { insertConversations, reportWorkspace } from './reports-helpers';

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
});

describe('export pages', () => {
  it('stop at their byte budget: 20,000-character summaries come 25 to a page, every row once, in order', async () => {
    const big = await reportWorkspace('UTC');
    // 120 conversations closed a minute apart, each summary 20,000 × 'é' = 40,000 bytes (written
    // by SQL: a statement carrying them would pass D1's statement size limit).
    const bigRows = Array.from({ length: 120 }, (_, i) => ({ id: `big-${String(i).padStart(3, '0')}`, openedAt: DAY + i * 60_000 - 600_000 }));
    await insertConversations(big.ws.id, bigRows);
    await env.DB.prepare(`UPDATE conversations SET summary = replace(hex(zeroblob(20000)), '00', 'é') WHERE workspace_id = ?`).bind(big.ws.id).run();
    const request: ExportRequest = { workspaceId: big.ws.id, period: span, filters: {}, order: { sort: 'closed_at', order: 'desc', hours: 'calendar' }, tz: 'UTC' };
    const pages: string[][] = [];
    for await (const page of exportPages(database(env), request)) pages.push(page.map((row) => row[0] as string));
    // A row's bytes as the page counts them: its text as UTF-8 (summary 40,000 + id 'big-000' 7 +
    // contact id 15 + 'new' 3 + 'contact' 7 + 'user' 4 + '[]' 2 = 40,038) and 20 for each of its
    // 18 numbers, plus 1: 40,399. A page takes rows while the ones before hold < 1,000,000:
    // 24 × 40,399 = 969,576 → a 25th row; 25 × 40,399 = 1,009,975 → no 26th. 120 = 4 × 25 + 20.
    expect(EXPORT_PAGE_BYTES).toBe(1_000_000);
    expect(pages.map((p) => p.length)).toEqual([25, 25, 25, 25, 20]);
    expect(pages.flat()).toEqual(bigRows.map((r) => r.id).reverse());
  });
});
