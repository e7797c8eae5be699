// Several report queries in one D1 round trip, each result typed as its query's.
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../app';

type Query = BatchItem<'sqlite'>;

/**
 * Collects queries, sends them with one `db.batch` (one round trip, one read transaction, so every
 * component sees the same data), and hands each caller its own result.
 */
export class QueryBatch {
  private readonly queries: Query[] = [];
  private results: unknown[] | null = null;

  /** Queues a query; the returned function gives its result once `run` has resolved. */
  add<Q extends Query>(query: Q): () => Q['_']['result'] {
    const index = this.queries.push(query) - 1;
    return () => {
      if (this.results === null) throw new Error('QueryBatch: result read before run()');
      return this.results[index] as Q['_']['result'];
    };
  }

  async run(db: Database): Promise<void> {
    const [first, ...rest] = this.queries;
    this.results = first === undefined ? [] : await db.batch([first, ...rest]);
  }
}
