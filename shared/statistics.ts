// The statistics next to every average (product.md §4, §6): counts, sums and averages exact
// always; medians and 90th percentiles exact up to EXACT_STATISTICS_MAX matching conversations
// (a quickselect over the values: O(n), no sort), and above that from mergeable log-bucket
// histograms whose every quantile is within HISTOGRAM_RELATIVE_ERROR of the exact one, marked
// `approximate: true`.

export interface Summary {
  avg: number | null;
  median: number | null;
  p90: number | null;
  count: number;
  /** Present (true) only when median and p90 come from a histogram (product.md §4). */
  approximate?: true;
}

/** product.md §4: medians and p90 are exact whenever at most this many conversations match. */
export const EXACT_STATISTICS_MAX = 100_000;

const EMPTY: Summary = { avg: null, median: null, p90: null, count: 0 };

/** 0-based index of the p90 by the nearest-rank method: rank ⌈0.9 × n⌉. */
export const p90Index = (count: number): number => Math.ceil((9 * count) / 10) - 1;

/** Swaps a[i] and a[j]. */
function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the value a sort would put there, everything before it
 * is ≤ and everything after it ≥ (Hoare's selection, median-of-three pivots, iterative).
 */
export function quickselect(a: Float64Array, k: number, lo = 0, hi = a.length - 1): number {
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // Median of three as pivot, placed at a[lo]: sorted or constant input stays O(n).
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    swap(a, lo, mid);
    const pivot = a[lo]!;
    let i = lo;
    let j = hi + 1;
    for (;;) {
      do i++;
      while (i <= hi && a[i]! < pivot);
      do j--;
      while (a[j]! > pivot);
      if (i >= j) break;
      swap(a, i, j);
    }
    swap(a, lo, j);
    if (j === k) return a[k]!;
    if (j < k) lo = j + 1;
    else hi = j - 1;
  }
  return a[k]!;
}

/**
 * Exact statistics of the values that exist (null/undefined are skipped: an empty metric is not
 * a 0, product.md §3). All null with a count of 0 when nothing is left.
 * - avg: the mean, rounded to whole ms;
 * - median: the middle value, or the mean of the two middle values of an even count, rounded to
 *   whole ms (api.md: durations are integer milliseconds);
 * - p90: nearest-rank method, the value at rank ⌈0.9 × n⌉ of the sorted values (1-based), so it
 *   is always one of the observed values: n = 10 → the 9th, n = 11 → the 10th, n = 1 → the only one.
 */
export function summarize(values: ReadonlyArray<number | null | undefined>): Summary {
  const present = new Float64Array(values.length);
  let count = 0;
  for (const v of values) if (v !== null && v !== undefined) present[count++] = v;
  return summarizeInPlace(present.subarray(0, count));
}

/** summarize() over a typed array it may reorder (the caller's scratch buffer: no copy). */
export function summarizeInPlace(a: Float64Array): Summary {
  const count = a.length;
  if (count === 0) return { ...EMPTY };
  let sum = 0;
  for (let i = 0; i < count; i++) sum += a[i]!;
  const middle = Math.floor(count / 2);
  const upper = quickselect(a, middle);
  // Everything before `middle` is ≤ upper: the lower middle is their maximum.
  let median = upper;
  if (count % 2 === 0) {
    let lower = a[0]!;
    for (let i = 1; i < middle; i++) if (a[i]! > lower) lower = a[i]!;
    median = (lower + upper) / 2;
  }
  // p90's index is ≥ middle for every n ≥ 1, so it lies in the part after the median.
  const p90At = p90Index(count);
  const p90 = p90At === middle ? upper : quickselect(a, p90At, middle + 1, count - 1);
  return { avg: Math.round(sum / count), median: Math.round(median), p90, count };
}

// ---------------------------------------------------------------------------------------------
// Log-bucket histograms (relative-accuracy sketches, as DDSketch): bucket i > 0 holds the values
// in (γ^(i−1), γ^i], and its representative 2γ^i/(γ+1) is within α of every value in it, so
// every quantile read from it is within α of the exact one. Buckets add up, so histograms of
// quarter-hours (or of any rows) merge by adding their counts.

