// D1's limits, as they shape every statement of the write path.
//
// NOTE: D1 binds at most 100 parameters per statement (a batch of 500 events can name 500
// contacts and threads, so every `IN (…)` list and multi-row insert is chunked), and `batch()`
// runs its statements atomically, in order, in one round trip: the unit of "stored".

export const MAX_PARAMS = 100;
/** Ids per `IN (…)` list, leaving room for the workspace id and a few more parameters. */
export const IDS_PER_STATEMENT = 90;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows per multi-row insert so that it stays under the bound-parameter limit. */
export function rowsPerStatement(row: object): number {
  return Math.max(1, Math.floor(MAX_PARAMS / Object.keys(row).length));
}

/** Ids in `IN (…)`-sized chunks (at least one chunk, so a batch position is always filled). */
export function idChunks(ids: readonly string[]): string[][] {
  return chunk(ids, IDS_PER_STATEMENT);
}
