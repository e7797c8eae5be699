// worker/db/duration-values.ts: the value index's range read (what the exact medians pick their
// ranks from) and the unpacking of its packed values.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DURATION_VALUE_CODES, HOURS_CODES } from '../../shared/duration-values';
import { database } from '../../worker/app';
import { unpackCountedValues, valuesInRangesQuery } from '../../worker/db/duration-values';
import { reportDurationValues } from '../../worker/db/schema';
import { createWorkspace } from './helpers';

const Q = 900_000;

describe('valuesInRangesQuery', () => {
  it("returns each range's values closed in the span, with how many conversations have each", async () => {
    const ws = await createWorkspace('UTC');
    const resolution = DURATION_VALUE_CODES.resolution_time_ms;
    const row = (hours: number, metric: number, value: number, quarter: number, conversations: number) => ({ workspaceId: ws.id, hours, metric, value, quarter, conversations });
    await database(env)
      .insert(reportDurationValues)
      .values([
        row(HOURS_CODES.calendar, resolution, 100, 10, 1),
        row(HOURS_CODES.calendar, resolution, 100, 11, 1),
        row(HOURS_CODES.calendar, resolution, 105, 10, 2),
        // Outside the span (quarter 12), outside the range (200), in the other hours mode.
        row(HOURS_CODES.calendar, resolution, 101, 12, 1),
        row(HOURS_CODES.calendar, resolution, 200, 10, 1),
        row(HOURS_CODES.business, resolution, 102, 10, 1),
      ]);
    const rows = await valuesInRangesQuery(database(env), ws.id, 'calendar', { startMs: 10 * Q, endMs: 12 * Q }, [
      { field: 'resolution_time_ms', lo: 100, hi: 105 },
      { field: 'first_response_time_ms', lo: 0, hi: 1_000 },
    ]);
    // Range 0: 100 (quarter 10), 100 (quarter 11), 105 twice; range 1 holds nothing, so no row.
    expect(rows.map((r) => ({ range: r.range, found: r.found, values: unpackCountedValues(r.values) }))).toEqual([
      { range: 0, found: 4, values: [[100, 1], [100, 1], [105, 2]] },
    ]);
  });

  it('unpacks negative and fractional values, in value order', () => {
    expect(unpackCountedValues('5,-3,7*2,1.5')).toEqual([[-3, 1], [1.5, 1], [5, 1], [7, 2]]);
    expect(unpackCountedValues(null)).toEqual([]);
  });
});
