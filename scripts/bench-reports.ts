// Report latency on loopback: a fresh local D1 seeded with 100,000 conversations in a 30-day
// range (one INSERT … SELECT over a recursive counter), `wrangler dev` on a free port, then
// several timed runs of each request; prints min / median / p90 and the ratio to a baseline
// measured in the same run (GET /v1/me: authenticated, no report work), so the figures can be
// compared across runs on a shared, noisy machine. Nothing here asserts a timing.
//   node scripts/bench-reports.ts [--runs 15] [--conversations 100000]
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyLocalMigrations, freePort, startLocalWorker } from './local-worker.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, conversations: { type: 'string', default: '100000' } } });
const RUNS = Number(values.runs);
const CONVERSATIONS = Number(values.conversations);
const DAY_MS = 86_400_000;
const WORKSPACE = 'ws-bench';
const TOKEN = `tok_${randomBytes(16).toString('hex')}`;
// 2026-11-01 .. 2026-11-30 in America/Mexico_City (UTC-6, no DST).
const START = Date.UTC(2026, 10, 1, 6);
const SPAN = 30 * DAY_MS;

/** Realistic spreads of channels, sources, categories, assignees and durations (some null). */
function seedSql(): string {
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

const state = mkdtempSync(join(tmpdir(), 'convolens-report-bench-'));
await applyLocalMigrations({ persistTo: state });
const seedFile = join(state, 'seed.sql');
writeFileSync(seedFile, seedSql());
const seededAt = performance.now();
const seeded = spawnSync('npx', ['wrangler', 'd1', 'execute', 'convolens', '--local', '--persist-to', state, '--file', seedFile], {
  env: { ...process.env, CI: 'true' },
  encoding: 'utf8',
});
if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);
console.log(`seeded ${CONVERSATIONS} conversations in ${((performance.now() - seededAt) / 1000).toFixed(1)} s`);

const worker = await startLocalWorker({ port: await freePort(), persistTo: state });
const server = worker.url;

async function timed(path: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(`${server}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
  return { ms: performance.now() - start, bytes: body.byteLength };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

const RANGE = 'from=2026-11-01&to=2026-11-30';
const CASES: Array<[string, string, number]> = [
  ['full report', `/v1/reports/conversations?${RANGE}`, RUNS],
  ['full report, hours=business', `/v1/reports/conversations?${RANGE}&hours=business`, RUNS],
  ['report filtered (open_channel=ch-1,ch-2 & contact_type=returning)', `/v1/reports/conversations?${RANGE}&open_channel=ch-1,ch-2&contact_type=returning`, RUNS],
  ['report with a closed-side filter (category)', `/v1/reports/conversations?${RANGE}&category=Category%201,Category%202`, RUNS],
  ['first list page (closed_at desc, 50)', `/v1/reports/conversations/list?${RANGE}`, RUNS],
  ['first list page (first_response_time_ms asc, 50)', `/v1/reports/conversations/list?${RANGE}&sort=first_response_time_ms&order=asc`, RUNS],
  ['first list page (contact_name desc, 500)', `/v1/reports/conversations/list?${RANGE}&sort=contact_name&order=desc&limit=500`, RUNS],
  ['CSV export of the whole range', `/v1/reports/conversations/export.csv?${RANGE}`, 3],
  ['one thread: GET /v1/threads/{id}/current', '/v1/threads/thread-7/current', RUNS],
  ['inbox badges: 100 threads by id (GET /v1/threads/current?ids=)', `/v1/threads/current?ids=${Array.from({ length: 100 }, (_, i) => `thread-${i * 397}`).join(',')}`, RUNS],
  // Bare display ids matching no thread exactly: the account-scoped fallback scans (worker/db/threads.ts).
  ['inbox badges: 100 unknown bare display ids (fallback scan)', `/v1/threads/current?ids=${Array.from({ length: 100 }, (_, i) => 900000 + i).join(',')}`, RUNS],
];

console.log(`${CONVERSATIONS} conversations, 30-day range, wrangler dev on loopback (local D1); ${RUNS} timed runs after 2 warm-ups`);
let baseline = 0;
for (const [name, path, runs] of [['baseline: GET /v1/me', '/v1/me', RUNS] as [string, string, number], ...CASES]) {
  for (let i = 0; i < 2; i++) await timed(path);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = await timed(path);
    samples.push(t.ms);
    bytes = t.bytes;
  }
  baseline ||= pct(samples, 50);
  console.log(
    `  ${name.padEnd(68)} median ${pct(samples, 50).toFixed(1).padStart(7)} ms   min ${Math.min(...samples).toFixed(1).padStart(7)} ms   p90 ${pct(samples, 90).toFixed(1).padStart(7)} ms   ${(pct(samples, 50) / baseline).toFixed(1).padStart(6)}× baseline   ${(bytes / 1024).toFixed(0)} KiB`,
  );
}
await worker.stop();
rmSync(state, { recursive: true, force: true });
process.exit(0);
