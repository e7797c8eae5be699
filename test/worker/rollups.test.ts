// The report's rollups (shared/rollups.ts, worker/db/rollups.ts) equal a fresh aggregation of
// the conversation rows after any sequence of deliveries: in any order, repeated, late, reopening
// a contact's thread, closing with any source and category, renaming a contact's type by a later
// earlier conversation. And the report answers the same from the rollups as from the rows.
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aggregateDurationRollups,
  aggregateRollups,
  breakdownProperty,
  durationRollupKeyString,
  type DimensionChange,
  rollupKeyString,
  type DurationMetric,
  type DurationRollupChange,
  type DurationRollupConversation,
  type RollupChange,
  type RollupConversation,
} from '../../shared/rollups';
import { BREAKDOWNS } from '../../shared/breakdowns';
import { database } from '../../worker/app';
import { allDimensionRollupsQuery, allDurationRollupsQuery, allRollupsQuery, rebuildRollups, rollupConversationColumns } from '../../worker/db/rollups';
import { conversations } from '../../worker/db/schema';
import { aggregateDurationValues, DURATION_VALUE_CODES, HOURS_CODES } from '../../shared/duration-values';
import { allDurationValuesQuery } from '../../worker/db/duration-values';
import { and, eq } from 'drizzle-orm';
import { createToken, createWorkspace, get, json, postNative, settled } from './helpers';

const DAY = Date.UTC(2026, 10, 10);
const CHANNELS = [
  { id: 'wa', name: 'WhatsApp', type: 'whatsapp' },
  { id: 'em', name: 'Email', type: 'email' },
];
const ana = { id: 'u-ana', name: 'Ana', team: { id: 't-1', name: 'Sales' } };

/** One native event of a small universe: two contacts, two channels, a few minutes of a day. */
const eventArb = fc.record({
  contact: fc.constantFrom('c-1', 'c-2'),
  minute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
  kind: fc.constantFrom('incoming', 'reply', 'opened', 'closed', 'assigned'),
  channel: fc.constantFrom(0, 1),
  closedSource: fc.constantFrom('user', 'bot', 'auto_close', 'unknown'),
  category: fc.constantFrom(undefined, 'Billing', 'Shipping'),
});
type GenEvent = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function nativeEvent(e: GenEvent, n: number) {
  const base = { id: `e-${n}`, occurred_at: DAY + e.minute * 60_000 + n, contact: { id: e.contact, name: e.contact } };
  switch (e.kind) {
    case 'incoming':
      return { ...base, type: 'message.created', message: { id: `m-${n}`, direction: 'incoming', sender: { type: 'contact' }, channel: CHANNELS[e.channel] } };
    case 'reply':
      return { ...base, type: 'message.created', message: { id: `m-${n}`, direction: 'outgoing', sender: { type: 'user', id: ana.id, name: ana.name } } };
    case 'opened':
      return { ...base, type: 'conversation.opened', source: 'user', user: ana };
    case 'closed':
      return { ...base, type: 'conversation.closed', source: e.closedSource, ...(e.closedSource === 'user' ? { user: ana } : {}), ...(e.category ? { category: e.category } : {}) };
    case 'assigned':
      return { ...base, type: 'conversation.assigned', assignee: ana };
  }
}

const cells = (changes: readonly RollupChange[]) =>
  new Map(changes.filter((c) => c.conversations !== 0).map((c) => [rollupKeyString(c), c.conversations]));

/** Duration cells as key → [count, sum, histogram's (bucket, count) pairs in bucket order]. */
const durationCells = (changes: ReadonlyArray<Pick<DurationRollupChange, 'hours' | 'grain' | 'cell' | 'metric' | 'count' | 'sum' | 'buckets'>>) =>
  new Map(
    changes
      .filter((c) => c.count !== 0 || c.sum !== 0 || c.buckets.size > 0)
      .map((c) => [durationRollupKeyString(c), [c.count, c.sum, [...c.buckets].sort((a, b) => a[0] - b[0])]]),
  );

/** Breakdown cells as [breakdown, grain, cell, value] → conversations. */
const dimensionCells = (changes: ReadonlyArray<Pick<DimensionChange, 'dimension' | 'grain' | 'cell' | 'value' | 'conversations'>>) =>
  new Map(changes.filter((c) => c.conversations !== 0).map((c) => [JSON.stringify([c.dimension, c.grain, c.cell, c.value]), c.conversations]));

/**
 * The breakdown cells counted straight from the rows, at each grain, without shared/rollups.ts's
 * projection (so a grain its writes or rebuild left out shows here): one per conversation per
 * breakdown of its side and grain, in the cell of its open (or close), under its property ('' for none).
 */
