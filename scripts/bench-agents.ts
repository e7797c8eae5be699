// Team-performance latency (GET /v1/reports/agents) on loopback: a fresh local D1 seeded with
// 100,000 conversations in a 30-day range, each with two assignments and two responses by 25
// people in 4 teams; `wrangler dev` on a free port; several timed runs of each request, printed
// with the ratio to two baselines measured in the same run: GET /v1/me (no report work) and the
// Conversations report's timings over the same rows (GET /v1/reports/conversations). Nothing
// here asserts a timing.
//   node scripts/bench-agents.ts [--runs 7] [--conversations 100000]
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { applyLocalMigrations, freePort, startLocalWorker } from './local-worker.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, conversations: { type: 'string', default: '100000' } } });
const RUNS = Number(values.runs);
const CONVERSATIONS = Number(values.conversations);
const DAY_MS = 86_400_000;
const WORKSPACE = 'ws-bench';
const TOKEN = `tok_${randomBytes(16).toString('hex')}`;
const START = Date.UTC(2026, 10, 1, 6); // 2026-11-01 00:00 in America/Mexico_City (UTC-6)
const SPAN = 30 * DAY_MS;

function seedSql(): string {
  const open = `(${START} + (i * ${Math.floor(SPAN / CONVERSATIONS)}))`;
  const resolution = `(60000 + (i * 104729) % 14400000)`;
  const frt = `((i * 15485863) % 5400000)`;
  const person = (expr: string) => `json_object('id', 'u-' || (${expr}), 'name', 'Agent ' || (${expr}))`;
  const team = (expr: string) => `json_object('id', 't-' || ((${expr}) % 4), 'name', 'Team ' || ((${expr}) % 4))`;
  const now = Date.now();
  return `
    INSERT INTO workspaces (id, name, timezone, created_at, history_started_at, first_response_target_ms, resolution_target_ms, categories,
      business_hours)
      VALUES ('${WORKSPACE}', 'Bench', 'America/Mexico_City', ${now}, ${START - 365 * DAY_MS}, 300000, 3600000, '[]',
      '{"timezone":"America/Mexico_City","weekly":{"mon":[{"start":"09:00","end":"18:00"}],"tue":[{"start":"09:00","end":"18:00"}],"wed":[{"start":"09:00","end":"18:00"}],"thu":[{"start":"09:00","end":"18:00"}],"fri":[{"start":"09:00","end":"18:00"}]}}');
    INSERT INTO api_tokens (id, workspace_id, token_hash, role, name, created_at)
      VALUES ('tok-bench', '${WORKSPACE}', '${createHash('sha256').update(TOKEN).digest('hex')}', 'manager', 'bench', ${now});
    INSERT INTO conversations (
      workspace_id, id, thread_id, cycle, contact_id, contact_type, status, opened_at, open_source,
      closed_at, closed_source, closed_by_id, closed_by_name, closed_by_team_id, closed_by_team_name,
      first_assignment_at, first_assignee_id, last_assignment_at, last_assignee_id, assignee_carried_over,
      first_response_at, first_response_by_id, first_response_by_name, first_response_by_type,
      first_response_time_ms, bh_first_response_time_ms, resolution_time_ms, bh_resolution_time_ms,
      assignments, incoming_messages, outgoing_messages, responses, response_waits, responders, assignment_history, last_event_at)
    WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ${CONVERSATIONS - 1})
    SELECT '${WORKSPACE}', 'conv-' || i, 'thread-' || (i % 40000), 1 + i / 40000, 'contact-' || (i % 40000), 'new', 'closed',
      ${open}, 'contact', ${open} + ${resolution}, CASE i % 7 WHEN 0 THEN 'bot' WHEN 1 THEN 'workflow' ELSE 'user' END,
      'u-' || (i % 25), 'Agent ' || (i % 25), 't-' || (i % 25 % 4), 'Team ' || (i % 25 % 4),
      ${open} + 1000, 'u-' || (i % 25), ${open} + 2000, 'u-' || ((i + 1) % 25), 0,
      ${open} + ${frt}, 'u-' || (i % 25), 'Agent ' || (i % 25), 'user',
      ${frt}, ${frt}, ${resolution}, ${resolution}, 2, 2, 2, 2,
      json_array(json_array(${open}, ${open} + ${frt}), json_array(${open} + ${frt} + 1000, ${open} + ${frt} + 61000)),
      json_array(${person('i % 25')}, ${person('(i + 1) % 25')}),
      json_array(
        json_object('at', ${open} + 1000, 'assignee', ${person('i % 25')}, 'team', ${team('i % 25')}),
        json_object('at', ${open} + 2000, 'assignee', ${person('(i + 1) % 25')}, 'team', ${team('(i + 1) % 25')})),
      ${open} + ${resolution}
    FROM seq;`;
}

const state = mkdtempSync(join(tmpdir(), 'convolens-agents-bench-'));
await applyLocalMigrations({ persistTo: state });
const seedFile = join(state, 'seed.sql');
writeFileSync(seedFile, seedSql());
const seeded = spawnSync('npx', ['wrangler', 'd1', 'execute', 'convolens', '--local', '--persist-to', state, '--file', seedFile], {
  env: { ...process.env, CI: 'true' },
  encoding: 'utf8',
});
if (seeded.status !== 0) throw new Error(`seeding failed:\n${seeded.stderr}`);

const worker = await startLocalWorker({ port: await freePort(), persistTo: state });

async function timed(path: string): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const res = await fetch(`${worker.url}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${path} → ${res.status} ${new TextDecoder().decode(body).slice(0, 300)}`);
  return { ms: performance.now() - start, bytes: body.byteLength };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const RANGE = 'from=2026-11-01&to=2026-11-30';
const CASES: Array<[string, string]> = [
  ['baseline: GET /v1/me', '/v1/me'],
  ['baseline: Conversations report (same rows)', `/v1/reports/conversations?${RANGE}`],
  ['agents report, calendar hours', `/v1/reports/agents?${RANGE}`],
  ['agents report, hours=business (waits measured per response)', `/v1/reports/agents?${RANGE}&hours=business`],
  ['agents report filtered (closed_source=user)', `/v1/reports/agents?${RANGE}&closed_source=user`],
  ['list filtered to one person (agent=u-3, 50 rows)', `/v1/reports/conversations/list?${RANGE}&agent=u-3`],
];
console.log(`${CONVERSATIONS} closed conversations, 30-day range, wrangler dev on loopback (local D1); median of ${RUNS} runs after 2 warm-ups`);
const baselines: number[] = [];
for (const [name, path] of CASES) {
  for (let i = 0; i < 2; i++) await timed(path);
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = await timed(path);
    samples.push(t.ms);
    bytes = t.bytes;
  }
  const m = median(samples);
  if (name.startsWith('baseline')) baselines.push(m);
  const ratios = baselines.map((b) => `${(m / b).toFixed(1)}×`).join(' / ');
  console.log(`  ${name.padEnd(62)} median ${m.toFixed(1).padStart(8)} ms   ${ratios.padStart(14)} (vs me / report)   ${(bytes / 1024).toFixed(0)} KiB`);
}
await worker.stop();
rmSync(state, { recursive: true, force: true });
process.exit(0);
