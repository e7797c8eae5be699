// product.md §4: medians and p90 exact (quickselect) up to 100,000 matches, from mergeable
// histograms above that, within 1 % relative error and marked approximate.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToHistogram,
  bucketIntegerBounds,
  locateRanks,
  quantileRanks,
  summarizeFromRanks,
  histogramBucket,
  histogramOf,
  PackedHistogramSum,
  quickselect,
  summarize,
  summarizeHistogram,
  type Histogram,
} from '../../shared/statistics';

/** The statistics by the definition: sort, then pick (what quickselect must match). */
function bySorting(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const m = Math.floor(n / 2);
  return {
    avg: Math.round(s.reduce((a, b) => a + b, 0) / n),
    median: Math.round(n % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2),
    p90: s[Math.ceil((9 * n) / 10) - 1]!,
    count: n,
  };
}

describe('quickselect', () => {
  it('puts the k-th smallest at k for any input, duplicates and negatives included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 50 }), { minLength: 1, maxLength: 200 }), fc.nat(), (values, seed) => {
        const k = seed % values.length;
        const a = Float64Array.from(values);
        expect(quickselect(a, k)).toBe([...values].sort((x, y) => x - y)[k]);
      }),
    );
  });

  it('summarize equals sorting-and-picking on any values', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000, max: 86_400_000 }), { minLength: 1, maxLength: 300 }), (values) => {
        expect(summarize(values)).toEqual(bySorting(values));
      }),
    );
  });

  it('stays linear on sorted and constant input (no quadratic pivot)', () => {
    const sorted = Array.from({ length: 100_000 }, (_, i) => i);
    // 0..99,999: median (49,999 + 50,000) / 2 = 49,999.5 → 50,000; p90 rank 90,000 → 89,999.
    expect(summarize(sorted)).toEqual({ avg: 50_000, median: 50_000, p90: 89_999, count: 100_000 });
    expect(summarize(new Array(100_000).fill(7))).toEqual({ avg: 7, median: 7, p90: 7, count: 100_000 });
  });
});

