// The worker as the report bench runs it: the real worker, with two additions the bench needs
// in the same isolate and over the same local D1 (never deployed; scripts/bench-reports.ts
// starts it with `wrangler dev scripts/bench/report-worker.ts`):
// - GET /__bench/group-by?workspace=&from=&to= (epoch ms): the raw `GROUP BY` count per UTC
//   quarter-hour over the closed conversations in the range, the baseline every report figure
//   is compared with;
// - POST /__bench/rebuild-rollups?workspace=[&values=1]: the report's rollups (counts and duration
//   histograms) aggregated afresh from the seeded rows, as `npm run recompute` ends; answers how
//   long it took and the duration rollups' rows and bytes; with values=1 also the value index's
//   rows and bytes (a first fill of it alone before the rebuild, measured by D1's database size
//   before and after: the seeded rows never wrote it);
// - GET /__bench/largest-result: the largest D1 result (bytes of its rows as JSON) any request
//   read while measuring was on (GET /__bench/measure?on=1) since the last call, and the largest
//   chunk an export wrote, which it resets. D1 is wrapped so each statement's result is measured
//   where the worker receives it.
// - GET /__bench/export-phase?phase=&workspace=&from=&to=&tz=: one part of the CSV export alone,
//   over the same rows, so the export's time can be split (docs/performance.md "Export"):
//   `reads` the export's page queries without formatting, `list-reads` the list's page queries
//   the export read before (every column, 500 rows a page), `select` a raw keyset SELECT of the
//   same rows' columns as arrays (what the local D1 transfers at best), `format` the export's
//   formatting of its first page repeated to the range's row count (no D1), `stream` a streamed
//   response of that page's CSV repeated as often (no D1, no formatting).
import { database, type Bindings } from '../../worker/app';
import { rebuildRollups } from '../../worker/db/rollups';
import { DURATION_VALUES_INSERT, durationValuesSqlText } from '../../worker/db/duration-values';
import { EXPORT_PAGE_ROWS } from '../../worker/db/conversation-export';
import { conversationsCsvStream, csvRowWriter, exportPages, type ExportRequest } from '../../worker/reports/export';
import { listPageQuery, sortValueOf, type Keyset, type ListOrder } from '../../worker/db/report-list';
import worker from '../../worker/index';

// The worker's Durable Object classes must be exported by the entry wrangler runs.
export { WorkspaceDeriver } from '../../worker/index';

let largestResult = 0;
let largestChunk = 0;

/** The export's body, passed on chunk by chunk, the largest one remembered. */
function measureChunks(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        if (chunk.byteLength > largestChunk) largestChunk = chunk.byteLength;
        controller.enqueue(chunk);
      },
    }),
  );
}

// Sizing a result serializes it (≈ 10 ms a MB), so the timed runs leave it off and one more,
// untimed run of each request measures (GET /__bench/measure?on=1|0).
let measuring = false;

const measure = <T>(result: T): T => {
  if (!measuring) return result;
  const size = JSON.stringify((result as { results?: unknown })?.results ?? result)?.length ?? 0;
  if (size > largestResult) largestResult = size;
  return result;
};

const REAL = Symbol('real statement');
type Wrapped = D1PreparedStatement & { [REAL]: D1PreparedStatement };