/** The relative accuracy α of every quantile read from a histogram (product.md §4 allows 1 %). */
export const HISTOGRAM_RELATIVE_ERROR = 0.005;
const GAMMA = (1 + HISTOGRAM_RELATIVE_ERROR) / (1 - HISTOGRAM_RELATIVE_ERROR);
/** ln γ: the bucket of v > 0 is max(1, ⌈ln v / ln γ − 10⁻⁹⌉) (worker/db/rollups.ts computes it in SQL too). */
export const LN_GAMMA = Math.log(GAMMA);
/** The tolerance that keeps a value equal to γ^i in bucket i despite rounding. */
export const BUCKET_EPSILON = 1e-9;

/**
 * The bucket of a value: 0 for 0, i ≥ 1 for positive values, −i for negative ones (clock skew
 * between sources can make a duration negative; it is kept, not hidden).
 */
export function histogramBucket(value: number): number {
  if (value === 0) return 0;
  const magnitude = Math.abs(value);
  // Values in (0, 1] share bucket 1; durations are whole milliseconds, so only 1 lands there.
  const i = Math.max(1, Math.ceil(Math.log(magnitude) / LN_GAMMA - BUCKET_EPSILON));
  return value > 0 ? i : -i;
}

/** The value a bucket stands for. */
export function bucketValue(bucket: number): number {
  if (bucket === 0) return 0;
  const i = Math.abs(bucket);
  const v = i === 1 ? 1 : (2 * GAMMA ** i) / (GAMMA + 1);
  return bucket > 0 ? v : -v;
}

/** A histogram's counts by bucket; merging two is adding their counts. */
export type Histogram = Map<number, number>;

export function addToHistogram(h: Histogram, bucket: number, n = 1): void {
  const next = (h.get(bucket) ?? 0) + n;
  if (next === 0) h.delete(bucket);
  else h.set(bucket, next);
}

/** Every bucket of a safe integer: |i| ≤ ⌈ln(2⁵³) / ln γ⌉ = 3,666. */
const DENSE_BUCKETS = 4096;

/**
 * Sums histograms packed as JSON objects {"bucket": count, …} (how the duration rollups store
 * them) into dense counts: a character loop instead of JSON.parse, no object or string a bucket
 * (a 30-day report merges ~80,000 entries). Anything but such an object of integers takes the
 * JSON.parse path.
 */
export class PackedHistogramSum {
  private readonly dense = new Float64Array(2 * DENSE_BUCKETS + 1);
  private readonly sparse: Histogram = new Map();

  add(bucket: number, n: number): void {
    if (Number.isInteger(bucket) && Math.abs(bucket) <= DENSE_BUCKETS) this.dense[bucket + DENSE_BUCKETS]! += n;
    else addToHistogram(this.sparse, bucket, n);
  }

  addPacked(packed: string): this {
    const end = packed.length - 1;
    if (packed.charCodeAt(0) !== 123 /* { */ || packed.charCodeAt(end) !== 125 /* } */) return this.addParsed(packed);
    // Read into a scratch list first, added after: a malformed text must not be half added.
    let pairs = 0;
    let i = 1;
    while (i < end) {
      if (packed.charCodeAt(i++) !== 34 /* " */) return this.addParsed(packed);
      let key = 0;
      let sign = 1;
      if (packed.charCodeAt(i) === 45 /* - */) (sign = -1), i++;
      let digits = i;
      for (let ch = packed.charCodeAt(i); ch >= 48 && ch <= 57; ch = packed.charCodeAt(++i)) key = key * 10 + (ch - 48);
      if (i === digits || i - digits > 15 || packed.charCodeAt(i) !== 34 || packed.charCodeAt(i + 1) !== 58 /* : */) return this.addParsed(packed);
      key *= sign;
      i += 2;
      let n = 0;
      sign = 1;
      if (packed.charCodeAt(i) === 45) (sign = -1), i++;
      digits = i;
      for (let ch = packed.charCodeAt(i); ch >= 48 && ch <= 57; ch = packed.charCodeAt(++i)) n = n * 10 + (ch - 48);
      if (i === digits || i - digits > 15) return this.addParsed(packed);
      if (2 * pairs + 2 > scratch.length) scratch = growScratch(scratch);
      scratch[2 * pairs] = key;
      scratch[2 * pairs + 1] = n * sign;
      pairs++;
      if (i < end && packed.charCodeAt(i++) !== 44 /* , */) return this.addParsed(packed);
    }
    for (let p = 0; p < 2 * pairs; p += 2) this.add(scratch[p]!, scratch[p + 1]!);
    return this;
  }

  private addParsed(packed: string): this {
    for (const [bucket, n] of Object.entries(JSON.parse(packed) as Record<string, number>)) this.add(Number(bucket), n);
    return this;
  }

