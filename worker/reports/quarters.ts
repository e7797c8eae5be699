// Conversations counted per UTC quarter-hour (read by worker/db/report-counts.ts), as the report
// assembly adds them up.

export interface QuarterCount {
  /** floor(instant / 15 min) */
  quarter: number;
  count: number;
}

export function sumCounts(counts: readonly QuarterCount[]): number {
  let total = 0;
  for (const row of counts) total += row.count;
  return total;
}
