// The timings' packed values (worker/db/report-timings.ts) unpack to exactly the stored integers.
import { describe, expect, it } from 'vitest';
import { unpackValues, type TimingValuesRow } from '../../worker/db/report-timings';

const row = (first_response_time_ms: string | null): TimingValuesRow =>
  ({ closed: 1, first_response_time_ms }) as TimingValuesRow;

describe('unpackValues', () => {
  it('reads integer lists across rows, negatives included, skipping rows without values', () => {
    expect(unpackValues([row('120000,-5,0'), row(null), row(''), row('9007199254740991')], 'first_response_time_ms')).toEqual([
      120_000, -5, 0, 9_007_199_254_740_991,
    ]);
  });

  it('falls back to Number for anything else (a REAL stored by mistake)', () => {
    expect(unpackValues([row('1,2.5,3'), row('4')], 'first_response_time_ms')).toEqual([1, 2.5, 3, 4]);
  });
});
