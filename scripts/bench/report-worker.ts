// The worker as the report bench runs it: the real worker, with two additions the bench needs
// in the same isolate and over the same local D1 (never deployed; scripts/bench-reports.ts
// starts it with `wrangler dev scripts/bench/report-worker.ts`):
// - GET /__bench/group-by?workspace=&from=&to= (epoch ms): the raw `GROUP BY` count per UTC
//   quarter-hour over the closed conversations in the range, the baseline every report figure
//   is compared with;
// - POST /__bench/rebuild-rollups?workspace=: the report's rollups (counts and duration
//   histograms) aggregated afresh from the seeded rows, as `npm run recompute` ends; answers how
//   long it took and the duration rollups' rows and bytes;
// - GET /__bench/largest-result: the largest D1 result (bytes of its rows as JSON) any request
//   read since the last call, which it resets. D1 is wrapped so each statement's result is
//   measured where the worker receives it.
import { database, type Bindings } from '../../worker/app';
import { rebuildRollups } from '../../worker/db/rollups';
import worker from '../../worker/index';

// The worker's Durable Object classes must be exported by the entry wrangler runs.
export { WorkspaceDeriver } from '../../worker/index';

let largestResult = 0;

const measure = <T>(result: T): T => {
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
      const started = Date.now();
      await rebuildRollups(database(env), workspace);
      const ms = Date.now() - started;
      const size = await env.DB.prepare('SELECT COUNT(*) AS rows_, COALESCE(SUM(length(buckets) + length(metric) + 40), 0) AS bytes FROM report_duration_rollups WHERE workspace_id = ?')
        .bind(workspace)
        .first<{ rows_: number; bytes: number }>();
      return Response.json({ ms, rows: size?.rows_ ?? 0, bytes: size?.bytes ?? 0 });
    }
    if (url.pathname === '/__bench/largest-result') {
      const bytes = largestResult;
      largestResult = 0;
      return Response.json({ bytes });
    }
    return worker.fetch!(request, { ...env, DB: wrapDatabase(env.DB) }, ctx);
  },
};
