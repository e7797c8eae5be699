// The export's CSV writer (worker/reports/export.ts) writes exactly what csv-stringify writes
// with formula escaping, the reference it replaced, and spreadsheets read back every cell.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell, csvText } from '../../worker/reports/export';

const cell = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', 'é', ' ', '"', ',', '\n', '\r', '=', '+', '-', '@', '\t', '\uFF1D', "'", '1') }),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
);

describe('CSV writer', () => {
  it('matches csv-stringify with escape_formulas on any records', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }), (records) => {
        expect(csvText(records)).toBe(stringify(records, { escape_formulas: true }));
      }),
      { numRuns: 500 },
    );
  });

  it('escapes formulas in text, never in numbers, and quotes what needs it', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell('@sum')).toBe("'@sum");
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('Núñez, José')).toBe('"Núñez, José"');
    expect(parse(csvText([['=1+1', 'a"b', 7]]))).toEqual([["'=1+1", 'a"b', '7']]);
  });
});