  histogram(): Histogram {
    const h: Histogram = new Map();
    for (let i = 0; i < this.dense.length; i++) if (this.dense[i] !== 0) h.set(i - DENSE_BUCKETS, this.dense[i]!);
    for (const [bucket, n] of this.sparse) addToHistogram(h, bucket, n);
    return h;
  }
}

let scratch = new Float64Array(4096);
const growScratch = (old: Float64Array) => {
  const bigger = new Float64Array(old.length * 2);
  bigger.set(old);
  return bigger;
};

export function histogramOf(values: Iterable<number>): Histogram {
  const h: Histogram = new Map();
  for (const v of values) addToHistogram(h, histogramBucket(v));
  return h;
}

/**
 * Statistics from an exact count and sum and a histogram of the same values: avg exact, median
 * and p90 from the histogram (each within HISTOGRAM_RELATIVE_ERROR), `approximate: true`.
 */
export function summarizeHistogram(count: number, sum: number, h: Histogram): Summary {
  if (count === 0) return { ...EMPTY };
  const buckets = [...h.keys()].sort((x, y) => x - y);
  const valueAtIndex = (index: number): number => {
    let seen = 0;
    for (const b of buckets) {
      seen += h.get(b)!;
      if (seen > index) return bucketValue(b);
    }
    return bucketValue(buckets[buckets.length - 1]!);
  };
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? valueAtIndex(middle) : (valueAtIndex(middle - 1) + valueAtIndex(middle)) / 2;
  return {
    avg: Math.round(sum / count),
    median: Math.round(median),
    p90: Math.round(valueAtIndex(p90Index(count))),
    count,
    approximate: true,
  };
}

/** The largest integer in a positive value's bucket (the upper edge of the bucket holding `value`). */
export function largestIntegerInBucketOf(value: number): number {
  const bucket = histogramBucket(value);
  // Start at or above `value` near the bucket's upper edge γ^i, step back into the bucket, then up to its edge.
  let v = Math.max(Math.floor(value), Math.floor(GAMMA ** bucket) - 2);
  while (v > value && histogramBucket(v) !== bucket) v--;
  while (histogramBucket(v + 1) === bucket) v++;
  return v;
}

/** The integers a bucket holds, [lo, hi] (a bucket that holds values always holds its integers). */
export function bucketIntegerBounds(bucket: number): [number, number] {
  if (bucket === 0) return [0, 0];
  if (bucket < 0) {
    const [lo, hi] = bucketIntegerBounds(-bucket);
    return [-hi, -lo];
  }
  // Bucket i holds (γ^(i−1), γ^i]: step from just outside each edge to the first integer inside.
  let hi = Math.floor(GAMMA ** bucket) + 2;
  while (hi > 1 && histogramBucket(hi) > bucket) hi--;
  let lo = Math.max(1, Math.ceil(GAMMA ** (bucket - 1)) - 2);
  while (histogramBucket(lo) < bucket) lo++;
  return [lo, hi];
}

/** 0-based ranks of the sorted values that the median and p90 read (summarizeInPlace's). */
export function quantileRanks(count: number): number[] {
  const middle = Math.floor(count / 2);
  return [...new Set([...(count % 2 === 0 ? [middle - 1, middle] : [middle]), p90Index(count)])];
}

/**
 * Where each rank lies in a histogram: its bucket and its 0-based rank among that bucket's values
 * (values are counted in bucket order, as a sort would order them).
 */
export function locateRanks(h: Histogram, ranks: readonly number[]): Array<{ rank: number; bucket: number; within: number }> {
  const buckets = [...h.keys()].sort((x, y) => x - y);
  return ranks.map((rank) => {
    let below = 0;
    for (const b of buckets) {
      const n = h.get(b)!;
      if (rank < below + n) return { rank, bucket: b, within: rank - below };
      below += n;
    }
    throw new Error(`rank ${rank} beyond the histogram's ${below} values`);
  });
}

/**
 * Exact statistics from an exact count and sum and the values at the median's and p90's ranks
 * (`valueAt(rank)`): the same numbers summarizeInPlace gives over all the values.
 */
export function summarizeFromRanks(count: number, sum: number, valueAt: (rank: number) => number): Summary {
  if (count === 0) return { ...EMPTY };
  const middle = Math.floor(count / 2);
  const median = count % 2 === 1 ? valueAt(middle) : (valueAt(middle - 1) + valueAt(middle)) / 2;
  return { avg: Math.round(sum / count), median: Math.round(median), p90: valueAt(p90Index(count)), count };
}
