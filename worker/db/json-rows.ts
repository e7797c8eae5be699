// Many rows in one statement. NOTE: D1 binds at most 100 parameters per statement, so the rows
// travel as ONE bound JSON array, read back as a table with json_each (alias `cell`): a statement
// per JSON_ROWS_PER_STATEMENT rows, whatever the number of columns. The rollup tables' writes
// (worker/db/rollups.ts, worker/db/duration-values.ts) use it as INSERT … SELECT … FROM it; such a
// SELECT needs a `WHERE true` before its ON CONFLICT (SQLite's parsing ambiguity).
import { sql, type SQL } from 'drizzle-orm';

export const JSON_ROWS_PER_STATEMENT = 2_000;

/** The items in slices of at most JSON_ROWS_PER_STATEMENT, each with its rows (`toRow`) as the table `cell`. */
export function jsonRowSlices<T>(items: readonly T[], toRow: (item: T) => unknown[]): Array<{ items: readonly T[]; rows: SQL }> {
  const slices = [];
  for (let i = 0; i < items.length; i += JSON_ROWS_PER_STATEMENT) {
    const slice = items.slice(i, i + JSON_ROWS_PER_STATEMENT);
    slices.push({ items: slice, rows: sql`json_each(${JSON.stringify(slice.map(toRow))}) AS cell` });
  }
  return slices;
}

/** Column n of a row of jsonRowSlices' table. */
export const jsonCell = (n: number): SQL => sql`cell.value ->> ${sql.raw(String(n))}`;
