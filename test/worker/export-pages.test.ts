// The export reads ahead by exactly one page (worker/reports/export.ts exportPages): the next
// page's read starts when a page arrives, before the reader has written it, and never two reads
// are in flight. D1 is replaced by reads the test resolves itself, so the interleaving is forced.
import type { SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../worker/app';
import { exportPages, type ExportRequest } from '../../worker/reports/export';

/**
 * A page is one statement (worker/db/conversation-export.ts) answering each row as a JSON array;
 * each page's statement waits for the test to hand it the page's rows.
 */
function controlledReads() {
  const pending: Array<(rows: unknown[][]) => void> = [];
  let started = 0;
  let inFlight = 0;
  let mostInFlight = 0;
  const db = {
    values: (_query: SQL) => {
      started++;
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      return new Promise<unknown[][]>((resolve) =>
        pending.push((rows) => {
          inFlight--;
          resolve(rows.map((row) => [JSON.stringify(row)]));
        }),
      );
    },
  } as unknown as Database;
  return { db, pending, started: () => started, mostInFlight: () => mostInFlight };
}

const request: ExportRequest = {
  workspaceId: 'ws',
  period: { startMs: 0, endMs: 1_000 },
  filters: {},
  order: { sort: 'closed_at', order: 'desc', hours: 'calendar' },
  tz: 'UTC',
};
// A page's rows as the statement returns them: id first, the sort value last.
const row = (id: string, closedAt: number) => [id, closedAt];
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('export pages', () => {
  it('ask for the next page as soon as one arrives, one read in flight at most', async () => {
    const reads = controlledReads();
    const pages = exportPages(reads.db, request);
    const first = pages.next();
    await tick();
    expect(reads.started()).toBe(1);
    reads.pending[0]!([row('c-2', 900), row('c-1', 800)]);
    expect((await first).value).toEqual([row('c-2', 900), row('c-1', 800)]);
    // The reader holds page 1 and has not asked for page 2: its read is already under way.
    expect(reads.started()).toBe(2);
    const second = pages.next();
    await tick();
    expect(reads.started()).toBe(2); // nothing more until page 2 arrives
    reads.pending[1]!([row('c-0', 700)]);
    expect((await second).value).toEqual([row('c-0', 700)]);
    expect(reads.started()).toBe(3);
    const end = pages.next();
    reads.pending[2]!([]); // an empty page ends the export
    expect((await end).done).toBe(true);
    expect(reads.started()).toBe(3);
    expect(reads.mostInFlight()).toBe(1);
  });
});