function freshDimensionCells(rows: readonly RollupConversation[]) {
  const grains = [
    ['quarter', 15 * 60_000],
    ['hour', 60 * 60_000],
    ['day', 24 * 60 * 60_000],
  ] as const;
  const out = new Map<string, number>();
  for (const row of rows) {
    for (const breakdown of BREAKDOWNS) {
      const at = breakdown.side === 'opened' ? row.openedAt : row.closedAt;
      if (at === null) continue;
      const value = row[breakdownProperty(breakdown) as keyof RollupConversation] ?? '';
      for (const [grain, ms] of grains) {
        const key = JSON.stringify([breakdown.key, grain, Math.floor(at / ms), value]);
        out.set(key, (out.get(key) ?? 0) + 1);
      }
    }
  }
  return out;
}

/** Value-index rows as "hours|metric|value|quarter" (stored codes) → conversations; a stored row left at 0 shows. */
const valueRows = (rows: ReadonlyArray<{ hours: number; metric: number; value: number; quarter: number; conversations: number }>) =>
  new Map(rows.map((r) => [[r.hours, r.metric, r.value, r.quarter].join('|'), r.conversations]));

async function rollupsAndFresh(workspaceId: string) {
  const db = database(env);
  const stored = await allRollupsQuery(db, workspaceId);
  const storedDurations = (await allDurationRollupsQuery(db, workspaceId)).map((c) => ({
    ...c,
    metric: c.metric as DurationMetric,
    buckets: new Map(Object.entries(JSON.parse(c.buckets) as Record<string, number>).map(([b, n]) => [Number(b), n])),
  }));
  // The duration columns are typed loosely (one map per hours mode); their values are integers or null.
  const rows = (await db.select(rollupConversationColumns).from(conversations).where(eq(conversations.workspaceId, workspaceId))) as Array<
    RollupConversation & DurationRollupConversation
  >;
  return {
    stored: {
      counts: cells(stored),
      breakdowns: dimensionCells(
        (await allDimensionRollupsQuery(db, workspaceId)).map((c) => ({ ...c, dimension: c.dimension as DimensionChange['dimension'], value: c.propertyValue })),
      ),
      durations: durationCells(storedDurations),
      values: valueRows(await allDurationValuesQuery(db, workspaceId)),
    },
    fresh: {
      counts: cells(aggregateRollups(rows)),
      breakdowns: freshDimensionCells(rows),
      durations: durationCells(aggregateDurationRollups(rows)),
      values: valueRows(
        aggregateDurationValues(rows).map((c) => ({ ...c, hours: HOURS_CODES[c.hours], metric: DURATION_VALUE_CODES[c.field] })),
      ),
    },
  };
}

