// Report latency on loopback at several sizes: for each, a fresh local D1 seeded with N
// conversations in a 30-day range (one INSERT … SELECT over a recursive counter), `wrangler dev`
// of the worker (wrapped by scripts/bench/report-worker.ts) on a free port, then timed runs of
// each request. Every figure is printed next to two baselines measured in the same run against
// the same rows: GET /v1/me (authenticated, no report work) and a raw `GROUP BY` count of the
// range's closes in the same worker; then the issue's target. Also the largest D1 result any
// request read. Nothing here asserts a timing.
//   node scripts/bench-reports.ts [--runs 7] [--sizes 10000,100000,1000000] [--only list,export]
//   (--only: some of report, threads, heatmap, list, export; default all. The export's figures are
//   followed by its parts measured alone: D1 reads, a raw SELECT, formatting, streaming.)
//   (--five-element-cursor --no-rollups --no-heatmap-endpoint: the same requests as the code before this bench understood them)
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyLocalMigrations, freePort, startLocalWorker } from './local-worker.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    sizes: { type: 'string', default: '10000,100000,1000000' },
    // Cursors as the code before the total travelled with them read them (for "before" figures).
    'five-element-cursor': { type: 'boolean', default: false },
    'no-rollups': { type: 'boolean', default: false },
    // The side panel's heatmap endpoint (the code before it answered through the full report).
    'no-heatmap-endpoint': { type: 'boolean', default: false },
    only: { type: 'string', default: 'report,threads,heatmap,list,export' },
    // Rows per read / per chunk at which the export's raw SELECT and streaming parts are measured.
    'export-pages': { type: 'string', default: '500' },
    'export-parts': { type: 'boolean', default: true },
  },
});
const RUNS = Number(values.runs);
const SIZES = values.sizes.split(',').map(Number);
const ONLY = new Set(values.only.split(','));
const DAY_MS = 86_400_000;
const WORKSPACE = 'ws-bench';
const TOKEN = `tok_${randomBytes(16).toString('hex')}`;
// 2026-11-01 .. 2026-11-30 in America/Mexico_City (UTC-6, no DST).
const START = Date.UTC(2026, 10, 1, 6);
const SPAN = 30 * DAY_MS;

/** The seeded conversation i's close (null for the 2 % still open), as seedSql computes it. */
function closedAtOf(i: number, conversations: number): number | null {
  if (i % 50 === 0) return null;
  const open = START + i * Math.floor(SPAN / conversations) + ((i * 7919) % 600000);
  return open + (60000 + ((i * 104729) % 14400000));
}

