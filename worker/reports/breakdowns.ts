// The breakdowns (product.md §4): counts by a property of the conversation, with totals,
// percentages and a series per bucket. Opened-side ones count conversations opened in the
// period, closed-side ones conversations closed in it.
// Each breakdown is an entry of shared/breakdowns.ts; worker/db/report-breakdowns.ts reads the rows.
import type { z } from 'zod';
import type { breakdownComponent } from '../../shared/api';
import { BREAKDOWNS as BREAKDOWN_TABLE, type Breakdown, type BreakdownDefinition, type BreakdownKey } from '../../shared/breakdowns';
import type { FilterDefinition } from '../../shared/report';
import type { ResolvedPeriod } from '../../shared/time';
import type { ChannelNames } from '../db/channels';
import { NONE } from '../db/report-filters';
import { filterOf, NAME_SUFFIX, type BreakdownRow } from '../db/report-breakdowns';

export type BreakdownJson = z.infer<typeof breakdownComponent>;

/** The key of conversations without the property (opened by a user: no channel; closed without a category). */
export const NONE_KEY = NONE;
/** product.md §2: a conversation opened by a user has channel "-". */
const NONE_LABEL = '-';

export type { BreakdownKey } from '../../shared/breakdowns';

/** shared/breakdowns.ts's entries by component key (the report shapes each from its side's rows). */
export const BREAKDOWNS = Object.fromEntries(BREAKDOWN_TABLE.map((b) => [b.key, b])) as { [K in BreakdownKey]: Extract<Breakdown, { key: K }> };

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
  // A vocabulary's keys are all listed (zeros included), in its order; others are the keys found.
  const fixedKeys = def.items === 'vocabulary' ? (filterOf(def.filter) as FilterDefinition).values : undefined;
  const labelled = def.items === 'named';
  const totals = new Map<string, number>((fixedKeys ?? []).map((k) => [k, 0]));
  const labels = new Map<string, string>();
  const perBucket = period.buckets.map(() => new Map<string, number>());
  let total = 0;
  for (const row of rows) {
    const value = row[def.filter] as string | null;
    const key = value ?? NONE_KEY;
    total += row.count;
    totals.set(key, (totals.get(key) ?? 0) + row.count);
    const name = row[`${def.filter}${NAME_SUFFIX}`] as string | null | undefined;
    if (labelled) labels.set(key, value === null ? NONE_LABEL : (name ?? labels.get(key) ?? key));
    const counts = perBucket[row.bucket];
    if (counts) counts.set(key, (counts.get(key) ?? 0) + row.count);
  }
  if (total === 0) return { status: 'no_data' };
  const keys = fixedKeys
    ? [...totals.keys()]
    : [...totals.keys()].sort((x, y) => totals.get(y)! - totals.get(x)! || (x < y ? -1 : x > y ? 1 : 0));
  return {
    status: 'ok',
    total,
    items: keys.map((key) => ({
      key,
      ...(labelled ? { label: labels.get(key) ?? key } : {}),
      count: totals.get(key)!,
      percent: percentOf(totals.get(key)!, total),
    })),
    series: period.buckets.map((bucket, i) => ({
      bucket: bucket.key,
      counts: Object.fromEntries(keys.map((key) => [key, perBucket[i]!.get(key) ?? 0])),
    })),
  };
}
