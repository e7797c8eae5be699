import { describe, expect, it } from 'vitest';
import { formatDuration, formatDurationHms } from '../../shared/duration';

describe('formatDuration (product.md §3 display)', () => {
  it.each([
    // [ms, shown]
    [null, '-'],
    [undefined, '-'],
    [Number.NaN, '-'],
    [0, '00:00'],
    [999, '00:00'], // rounded down to whole seconds
    [65_000, '01:05'],
    [65_999, '01:05'],
    [3_599_999, '59:59'], // last value under an hour
    [3_600_000, '01:00:00'],
    [45_296_000, '12:34:56'], // 12 h 34 min 56 s
    [86_399_000, '23:59:59'],
    [86_400_000, '1d 00:00:00'],
    [90_061_000, '1d 01:01:01'], // 1 d + 1 h + 1 min + 1 s
    [1_000 * (12 * 86_400 + 3_600 * 5 + 7), '12d 05:00:07'],
    // Should not occur, but is shown rather than hidden: the sign, then the magnitude.
    [-65_000, '-01:05'],
    [-90_061_500, '-1d 01:01:01'],
  ])('%s ms → %s', (ms, shown) => {
    expect(formatDuration(ms)).toBe(shown);
  });
});

describe('formatDurationHms (CSV, product.md §4 export)', () => {
  it.each([
    [null, ''],
    [undefined, ''],
    [0, '00:00:00'],
    [65_000, '00:01:05'],
    [3_600_000, '01:00:00'],
    [90_061_000, '25:01:01'], // hours are not wrapped into days
    [400 * 3_600_000 + 1_999, '400:00:01'],
    [-65_000, '-00:01:05'],
  ])('%s ms → %j', (ms, cell) => {
    expect(formatDurationHms(ms)).toBe(cell);
  });
});
