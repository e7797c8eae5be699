// shared/durations.ts is the one list of durations: this test adds an entry to it ("hold time")
// and checks that, with no other edit, the D1 schema, the row mappers, the API's field lists and
// schemas, the list's sort columns, the report's timings columns and the CSV export all carry it,
// in calendar and in business hours. The same entries flow to the extension's timings and list
// (test/extension/durations-table.test.ts). It runs in Node (the `shared` project): module mocks
// need a fresh module graph, and workerd's has loaded the worker's entry before any test.
import { getTableColumns, getTableName } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/durations', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/durations')>();
  return { ...actual, DURATIONS: [...actual.DURATIONS, actual.duration('hold_time_ms', 'holdTimeMs', 'Hold time')] };
});

const { conversations } = await import('../../worker/db/schema');
const { businessColumns, conversationJson, toConversationRow } = await import('../../worker/db/conversation-rows');
const { durationColumn } = await import('../../worker/reports/durations');
const { ChannelNames } = await import('../../worker/db/channels');
const { csvColumns } = await import('../../worker/reports/export');
const { conversationJson: conversationSchema, timingsComponent } = await import('../../shared/api');
const { CSV_DURATION_HEADERS } = await import('../../shared/csv');
const { DURATION_FIELDS, isDurationField } = await import('../../shared/vocabulary');
const { LIST_SORT_COLUMNS } = await import('../../shared/report');
const { parseListQuery } = await import('../../shared/report-query');
const { buildThread, calendarDuration } = await import('../../shared/conversation');
const { at, closed, incoming, opened, outgoing } = await import('../shared/conversation-events');

/** One closed conversation's row, with the added duration set by hand (the model has no formula for it). */
function rowWithHoldTime() {
  const { conversations: [record] } = buildThread('c-1', [
    opened(at('09:00:00'), 'contact'),
    incoming(at('09:00:00')),
    outgoing(at('09:02:00'), 'user'),
    closed(at('09:10:00'), 'user'),
  ]);
  const row = { ...toConversationRow('ws', record!, calendarDuration, null), status: 'closed' as const, contactType: 'new' as const };
  // 1 h 01 min 05 s in calendar time, 45 s in business hours.
  return { ...row, holdTimeMs: 3_665_000, bhHoldTimeMs: 45_000 } as never;
}

describe('a duration added to shared/durations.ts reaches every layer', () => {
  it('the conversations table gets a calendar and a business-hours column', () => {
    expect(getTableName(conversations)).toBe('conversations');
    const columns = getTableColumns(conversations) as Record<string, { name: string }>;
    expect(columns.holdTimeMs?.name).toBe('hold_time_ms');
    expect(columns.bhHoldTimeMs?.name).toBe('bh_hold_time_ms');
    expect(durationColumn('hold_time_ms' as never, 'calendar')).toBe(columns.holdTimeMs);
    expect(durationColumn('hold_time_ms' as never, 'business')).toBe(columns.bhHoldTimeMs);
  });

  it('the row mappers write and read it in both hours', () => {
    expect(businessColumns({ holdTimeMs: 45_000 } as never)).toMatchObject({ bhHoldTimeMs: 45_000 });
    const json = conversationJson(rowWithHoldTime(), 'UTC', at('10:00:00'), ChannelNames.empty) as Record<string, unknown> & {
      business_hours: Record<string, unknown>;
    };
    expect(json.hold_time_ms).toBe(3_665_000);
    expect(json.business_hours.hold_time_ms).toBe(45_000);
    // The API's schema of a conversation requires it, at the top level and in business_hours.
    expect(conversationSchema.safeParse(json).success).toBe(true);
    const { hold_time_ms: _dropped, ...without } = json;
    expect(conversationSchema.safeParse(without).success).toBe(false);
  });

  it("the API's field list, the list's sort columns and the report's timings carry it", () => {
    expect(DURATION_FIELDS).toContain('hold_time_ms');
    expect(isDurationField('hold_time_ms')).toBe(true);
    expect(LIST_SORT_COLUMNS).toContain('hold_time_ms');
    const sorted = parseListQuery({ sort: 'hold_time_ms' });
    expect(sorted.ok && sorted.value.sort).toBe('hold_time_ms');
    const ok = timingsComponent.options[0];
    expect(Object.keys(ok.shape)).toContain('hold_time_ms');
  });

  it('the CSV export has its column after the other durations, in calendar and business hours', () => {
    expect(CSV_DURATION_HEADERS).toMatchObject({ hold_time_ms: 'Hold time' });
    const calendar = csvColumns('calendar');
    const business = csvColumns('business');
    const headers = calendar.map((c) => c.header);
    // The eight durations of product.md §3 and bot time, then the new one, then the counts.
    expect(headers.slice(headers.indexOf('Bot time'), headers.indexOf('Assignments'))).toEqual(['Bot time', 'Hold time']);
    const row = rowWithHoldTime();
    expect(calendar.find((c) => c.header === 'Hold time')!.cell(row, 'UTC')).toBe('01:01:05');
    const bh = business.find((c) => c.header === 'Hold time (business hours)');
    expect(bh!.cell(row, 'UTC')).toBe('00:00:45');
  });
});
