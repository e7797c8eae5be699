// The export's CSV writer (worker/reports/export.ts) writes exactly what csv-stringify writes
// with formula escaping, the reference it replaced, and spreadsheets read back every cell; the
// export's row writer (arrays, one timestamp formatter per export) writes exactly what the plain
// column list writes, over any rows and zones.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATIONS } from '../../shared/durations';
import { ChannelNames } from '../../worker/db/channels';
import type { ConversationRow } from '../../worker/db/conversation-rows';
import { csvCell, csvColumns, csvPageText, csvRowWriter, csvText, exportFields } from '../../worker/reports/export';

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

// Instants around 2026's clock changes (±3 h) and anywhere in 1990–2040: New York, London,
// St John's (−03:30/−02:30), Adelaide (+09:30/+10:30), Kolkata (+05:30, none), Kathmandu (+05:45).
const ZONES = ['UTC', 'America/Mexico_City', 'America/New_York', 'Europe/London', 'America/St_Johns', 'Australia/Adelaide', 'Asia/Kolkata', 'Asia/Kathmandu'];
const TRANSITIONS = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 2, 8, 5, 30), Date.UTC(2026, 10, 1, 4, 30), Date.UTC(2026, 3, 4, 16, 30), Date.UTC(2026, 9, 3, 16, 30)];
const instant = fc.oneof(
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 })).map(([at, d]) => at + d),
  fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
);
const text = fc.string({ unit: fc.constantFrom('a', 'Z', 'é', ' ', '"', ',', '\n', '\r', '=', '+', '-', '@', '\t', '\uFF1D', "'", '1', ';') });
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const ref = fc.record({ id: text, name: fc.option(text, { nil: undefined }) }, { requiredKeys: ['id'] });
const duration = nullable(fc.integer({ min: -100_000_000, max: 400_000_000_000 }));

const row = fc
  .record({
    id: text, contactId: text, contactName: nullable(text), contactType: fc.constantFrom('new', 'returning'),
    openedAt: instant, openSource: text, openChannelId: nullable(text), openChannelName: nullable(text), openChannelType: nullable(fc.constantFrom('whatsapp', 'api', 'email')),
    closedAt: nullable(instant), closedSource: nullable(text), closedById: nullable(text), closedByName: nullable(text),
    closedByTeamId: nullable(text), closedByTeamName: nullable(text),
    firstAssignmentAt: nullable(instant), firstAssigneeId: nullable(text), firstAssigneeName: nullable(text),
    lastAssignmentAt: nullable(instant), lastAssigneeId: nullable(text), lastAssigneeName: nullable(text),
    firstResponseAt: nullable(instant), firstResponseById: nullable(text), firstResponseByName: nullable(text), firstResponseByType: nullable(fc.constantFrom('user', 'bot', 'echo')),
    durations: fc.array(duration, { minLength: 18, maxLength: 18 }),
    assignments: fc.nat(50), incomingMessages: fc.nat(500), outgoingMessages: fc.nat(500), responses: fc.nat(500),
    history: fc.array(fc.record({ at: instant, assignee: fc.option(ref, { nil: null }), team: fc.option(ref, { nil: null }) }), { maxLength: 3 }),
    category: nullable(text), summary: nullable(text),
  })
  .map(({ durations, history, ...r }) => {
    const keys = [...DURATIONS.map((d) => d.key), ...DURATIONS.map((d) => d.businessKey)];
    return { ...r, ...Object.fromEntries(keys.map((key, i) => [key, durations[i]])), assignmentHistory: JSON.stringify(history) } as unknown as ConversationRow;
  });

// A channel directory naming some of the (short, random) channel ids the rows draw, or none.
const directory = fc
  .array(fc.tuple(text, fc.record({ name: nullable(text), kind: nullable(fc.constantFrom('whatsapp', 'api')) })), { maxLength: 6 })
  .map((entries) => new ChannelNames(new Map(entries)));

describe("the export's row writer", () => {
  it.each(['calendar', 'business'] as const)('writes what the plain column list writes (%s hours)', (hours) => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(row, { minLength: 1, maxLength: 5 }), directory, (tz, rows, channels) => {
        const writeRow = csvRowWriter(hours, tz, channels);
        const fields = exportFields(hours);
        const fast = rows.map((r) => writeRow(fields.map((field) => r[field]))).join('');
        expect(fast).toBe(csvPageText(rows, csvColumns(hours, channels), tz));
      }),
      { numRuns: 400 },
    );
  });

  it('writes a row by hand as the spec reads it (product.md §3, §4)', () => {
    // 2026-03-08 01:59:59.999 EST, then 03:00:00 EDT a millisecond later (New York springs forward).
    const r = {
      id: '=1', contactId: 'c1', contactName: 'Núñez, José', contactType: 'new', openedAt: Date.UTC(2026, 2, 8, 6, 59, 59, 999), openSource: 'contact',
      openChannelId: 'ch', openChannelName: null, openChannelType: null, closedAt: Date.UTC(2026, 2, 8, 7), closedSource: 'user', closedById: null, closedByName: null,
      closedByTeamId: null, closedByTeamName: null, firstAssignmentAt: Date.UTC(2026, 2, 8, 7), firstAssigneeId: null, firstAssigneeName: null,
      lastAssignmentAt: null, lastAssigneeId: null, lastAssigneeName: null, firstResponseAt: null, firstResponseById: null, firstResponseByName: null, firstResponseByType: null,
      timeToFirstAssignmentMs: 1, firstResponseTimeMs: null, firstAssignmentToFirstResponseMs: null, lastAssignmentToResponseMs: null, resolutionTimeMs: 90_061_000,
      firstAssignmentToCloseMs: -65_000, lastAssignmentToCloseMs: null, averageResponseTimeMs: null, botTimeMs: null,
      assignments: 1, assignmentHistory: JSON.stringify([{ at: Date.UTC(2026, 2, 8, 7), assignee: null, team: { id: 't', name: 'Ventas' } }]),
      incomingMessages: 2, outgoingMessages: 0, responses: 0, category: null, summary: 'a "b"\nc',
    } as unknown as ConversationRow;
    const written = csvRowWriter('calendar', 'America/New_York')(exportFields('calendar').map((field) => r[field]));
    expect(written).toBe(
      `'=1,c1,"Núñez, José",new,2026-03-08T01:59:59.999-05:00,contact,ch,2026-03-08T03:00:00.000-04:00,user,,,2026-03-08T03:00:00.000-04:00,Unassigned,,,,,` +
        `00:00:00,,,,25:01:01,'-00:01:05,,,,1,2026-03-08T03:00:00.000-04:00 Unassigned (Ventas),2,0,0,,"a ""b""\nc"\n`,
    );
  });
});
