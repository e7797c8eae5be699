// A heatmap (product.md §4): weekday × hour-of-day, Monday first, and for ranges of at most 31
// days a date × hour grid, both in the period's zone. Assembled here and only here.
import type { z } from 'zod';
import type { heatmapComponent } from '../../shared/api';
import { addDays, daysInclusive, localQuarterMapper, type ResolvedPeriod } from '../../shared/time';
import { sumCounts, type QuarterCount } from './quarters';

export type HeatmapJson = z.infer<typeof heatmapComponent>;

/** api.md: `date_hour` is present for ranges of at most 31 days. */
export const DATE_HOUR_MAX_DAYS = 31;

const hoursRow = () => new Array<number>(24).fill(0);

/**
 * Quarter-hour counts → local cells. On the night clocks go back the repeated hour's counts add
 * up in that hour's cell; on the night they go forward the skipped hour stays 0.
 */
export function heatmapJson(period: ResolvedPeriod, counts: readonly QuarterCount[]): HeatmapJson {
  if (sumCounts(counts) === 0) return { status: 'no_data' };
  const local = localQuarterMapper(period.tz, period.startMs, period.endMs);
  const weekdayHour = Array.from({ length: 7 }, hoursRow);
  const withDates = daysInclusive(period.from, period.to) <= DATE_HOUR_MAX_DAYS;
  const dateHour = new Map<string, number[]>();
  if (withDates) {
    for (let date = period.from; date <= period.to; date = addDays(date, 1)) dateHour.set(date, hoursRow());
  }
  for (const { quarter, count } of counts) {
    const cell = local(quarter);
    weekdayHour[cell.weekday]![cell.hour]! += count;
    const row = dateHour.get(cell.date);
    if (row) row[cell.hour]! += count;
  }
  return {
    status: 'ok',
    weekday_hour: weekdayHour,
    ...(withDates ? { date_hour: [...dateHour].map(([date, hours]) => ({ date, hours })) } : {}),
  };
}