/** Realistic spreads of channels, sources, categories, assignees and durations (some null). */
function seedSql(CONVERSATIONS: number): string {
  const open = `(${START} + (i * ${Math.floor(SPAN / CONVERSATIONS)}) + ((i * 7919) % 600000))`;
  const resolution = `(60000 + (i * 104729) % 14400000)`;
  const frt = `(CASE WHEN i % 10 = 0 THEN NULL ELSE (i * 15485863) % 5400000 END)`;
  const ttfa = `(CASE WHEN i % 4 = 0 THEN NULL ELSE (i * 32452843) % 1800000 END)`;
  const now = Date.now();
  return `
    INSERT INTO workspaces (id, name, timezone, created_at, history_started_at, first_response_target_ms, categories)
      VALUES ('${WORKSPACE}', 'Bench', 'America/Mexico_City', ${now}, ${START - 365 * DAY_MS}, 300000, '[]');
    INSERT INTO api_tokens (id, workspace_id, token_hash, role, name, created_at)
      VALUES ('tok-bench', '${WORKSPACE}', '${createHash('sha256').update(TOKEN).digest('hex')}', 'manager', 'bench', ${now});
    INSERT INTO conversations (
      workspace_id, id, thread_id, cycle, contact_id, contact_name, contact_type, status,
      opened_at, open_source, open_channel_id, open_channel_name, open_channel_type,
      closed_at, closed_source, closed_by_id, closed_by_name, closed_by_team_id, closed_by_team_name,
      first_assignment_at, first_assignee_id, first_assignee_name, last_assignment_at, last_assignee_id, last_assignee_name,
      assignee_carried_over, first_response_at, first_response_by_id, first_response_by_name, first_response_by_type,
      time_to_first_assignment_ms, first_response_time_ms, first_assignment_to_first_response_ms, last_assignment_to_response_ms,
      resolution_time_ms, first_assignment_to_close_ms, last_assignment_to_close_ms, average_response_time_ms,
      bh_time_to_first_assignment_ms, bh_first_response_time_ms, bh_first_assignment_to_first_response_ms, bh_last_assignment_to_response_ms,
      bh_resolution_time_ms, bh_first_assignment_to_close_ms, bh_last_assignment_to_close_ms, bh_average_response_time_ms,
      assignments, incoming_messages, outgoing_messages, responses, category, summary, response_waits, last_event_at)
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${CONVERSATIONS - 1})
    SELECT '${WORKSPACE}', 'conv-' || i, 'thread-' || (i % 40000), 1 + i / 40000, 'contact-' || (i % 40000), 'Contact ' || (i % 40000),
      CASE WHEN i < 40000 THEN 'new' ELSE 'returning' END, CASE WHEN i % 50 = 0 THEN 'open' ELSE 'closed' END,
      ${open}, CASE i % 6 WHEN 0 THEN 'user' WHEN 1 THEN 'workflow' ELSE 'contact' END,
      CASE WHEN i % 6 = 0 THEN NULL ELSE 'ch-' || (i % 5) END, CASE WHEN i % 6 = 0 THEN NULL ELSE 'Channel ' || (i % 5) END, 'whatsapp',
      CASE WHEN i % 50 = 0 THEN NULL ELSE ${open} + ${resolution} END,
      CASE WHEN i % 50 = 0 THEN NULL ELSE CASE i % 7 WHEN 0 THEN 'bot' WHEN 1 THEN 'auto_close' WHEN 2 THEN 'workflow' ELSE 'user' END END,
      'u-' || (i % 25), 'Agent ' || (i % 25), 't-' || (i % 4), 'Team ' || (i % 4),
      ${open} + 1000, 'u-' || (i % 25), 'Agent ' || (i % 25), ${open} + 2000, 'u-' || ((i + 1) % 25), 'Agent ' || ((i + 1) % 25),
      0, ${open} + 3000, 'u-' || (i % 25), 'Agent ' || (i % 25), 'user',
      ${ttfa}, ${frt}, ${frt}, ${frt}, ${resolution}, ${resolution}, ${resolution}, ${frt},
      ${ttfa}, ${frt}, ${frt}, ${frt}, ${resolution}, ${resolution}, ${resolution}, ${frt},
      1 + i % 3, 1 + i % 9, 1 + i % 7, i % 5,
      CASE i % 9 WHEN 0 THEN NULL ELSE 'Category ' || (i % 9) END, 'Summary of conversation ' || i, '[]', ${open} + ${resolution}
    FROM seq;`;
}

const toBase64Url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

