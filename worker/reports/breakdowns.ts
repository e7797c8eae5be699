// The six breakdowns (product.md §4): counts by a property of the conversation, with totals,
// percentages and a series per bucket. Opened-side ones count conversations opened in the
// period, closed-side ones conversations closed in it.
//
// One query per side groups by (bucket, the side's three properties): a single index range scan
// feeds all three breakdowns of that side. The series are grouped by the period's own buckets
// in SQL (their instants, from shared/time.ts resolvePeriod, travel as one JSON parameter and
// each bucket is an index range), so the answer is buckets × keys rows, not quarter-hours × keys
// (tens of thousands for a month); it is as exact across DST and +05:30 as the buckets are.
import { count, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { breakdownComponent } from '../../shared/api';
import { CLOSE_SOURCES, OPEN_SOURCES } from '../../shared/events';
import { CONTACT_TYPES, type ReportFilters } from '../../shared/report';
import type { ResolvedPeriod } from '../../shared/time';
import type { Database } from '../app';
import type { ChannelNames } from '../db/channels';
import { conversations as c } from '../db/schema';
import { filterConditions, NONE, sideColumn, type Side } from './filters';

export type BreakdownJson = z.infer<typeof breakdownComponent>;

/** The key of conversations without the property (opened by a user: no channel; closed without a category). */
export const NONE_KEY = NONE;
/** product.md §2: a conversation opened by a user has channel "-". */
const NONE_LABEL = '-';

interface BreakdownDefinition {
  side: Side;
  /** Which of the side's grouped properties (a, b, c) this breakdown reads. */
  property: 'a' | 'b' | 'c';
  /** Keys always listed (zeros included), in this order; otherwise the keys found, largest first. */
  fixedKeys?: readonly string[];
  /** Items carry `label` (api.md: channels carry their name). */
  labelled?: boolean;
}

/** The properties each side groups by; null values become NONE_KEY. */
const SIDE_PROPERTIES: Record<Side, { a: SQL<string | null>; b: SQL<string | null>; c: SQL<string | null>; label: SQL<string | null> }> = {
  opened: {
    a: sql`${c.contactType}`,
    b: sql`${c.openSource}`,
    c: sql`${c.openChannelId}`,
    label: sql`MAX(${c.openChannelName})`,
  },
  closed: {
    a: sql`${c.category}`,
    // A closed conversation always has a source; `unknown` is the model's word for none known.
    b: sql`COALESCE(${c.closedSource}, 'unknown')`,
    c: sql`${c.contactType}`,
    label: sql`NULL`,
  },
};

export const BREAKDOWNS = {
  opened_by_contact_type: { side: 'opened', property: 'a', fixedKeys: CONTACT_TYPES },
  opened_by_source: { side: 'opened', property: 'b', fixedKeys: OPEN_SOURCES },
  opened_by_channel: { side: 'opened', property: 'c', labelled: true },
  closed_by_category: { side: 'closed', property: 'a' },
  closed_by_source: { side: 'closed', property: 'b', fixedKeys: CLOSE_SOURCES },
  closed_by_contact_type: { side: 'closed', property: 'c', fixedKeys: CONTACT_TYPES },
} as const satisfies Record<string, BreakdownDefinition>;
export type BreakdownKey = keyof typeof BREAKDOWNS;

export interface BreakdownRow {
  /** Index into period.buckets. */
  bucket: number;
  a: string | null;
  b: string | null;
  c: string | null;
  label: string | null;
  count: number;
}

/**
 * Counts per (bucket, a, b, c) of conversations opened (or closed) in the period. The buckets
 * tile [startMs, endMs) exactly, so the rows add up to the side's total.
 */
export function breakdownRowsQuery(db: Database, workspaceId: string, side: Side, period: ResolvedPeriod, filters: ReportFilters) {
  const props = SIDE_PROPERTIES[side];
  const at = sideColumn(side);
  const bounds = JSON.stringify(period.buckets.map((b) => [b.startMs, b.endMs]));
  const bucket = sql<number>`bucket.key`;
  return (
    db
      .select({ bucket: bucket.mapWith(Number), a: props.a, b: props.b, c: props.c, label: props.label, count: count() })
      // CROSS JOIN keeps the buckets outermost: one (workspace_id, opened_at) index range per bucket.
      .from(sql`json_each(${bounds}) AS bucket CROSS JOIN ${c}`)
      .where(
        sql.join(
          [
            sql`${c.workspaceId} = ${workspaceId}`,
            sql`${at} >= bucket.value ->> 0`,
            sql`${at} < bucket.value ->> 1`,
            ...filterConditions(filters),
          ],
          sql` AND `,
        ),
      )
      .groupBy(bucket, props.a, props.b, props.c)
  );
}

/** opened_by_channel's labels from the channel directory, the names every other view shows. */
export function withChannelNames(json: BreakdownJson, channels: ChannelNames): BreakdownJson {
  if (json.status !== 'ok') return json;
  return {
    ...json,
    items: json.items.map((item) =>
      item.key === NONE_KEY ? item : { ...item, label: channels.nameOf(item.key, { name: item.label === item.key ? null : (item.label ?? null), kind: null }) },
    ),
  };
}

const percentOf = (n: number, total: number) => Math.round((n * 1000) / total) / 10;

export function breakdownJson(period: ResolvedPeriod, breakdown: BreakdownKey, rows: readonly BreakdownRow[]): BreakdownJson {
  const def: BreakdownDefinition = BREAKDOWNS[breakdown];
  const totals = new Map<string, number>((def.fixedKeys ?? []).map((k) => [k, 0]));
  const labels = new Map<string, string>();
  const perBucket = period.buckets.map(() => new Map<string, number>());
  let total = 0;
  for (const row of rows) {
    const value = row[def.property];
    const key = value ?? NONE_KEY;
    total += row.count;
    totals.set(key, (totals.get(key) ?? 0) + row.count);
    if (def.labelled) labels.set(key, value === null ? NONE_LABEL : (row.label ?? labels.get(key) ?? key));
    const counts = perBucket[row.bucket];
    if (counts) counts.set(key, (counts.get(key) ?? 0) + row.count);
  }
  if (total === 0) return { status: 'no_data' };
  const keys = def.fixedKeys
    ? [...totals.keys()]
    : [...totals.keys()].sort((x, y) => totals.get(y)! - totals.get(x)! || (x < y ? -1 : x > y ? 1 : 0));
  return {
    status: 'ok',
    total,
    items: keys.map((key) => ({
      key,
      ...(def.labelled ? { label: labels.get(key) ?? key } : {}),
      count: totals.get(key)!,
      percent: percentOf(totals.get(key)!, total),
    })),
    series: period.buckets.map((bucket, i) => ({
      bucket: bucket.key,
      counts: Object.fromEntries(keys.map((key) => [key, perBucket[i]!.get(key) ?? 0])),
    })),
  };
}
