// The §3 durations as columns, calendar or business hours (product.md §6: `hours=business`),
// each as shared/durations.ts names it.
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { DURATIONS, type DurationField } from '../../shared/durations';
import type { HoursMode } from '../../shared/report';
import { conversations as c } from '../db/schema';

export { isDurationField } from '../../shared/vocabulary';

const COLUMNS = new Map<DurationField, Record<HoursMode, SQLiteColumn>>(
  DURATIONS.map((d) => [d.field, { calendar: c[d.key], business: c[d.businessKey] }]),
);

export function durationColumn(field: DurationField, hours: HoursMode): SQLiteColumn {
  return COLUMNS.get(field)![hours];
}