async function benchSize(conversations: number): Promise<void> {
  const state = mkdtempSync(join(tmpdir(), 'convolens-report-bench-'));
  await applyLocalMigrations({ persistTo: state });
  const seedFile = join(state, 'seed.sql');
  writeFileSync(seedFile, seedSql(conversations));
  const seededAt = performance.now();
  const seeded = spawnSync('npx', ['wrangler', 'd1', 'execute', 'convolens', '--local', '--persist-to', state, '--file', seedFile], {
    env: { ...process.env, CI: 'true' },
    encoding: 'utf8',
  });
  if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);
  console.log(`\n== ${conversations.toLocaleString('en')} conversations (seeded in ${((performance.now() - seededAt) / 1000).toFixed(1)} s), 30-day range, ${RUNS} timed runs after 2 warm-ups`);

  const worker = await startLocalWorker({ port: await freePort(), persistTo: state, script: 'scripts/bench/report-worker.ts' });
  const server = worker.url;
  try {
    // The report's rollups of the seeded rows, by the worker's own rebuild (npm run recompute's
    // last step); skipped by --no-rollups: the code before them has no such tables.
    if (!values['no-rollups']) {
      // The value index's size needs a fill of its own: measured up to 100,000 conversations only.
      const sizeValues = conversations <= 100_000;
      const rebuilt = (await (await fetch(`${server}/__bench/rebuild-rollups?workspace=${WORKSPACE}&values=${sizeValues ? 1 : 0}`, { method: 'POST' })).json()) as {
        ms: number;
        rows: number;
        bytes: number;
        values: { rows: number; bytes: number } | null;
      };
      console.log(
        `  rollups rebuilt from the rows in ${(rebuilt.ms / 1000).toFixed(1)} s; duration rollups: ${rebuilt.rows.toLocaleString('en')} rows, ${(rebuilt.bytes / 1024 / 1024).toFixed(1)} MB (${(rebuilt.bytes / conversations).toFixed(0)} bytes a conversation)`,
      );
      const { values: index } = rebuilt;
      if (index) {
        console.log(
          `  duration value index: ${index.rows.toLocaleString('en')} rows, ${(index.bytes / 1024 / 1024).toFixed(1)} MB (${(index.bytes / conversations).toFixed(0)} bytes a conversation, workspace id of ${WORKSPACE.length} characters)`,
        );
      }
    }
    const timed = async (path: string): Promise<{ ms: number; bytes: number }> => {
      const start = performance.now();
      const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      const body = await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} → ${res.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
      return { ms: performance.now() - start, bytes: body.byteLength };
    };
    const median = async (path: string, runs: number) => {
      for (let i = 0; i < Math.min(2, runs); i++) await timed(path);
      const samples: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t = await timed(path);
        samples.push(t.ms);
        bytes = t.bytes;
      }
      samples.sort((a, b) => a - b);
      return { ms: samples[Math.floor((samples.length - 1) / 2)]!, bytes };
    };
    const largestOf = async () => (await (await fetch(`${server}/__bench/largest-result`)).json()) as { bytes: number; chunk: number };
    const measuring = async (on: boolean) => void (await (await fetch(`${server}/__bench/measure?on=${on ? 1 : 0}`)).arrayBuffer());
    /** The largest D1 result one more, untimed, run of `path` reads (sizing results costs time). */
    const largestFor = async (path: string) => {
      await largestOf();
      await measuring(true);
      try {
        await timed(path);
      } finally {
        await measuring(false);
      }
      return largestOf();
    };

    const RANGE = 'from=2026-11-01&to=2026-11-30';
    const me = await median('/v1/me', RUNS);
    const groupBy = await median(`/__bench/group-by?workspace=${WORKSPACE}&from=${START}&to=${START + SPAN}`, RUNS);
    // The deep page: the one after the middle conversation of the range, by closed_at desc.
    const middle = Math.floor(conversations / 2) + 1;
    const deepCursor = toBase64Url(
      JSON.stringify(['closed_at', 'desc', 'calendar', closedAtOf(middle, conversations), `conv-${middle}`, ...(values['five-element-cursor'] ? [] : [0])]),
    );
    const heavyRuns = conversations >= 1_000_000 ? Math.min(RUNS, 3) : RUNS;
    const cases: Array<[string, string, string, number, string]> = [
      ['report', 'full report', `/v1/reports/conversations?${RANGE}`, heavyRuns, conversations <= 100_000 ? '≤ 3× GROUP BY, < 100 ms' : '< 500 ms'],
      ['report', 'full report, hours=business', `/v1/reports/conversations?${RANGE}&hours=business`, heavyRuns, ''],
      ['report', 'report filtered on rollup keys (open_channel, open_source)', `/v1/reports/conversations?${RANGE}&open_channel=ch-1,ch-2&open_source=contact`, heavyRuns, ''],
      ['report', 'report filtered on a person (first_assignee)', `/v1/reports/conversations?${RANGE}&first_assignee=u-3`, heavyRuns, conversations >= 1_000_000 ? '< 1.5 s' : ''],
      ['threads', 'one thread: GET /v1/threads/{id}/current', '/v1/threads/thread-7/current', RUNS, ''],
      ['threads', 'inbox badges: 100 threads by id (GET /v1/threads/current?ids=)', `/v1/threads/current?ids=${Array.from({ length: 100 }, (_, i) => `thread-${i * 397}`).join(',')}`, RUNS, ''],
      // Bare display ids matching no thread exactly: the account-scoped fallback scans (worker/db/threads.ts).
      ['threads', 'inbox badges: 100 unknown bare display ids (fallback scan)', `/v1/threads/current?ids=${Array.from({ length: 100 }, (_, i) => 900000 + i).join(',')}`, RUNS, ''],
      [
        'heatmap',
        "side panel's 7-day opened heatmap",
        values['no-heatmap-endpoint'] ? '/v1/reports/conversations?from=2026-11-24&to=2026-11-30' : '/v1/reports/opened-heatmap?from=2026-11-24&to=2026-11-30',
        RUNS,
        '',
      ],
      ['list', 'first list page (closed_at desc, 50)', `/v1/reports/conversations/list?${RANGE}`, RUNS, ''],
      ['list', 'deep list page (after the middle row, 50)', `/v1/reports/conversations/list?${RANGE}&cursor=${deepCursor}`, RUNS, '≤ 2× first page'],
      // Drill-down (product.md §8): the list narrowed to a clicked cell (its span, then its quarter-hours), an hour of every day, a day's bar.
      ['list', 'list of one heatmap cell (basis=opened, weekday, hour)', `/v1/reports/conversations/list?${RANGE}&basis=opened&weekday=2&hour=10`, RUNS, '≤ 2× first page'],
      ['list', 'list of an hour on every day (hour=10, 30 ranges)', `/v1/reports/conversations/list?${RANGE}&hour=10`, RUNS, '≤ 2× first page'],
      ['list', 'list of one day bar (bucket=2026-11-15)', `/v1/reports/conversations/list?${RANGE}&bucket=2026-11-15`, RUNS, '≤ 2× first page'],
    ];
    const line = (name: string, ms: number, extra: string, target: string) =>
      console.log(
        `  ${name.padEnd(60)} ${ms.toFixed(1).padStart(8)} ms  ${(ms / me.ms).toFixed(1).padStart(6)}× /v1/me  ${(ms / groupBy.ms).toFixed(1).padStart(6)}× GROUP BY  ${extra.padEnd(12)} ${target ? `target ${target}` : ''}`,
      );
    line('baseline: GET /v1/me', me.ms, '', '');
    line('baseline: raw GROUP BY count in the worker', groupBy.ms, '', '');
    let largestResult = 0;
    for (const [group, name, path, runs, target] of cases) {
      if (!ONLY.has(group)) continue;
      const t = await median(path, runs);
      largestResult = Math.max(largestResult, (await largestFor(path)).bytes);
      line(name, t.ms, `${(t.bytes / 1024).toFixed(0)} KiB`, target);
    }
    if (!ONLY.has('export')) {
      console.log(`  largest D1 result read by any request above: ${(largestResult / 1024 / 1024).toFixed(2)} MB (target < 5 MB)`);
      return;
    }
    // The whole export, once (at 1M it is the longest request of the bench).
    const listed = await fetch(`${server}/v1/reports/conversations/list?${RANGE}&limit=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    const closed = ((await listed.json()) as { total: number }).total;
    const exportRuns = conversations >= 1_000_000 ? 1 : 2;
    await largestOf();
    const exp = await median(`/v1/reports/conversations/export.csv?${RANGE}`, exportRuns);
    // Its largest chunk from the timed runs (sizing a chunk is free), its largest D1 result from one more run.
    const { chunk } = await largestOf();
    const exported = { chunk, bytes: (await largestFor(`/v1/reports/conversations/export.csv?${RANGE}`)).bytes };
    largestResult = Math.max(largestResult, exported.bytes);
    line('whole CSV export', exp.ms, `${((closed / exp.ms) * 1000).toFixed(0)} rows/s`, '≥ 50,000 rows/s');
    // Memory flat in the row count: what the export holds at once is one D1 result and one chunk.
    console.log(
      `    its ${(exp.bytes / 1024 / 1024).toFixed(1)} MB for ${closed.toLocaleString('en')} rows: largest D1 result ${(exported.bytes / 1024 / 1024).toFixed(2)} MB, largest chunk written ${(exported.chunk / 1024 / 1024).toFixed(2)} MB`,
    );
    // Its parts alone over the same rows (scripts/bench/report-worker.ts), each as rows/s of the
    // range's closes: where the export's time goes.
    const phase = (name: string) => `/__bench/export-phase?phase=${name}&workspace=${WORKSPACE}&from=${START}&to=${START + SPAN}&tz=America/Mexico_City&rows=${closed}`;
    const parts: Array<[string, string]> = values['export-parts'] ? [
      ['reads', "  part: the export's D1 page reads alone"],
      ['list-reads', "  before: the list's page reads it used (every column, 500 rows)"],
      ['format', '  part: formatting alone (no D1)'],
    ] : [];
    for (const rows of values['export-pages'].split(',')) {
      parts.push([`select&page=${rows}`, `  baseline: raw keyset SELECT of its columns, ${rows}-row pages`]);
      parts.push([`select&page=${rows}&shape=json`, `  baseline: the same as one json_array per row, parsed`]);
      parts.push([`select&page=${rows}&shape=keys`, `  baseline: only (closed_at, id), ${rows}-row pages`]);
      parts.push([`stream&page=${rows}`, `  part: streaming its CSV alone, ${rows}-row chunks`]);
    }
    for (const [name, label] of parts) {
      // One run each, no warm-up: the export's own figure above already warmed the same rows.
      const t = await timed(phase(name));
      line(label, t.ms, `${((closed / t.ms) * 1000).toFixed(0)} rows/s`, '');
    }
    console.log(`  largest D1 result read by any request above: ${(largestResult / 1024 / 1024).toFixed(2)} MB (target < 5 MB)`);
  } finally {
    await worker.stop();
    rmSync(state, { recursive: true, force: true });
  }
}

for (const size of SIZES) await benchSize(size);
process.exit(0);
