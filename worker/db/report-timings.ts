// The timings' statements (product.md §4, §6; worker/reports/timings.ts computes the statistics):
// each duration's values of the conversations closed in a span packed with group_concat (a few
// strings per hour instead of a row per conversation) and their unpacking. (The values near the
// ranks the duration rollups locate come from the value index: worker/db/duration-values.ts.)
import { count, sql, type SQL } from 'drizzle-orm';
import { DURATION_FIELDS, type DurationField } from '../../shared/api';
import type { HoursMode, ReportFilters } from '../../shared/report';
import { HOUR_MS } from '../../shared/time';
import type { Database } from '../app';
import { durationColumn } from '../reports/durations';
import { conversations as c } from './schema';
import { reportWhere, type Span } from './report-filters';

/** One row per UTC hour with closes: how many, and each duration's values as "v1,v2,…" (nulls skipped). */
export type TimingValuesRow = { closed: number } & Record<DurationField, string | null>;

/**
 * NOTE: D1 caps a string at 2,000,000 bytes, group_concat results included. Packing per UTC hour
 * keeps each string far below it (≈ 8 bytes a value: 250,000 closes in one hour would be needed).
 */
export function timingValuesQuery(db: Database, workspaceId: string, period: Span, filters: ReportFilters, hours: HoursMode) {
  const hour = sql`${c.closedAt} / ${sql.raw(String(HOUR_MS))}`;
  const values = Object.fromEntries(
    DURATION_FIELDS.map((field) => [field, sql<string | null>`group_concat(${durationColumn(field, hours)})`]),
  ) as Record<DurationField, SQL<string | null>>;
  return db
    .select({ closed: count(), ...values })
    .from(c)
    .where(reportWhere(workspaceId, 'closed', period, filters))
    .groupBy(hour);
}

/**
 * The packed values of one duration across the hour rows: "120000,-5,300000" → numbers. A
 * character loop rather than split + Number (no string per value: ~2× faster for 100,000);
 * anything but an integer list (a REAL stored by mistake) takes the plain path.
 */
export function unpackValues(rows: readonly TimingValuesRow[], field: DurationField): number[] {
  const out: number[] = [];
  for (const row of rows) {
    const packed = row[field];
    if (packed === null || packed === '') continue;
    const start = out.length;
    let value = 0;
    let sign = 1;
    let plain = true;
    for (let i = 0; i <= packed.length; i++) {
      const ch = i < packed.length ? packed.charCodeAt(i) : 44;
      if (ch >= 48 && ch <= 57) value = value * 10 + (ch - 48);
      else if (ch === 44 /* , */) {
        out.push(sign * value);
        value = 0;
        sign = 1;
      } else if (ch === 45 /* - */) sign = -1;
      else {
        plain = false;
        break;
      }
    }
    if (!plain) {
      out.length = start;
      for (const text of packed.split(',')) out.push(Number(text));
    }
  }
  return out;
}