describe('rollups maintained with the conversations', () => {
  it('equal a fresh aggregation of the rows after any sequence of deliveries', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { minLength: 1, maxLength: 14 }),
        // How the events are cut into deliveries, and which deliveries arrive twice.
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 14, maxLength: 14 }),
        fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
        fc.integer({ min: 0, max: 1_000 }),
        // After which deliveries derivation catches up: a later delivery then changes conversations
        // already written (closed ones included), not only rows derived from nothing.
        fc.array(fc.boolean(), { minLength: 14, maxLength: 14 }),
        async (generated, cuts, repeats, shuffleSeed, settles) => {
          const ws = await createWorkspace('UTC');
          const events = generated.map(nativeEvent);
          // Deliveries in a shuffled order (late events included), each of 1–4 events.
          const order = events.map((_, i) => i).sort((a, b) => ((a * 7919 + shuffleSeed) % 97) - ((b * 7919 + shuffleSeed) % 97));
          const deliveries: unknown[][] = [];
          for (let i = 0, d = 0; i < order.length; d++) {
            const size = cuts[d % cuts.length]!;
            deliveries.push(order.slice(i, i + size).map((k) => events[k]!));
            i += size;
          }
          for (const [d, batch] of deliveries.entries()) {
            for (let times = 0; times < (repeats[d % repeats.length] ? 2 : 1); times++) {
              const res = await postNative(ws, { events: batch }, `dlv-${d}`);
              expect([200, 202]).toContain(res.status);
            }
            if (settles[d % settles.length]) await settled(ws);
          }
          await settled(ws);
          const { stored, fresh } = await rollupsAndFresh(ws.id);
          expect(stored).toEqual(fresh);
        },
      ),
      { numRuns: 25 },
    );
  }, 120_000);

  it('equal a fresh aggregation when late deliveries keep changing closed conversations', async () => {
    // One contact, one hour, each delivery derived before the next: most deliveries land in a
    // conversation already closed and move its durations or its close (the value index's removals).
    const lateArb = fc.record({
      contact: fc.constant('c-1'),
      minute: fc.integer({ min: 0, max: 59 }),
      kind: fc.constantFrom('incoming', 'reply', 'closed', 'assigned'),
      channel: fc.constant(0),
      closedSource: fc.constant('user'),
      category: fc.constant(undefined),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(lateArb, { minLength: 2, maxLength: 8 }), async (generated) => {
        const ws = await createWorkspace('UTC');
        for (const [n, e] of generated.entries()) {
          expect([200, 202]).toContain((await postNative(ws, { events: [nativeEvent(e, n)] }, `late-${n}`)).status);
          await settled(ws);
        }
        const { stored, fresh } = await rollupsAndFresh(ws.id);
        expect(stored).toEqual(fresh);
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('a closed conversation that changes leaves none of its old values behind', async () => {
    const ws = await createWorkspace('UTC');
    const at = (minute: number, kind: GenEvent['kind'], n: number) =>
      nativeEvent({ contact: 'c-1', minute, kind, channel: 0, closedSource: 'user', category: undefined }, n);
    // c-1 writes at 01:00, Ana answers at 01:05, closes at 01:20: first response 5 min + 1 ms.
    await postNative(ws, { events: [at(60, 'incoming', 1), at(65, 'reply', 2), at(80, 'closed', 3)] }, 'one');
    await settled(ws);
    // A late delivery: she had answered at 01:02 already (event 4): first response 2 min + 3 ms.
    await postNative(ws, { events: [at(62, 'reply', 4)] }, 'late');
    await settled(ws);
    const { stored, fresh } = await rollupsAndFresh(ws.id);
    expect(stored).toEqual(fresh);
    const q = Math.floor((DAY + 80 * 60_000 + 3) / 900_000);
    expect(stored.values.get(`0|1|120003|${q}`)).toBe(1);
    expect(stored.values.has(`0|1|300001|${q}`)).toBe(false);
  });

  it('notices a write that skips them (the check can fail)', async () => {
    const ws = await createWorkspace('UTC');
    await postNative(ws, { events: [nativeEvent({ contact: 'c-1', minute: 60, kind: 'incoming', channel: 0, closedSource: 'user', category: undefined }, 1)] }, 'one');
    await settled(ws);
    // A row changed behind the rollups' back: its channel moves from wa to em.
    await database(env).update(conversations).set({ openChannelId: 'em' }).where(and(eq(conversations.workspaceId, ws.id)));
    const { stored, fresh } = await rollupsAndFresh(ws.id);
    // Before the change they agreed at every grain: the opened channel's cells, quarter 4 of the day (01:00), hour 1, the day.
    const day = DAY / 86_400_000;
    for (const [grain, cell] of [['quarter', day * 96 + 4], ['hour', day * 24 + 1], ['day', day]] as const) {
      expect(stored.breakdowns.get(JSON.stringify(['opened_by_channel', grain, cell, 'wa'])), grain).toBe(1);
      expect(fresh.breakdowns.get(JSON.stringify(['opened_by_channel', grain, cell, 'em'])), grain).toBe(1);
    }
    expect(stored.counts).not.toEqual(fresh.counts);
    expect(stored.breakdowns).not.toEqual(fresh.breakdowns);
    // A rebuild (npm run recompute) makes them agree again.
    await rebuildRollups(database(env), ws.id);
    const rebuilt = await rollupsAndFresh(ws.id);
    expect(rebuilt.stored).toEqual(rebuilt.fresh);
  });

  it('notices a duration changed behind their back, and a rebuild in SQL equals the aggregation in code', async () => {
    const ws = await createWorkspace('UTC');
    // c-1 writes at 01:00, Ana answers at 01:03 and closes at 01:20: a closed conversation with durations.
    const at = (minute: number, kind: GenEvent['kind'], n: number) =>
      nativeEvent({ contact: 'c-1', minute, kind, channel: 0, closedSource: 'user', category: 'Billing' }, n);
    await postNative(ws, { events: [at(60, 'incoming', 1), at(63, 'reply', 2), at(80, 'closed', 3)] }, 'one');
    await settled(ws);
    const before = await rollupsAndFresh(ws.id);
    expect(before.stored).toEqual(before.fresh);
    // First response 3 min (+1 ms of event numbering) in both hours modes' cells, quarter and day.
    expect([...before.stored.durations.keys()].filter((k) => k.endsWith('|first_response_time_ms')).length).toBe(4);
    // The value index holds that first response (3 min + 1 ms) once, in its close's quarter-hour (01:15).
    const closeQuarter = (DAY + 80 * 60_000 + 3) / 900_000 - ((DAY + 80 * 60_000 + 3) % 900_000) / 900_000;
    expect(before.stored.values.get(`0|1|180001|${closeQuarter}`)).toBe(1);
    await database(env).update(conversations).set({ firstResponseTimeMs: 1 }).where(eq(conversations.workspaceId, ws.id));
    const changed = await rollupsAndFresh(ws.id);
    expect(changed.stored.counts).toEqual(changed.fresh.counts);
    expect(changed.stored.durations).not.toEqual(changed.fresh.durations);
    expect(changed.stored.values).not.toEqual(changed.fresh.values);
    await rebuildRollups(database(env), ws.id);
    const rebuilt = await rollupsAndFresh(ws.id);
    expect(rebuilt.stored).toEqual(rebuilt.fresh);
  });

  it('the report reads the same from the rollups as from the rows', async () => {
    const ws = await createWorkspace('UTC');
    const manager = await createToken(ws, 'manager');
    const events = [
      // c-1: WhatsApp 09:00, closed by Ana 09:30 (Billing); again by email 10:00, auto-closed 11:00.
      nativeEvent({ contact: 'c-1', minute: 540, kind: 'incoming', channel: 0, closedSource: 'user', category: undefined }, 1),
      nativeEvent({ contact: 'c-1', minute: 570, kind: 'closed', channel: 0, closedSource: 'user', category: 'Billing' }, 2),
      nativeEvent({ contact: 'c-1', minute: 600, kind: 'incoming', channel: 1, closedSource: 'user', category: undefined }, 3),
      nativeEvent({ contact: 'c-1', minute: 660, kind: 'closed', channel: 1, closedSource: 'auto_close', category: undefined }, 4),
      // c-2: opened by a user 12:00, still open.
      nativeEvent({ contact: 'c-2', minute: 720, kind: 'opened', channel: 0, closedSource: 'user', category: undefined }, 5),
    ];
    await postNative(ws, { events }, 'all');
    await settled(ws);
    const path = '/v1/reports/conversations?from=2026-11-10&to=2026-11-10&tz=UTC';
    const fromRollups = await json(await get(path, manager));
    // The same request with a filter outside the rollup keys that every conversation matches
    // (a contact-name part both names share) is answered from the rows.
    const fromRows = await json(await get(`${path}&contact=c-`, manager));
    expect(fromRollups.components.summary).toEqual(fromRows.components.summary);
    expect(fromRollups.components.opened_heatmap).toEqual(fromRows.components.opened_heatmap);
    expect(fromRollups.components.closed_heatmap).toEqual(fromRows.components.closed_heatmap);
    // The side panel's heatmap endpoint answers the report's component.
    const heatmapPath = '/v1/reports/opened-heatmap?from=2026-11-10&to=2026-11-10&tz=UTC';
    expect((await json(await get(heatmapPath, manager))).opened_heatmap).toEqual(fromRollups.components.opened_heatmap);
    expect((await json(await get(`${heatmapPath}&category=Billing`, manager))).opened_heatmap).toEqual({ status: 'not_applicable' });
    // product.md §5: agents see the team's peaks in the side panel, but not the report itself.
    const agent = await createToken(ws, 'agent');
    const agentHeatmap = await get(heatmapPath, agent);
    expect(agentHeatmap.status).toBe(200);
    expect((await json(agentHeatmap)).opened_heatmap).toEqual(fromRollups.components.opened_heatmap);
    expect((await get(path, agent)).status).toBe(403);
    for (const key of ['opened_by_channel', 'opened_by_source', 'opened_by_contact_type', 'closed_by_category', 'closed_by_source', 'closed_by_contact_type']) {
      expect(fromRollups.components[key], key).toEqual(fromRows.components[key]);
    }
    // By hand: opened 3 (2 by contact, 1 by user), closed 2; c-1's first is new, its second returning.
    expect(fromRollups.components.summary).toMatchObject({ opened: 3, closed: 2 });
    expect(fromRollups.components.opened_by_contact_type.items).toEqual([
      { key: 'new', count: 2, percent: 66.7 },
      { key: 'returning', count: 1, percent: 33.3 },
    ]);
    expect(fromRollups.components.closed_by_category.items).toEqual([
      { key: 'Billing', count: 1, percent: 50 },
      { key: 'none', count: 1, percent: 50 },
    ]);
  });
});