function wrapStatement(stmt: D1PreparedStatement): Wrapped {
  return new Proxy(stmt, {
    get(target, prop) {
      if (prop === REAL) return target;
      if (prop === 'bind') return (...args: unknown[]) => wrapStatement(target.bind(...args));
      if (prop === 'all' || prop === 'raw' || prop === 'first' || prop === 'run') {
        return async (...args: unknown[]) => measure(await (target[prop] as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Wrapped;
}

function wrapDatabase(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql));
      if (prop === 'batch') {
        return async (statements: Wrapped[]) => {
          const results = await target.batch(statements.map((s) => s[REAL] ?? s));
          for (const r of results) measure(r);
          return results;
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/__bench/group-by') {
      const q = (name: string) => url.searchParams.get(name)!;
      const { results } = await env.DB.prepare(
        'SELECT closed_at / 900000 AS quarter, count(*) AS n FROM conversations WHERE workspace_id = ? AND closed_at >= ? AND closed_at < ? GROUP BY quarter',
      )
        .bind(q('workspace'), Number(q('from')), Number(q('to')))
        .all();
      return Response.json({ quarters: results.length });
    }
    if (url.pathname === '/__bench/rebuild-rollups' && request.method === 'POST') {
      const workspace = url.searchParams.get('workspace')!;
      // The value index's own fill, only when asked: the rebuild below fills it again (~100 s at 1M).
      let values: { rows: number; bytes: number } | null = null;
      if (url.searchParams.get('values') === '1') {
        const sizeBefore = (await env.DB.prepare('SELECT 1').run()).meta.size_after;
        const filled = await env.DB.prepare(`${DURATION_VALUES_INSERT} ${durationValuesSqlText('?1')}`).bind(workspace).run();
        values = { rows: filled.meta.rows_written, bytes: filled.meta.size_after - sizeBefore };
      }
      const started = Date.now();
      await rebuildRollups(database(env), workspace);
      const ms = Date.now() - started;
      const size = await env.DB.prepare('SELECT COUNT(*) AS rows_, COALESCE(SUM(length(buckets) + length(metric) + 40), 0) AS bytes FROM report_duration_rollups WHERE workspace_id = ?')
        .bind(workspace)
        .first<{ rows_: number; bytes: number }>();
      return Response.json({ ms, rows: size?.rows_ ?? 0, bytes: size?.bytes ?? 0, values });
    }
    if (url.pathname === '/__bench/export-phase') return exportPhase(url, env);
    if (url.pathname === '/__bench/measure') {
      measuring = url.searchParams.get('on') === '1';
      return Response.json({ measuring });
    }
    if (url.pathname === '/__bench/largest-result') {
      const [bytes, chunk] = [largestResult, largestChunk];
      [largestResult, largestChunk] = [0, 0];
      return Response.json({ bytes, chunk });
    }
    const response = await worker.fetch!(request, { ...env, DB: wrapDatabase(env.DB) }, ctx);
    if (!url.pathname.endsWith('/export.csv') || response.body === null) return response;
    return new Response(measureChunks(response.body), response);
  },
};

const ORDER: ListOrder = { sort: 'closed_at', order: 'desc', hours: 'calendar' };

async function exportPhase(url: URL, env: Bindings): Promise<Response> {
  const q = (name: string) => url.searchParams.get(name)!;
  const workspaceId = q('workspace');
  const period = { startMs: Number(q('from')), endMs: Number(q('to')) };
  const tz = q('tz');
  // Rows per D1 read (select) or per streamed chunk (stream); the export's own page otherwise.
  const pageRows = Number(url.searchParams.get('page') ?? EXPORT_PAGE_ROWS);
  const db = database(env);
  const request: ExportRequest = { workspaceId, period, filters: {}, order: ORDER, tz };
  const firstPage = async () => (await exportPages(db, request).next()).value as unknown[][];
  const pageText = (rows: unknown[][]) => {
    const writeRow = csvRowWriter('calendar', tz);
    let text = '';
    for (const row of rows) text += writeRow(row);
    return text;
  };
  switch (q('phase')) {
    case 'reads': {
      let rows = 0;
      for await (const page of exportPages(db, request)) rows += page.length;
      return Response.json({ rows });
    }
    case 'list-reads': {
      // The page reads the export made before it had its own: the list's query, every column as
      // objects, 500 rows a page.
      let rows = 0;
      let after: Keyset | null = null;
      for (;;) {
        const got = await listPageQuery(db, { workspaceId, period, filters: {}, order: ORDER, after, limit: 500 });
        rows += got.length;
        if (got.length < 500) break;
        const last = got[got.length - 1]!;
        after = { value: sortValueOf(last, ORDER), id: last.id };
      }
      return Response.json({ rows });
    }
    case 'select': {
      // Every column the CSV writes, as arrays, keyset on (closed_at, id) from the cursor on.
      // shape=json: the same columns as one json_array text per row; shape=keys: only the keyset's two.
      const shape = url.searchParams.get('shape');
      const cols = `id, contact_id, contact_name, contact_type, opened_at, open_source, open_channel_id, open_channel_name,
          closed_at, closed_source, closed_by_id, closed_by_name, closed_by_team_id, closed_by_team_name,
          first_assignment_at, first_assignee_id, first_assignee_name, last_assignment_at, last_assignee_id, last_assignee_name,
          first_response_at, first_response_by_id, first_response_by_name, first_response_by_type,
          time_to_first_assignment_ms, first_response_time_ms, first_assignment_to_first_response_ms, last_assignment_to_response_ms,
          resolution_time_ms, first_assignment_to_close_ms, last_assignment_to_close_ms, average_response_time_ms, bot_time_ms,
          assignments, assignment_history, incoming_messages, outgoing_messages, responses, category, summary`;
      const selected = shape === 'json' ? `closed_at, id, json_array(${cols})` : shape === 'keys' ? 'closed_at, id' : `closed_at, id, ${cols}`;
      const sql = `SELECT ${selected}
        FROM conversations WHERE workspace_id = ?1 AND closed_at >= ?2
          AND closed_at <= ?4 AND (closed_at < ?4 OR id < ?5)
        ORDER BY closed_at DESC, id DESC LIMIT ${pageRows}`;
      let rows = 0;
      let after: [number, string] = [period.endMs - 1, '\u{10FFFF}'];
      for (;;) {
        // One upper bound only, the cursor's (with the period's end as a second one, SQLite may
        // keep that one and walk every row already read on each page).
        const got = await env.DB.prepare(sql).bind(workspaceId, period.startMs, null, after[0], after[1]).raw();
        rows += got.length;
        if (got.length < pageRows) break;
        const last = got[got.length - 1]!;
        after = [last[0] as number, last[1] as string];
        if (shape === 'json') for (const row of got) JSON.parse(row[2] as string);
      }
      return Response.json({ rows });
    }
    case 'format': {
      // One writer for the whole export, as the export has.
      const first = await firstPage();
      const writeRow = csvRowWriter('calendar', tz);
      const pages = Math.ceil(Number(q('rows')) / first.length);
      let chars = 0;
      for (let i = 0; i < pages; i++) {
        let text = '';
        for (const row of first) text += writeRow(row);
        chars += text.length;
      }
      return Response.json({ rows: pages * first.length, chars });
    }
    case 'stream': {
      const first = await firstPage();
      // A chunk of `page` rows: the first page's text repeated.
      const text = pageText(first).repeat(Math.max(1, Math.round(pageRows / first.length)));
      const encoder = new TextEncoder();
      let left = Math.ceil(Number(q('rows')) / Math.max(pageRows, first.length));
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            controller.enqueue(encoder.encode(text));
            if (--left === 0) controller.close();
          },
        },
        { highWaterMark: 0 },
      );
      return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
    }
    case 'export':
      return new Response(conversationsCsvStream(db, request), {
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      });
  }
  return new Response('unknown phase', { status: 400 });
}