describe('log-bucket histograms', () => {
  const within1Percent = (approx: number, exact: number) => Math.abs(approx - exact) <= Math.max(0.01 * Math.abs(exact), 1);

  it('median and p90 within 1 % of exact, avg and count exact, on any durations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 600_000 }), fc.integer({ min: 600_000, max: 30 * 86_400_000 })), { minLength: 1, maxLength: 2_000 }),
        (values) => {
          const exact = bySorting(values);
          const sum = values.reduce((a, b) => a + b, 0);
          const approx = summarizeHistogram(values.length, sum, histogramOf(values));
          expect(approx.approximate).toBe(true);
          expect(approx.count).toBe(exact.count);
          expect(approx.avg).toBe(exact.avg);
          expect(within1Percent(approx.median!, exact.median), `median ${approx.median} vs ${exact.median}`).toBe(true);
          expect(within1Percent(approx.p90!, exact.p90), `p90 ${approx.p90} vs ${exact.p90}`).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('150,000 skewed first response times: within 1 %', () => {
    // A long tail: 90 % between 10 s and 5 min, 10 % up to 2 days (deterministic LCG).
    let x = 12345;
    const next = () => (x = (x * 1103515245 + 12345) % 2_147_483_648) / 2_147_483_648;
    const values = Array.from({ length: 150_000 }, () => (next() < 0.9 ? 10_000 + Math.floor(next() * 290_000) : Math.floor(next() * 172_800_000)));
    const exact = bySorting(values);
    const approx = summarizeHistogram(values.length, values.reduce((a, b) => a + b, 0), histogramOf(values));
    expect(Math.abs(approx.median! - exact.median) / exact.median).toBeLessThan(0.01);
    expect(Math.abs(approx.p90! - exact.p90) / exact.p90).toBeLessThan(0.01);
  });

  it('merges by adding counts: two halves merged equal the whole; subtracting undoes adding', () => {
    const a = [1_000, 2_000, 30_000, 0, -500];
    const b = [45_000, 2_000, 3_600_000];
    const merged: Histogram = histogramOf(a);
    for (const v of b) addToHistogram(merged, histogramBucket(v));
    expect(merged).toEqual(histogramOf([...a, ...b]));
    for (const v of b) addToHistogram(merged, histogramBucket(v), -1);
    expect(merged).toEqual(histogramOf(a));
  });

  it('keeps zero and negative durations apart from positive ones', () => {
    expect(histogramBucket(0)).toBe(0);
    expect(histogramBucket(-500)).toBe(-histogramBucket(500));
    expect(histogramBucket(1)).toBe(1);
    // [-500, 0, 1,000]: median 0 exactly, p90 rank 3 → 1,000 within 1 %.
    const s = summarizeHistogram(3, 500, histogramOf([-500, 0, 1_000]));
    expect(s.median).toBe(0);
    expect(Math.abs(s.p90! - 1_000)).toBeLessThanOrEqual(10);
  });
});

describe('summing packed histograms (the duration rollups\' {"bucket": count} cells)', () => {
  // Buckets of any safe integer (±3,666), beyond them (the sparse side) and negative counts (a
  // cell's removals): the sum equals adding every entry one by one.
  const histogram = fc
    .array(fc.tuple(fc.oneof(fc.integer({ min: -4_200, max: 4_200 }), fc.integer({ min: -1e9, max: 1e9 })), fc.integer({ min: -50, max: 10_000 })), { maxLength: 60 })
    .map((entries) => {
      const h: Histogram = new Map();
      for (const [bucket, n] of entries) if (n !== 0) h.set(bucket, n);
      return h;
    });

  it('equals adding every bucket of every cell, as SQLite packs them', () => {
    fc.assert(
      fc.property(fc.array(histogram, { maxLength: 12 }), (cells) => {
        const expected: Histogram = new Map();
        const sum = new PackedHistogramSum();
        for (const cell of cells) {
          for (const [bucket, n] of cell) addToHistogram(expected, bucket, n);
          sum.addPacked(JSON.stringify(Object.fromEntries(cell)));
        }
        expect(sum.histogram()).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('reads other JSON spellings of the same object through JSON.parse, never half of a text', () => {
    // {"3": 2, "-1":1.0} has spaces and a decimal: read whole by the fallback. 3 → 2 + 5, -1 → 1.
    const sum = new PackedHistogramSum().addPacked('{"3":5}').addPacked('{"3": 2, "-1":1.0}').addPacked('{}');
    expect(sum.histogram()).toEqual(new Map([[-1, 1], [3, 7]]));
    // A text that is no JSON object of numbers throws before anything of it is added.
    expect(() => sum.addPacked('{"4":1,"5":')).toThrow();
    expect(sum.histogram()).toEqual(new Map([[-1, 1], [3, 7]]));
  });
});

describe('exact quantiles from a histogram and the values of a few buckets', () => {
  it('bucketIntegerBounds holds exactly the integers of the bucket', () => {
    for (const v of [1, 2, 7, 100, 999, 1000, 30_000, 299_999, 300_000, 300_001, 86_400_000, -5, -300_000]) {
      const b = histogramBucket(v);
      const [lo, hi] = bucketIntegerBounds(b);
      expect(lo <= v && v <= hi, `${v}`).toBe(true);
      expect(histogramBucket(lo)).toBe(b);
      expect(histogramBucket(hi)).toBe(b);
      expect(histogramBucket(lo - 1)).not.toBe(b);
      expect(histogramBucket(hi + 1)).not.toBe(b);
    }
  });

  it('summarizeFromRanks with the values located by the histogram equals summarize', () => {
    for (const n of [1, 2, 3, 10, 11, 101, 1000]) {
      // Values with repeats, a zero and negatives: (i × 7919) mod 3,600,000 − 1,000.
      const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 3_600_000) - 1_000);
      const h = histogramOf(values);
      const sum = values.reduce((a, v) => a + v, 0);
      const located = new Map(locateRanks(h, quantileRanks(n)).map((l) => [l.rank, l]));
      const exact = summarizeFromRanks(n, sum, (rank) => {
        // Only the located bucket's values are read, sorted.
        const { bucket, within } = located.get(rank)!;
        const [lo, hi] = bucketIntegerBounds(bucket);
        return values.filter((v) => v >= lo && v <= hi).sort((a, b) => a - b)[within]!;
      });
      expect(exact, `n = ${n}`).toEqual(summarize(values));
    }
  });
});
