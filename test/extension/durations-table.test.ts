// The extension's timings and conversation list read shared/durations.ts: a duration added there
// (here "hold time", with its two messages in the catalogue) shows up in both, named and
// explained in the current language, with no other edit. test/worker/durations-table.test.ts
// follows the same entry through the worker.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../shared/durations', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../shared/durations')>();
  return { ...actual, DURATIONS: [...actual.DURATIONS, actual.duration('hold_time_ms', 'holdTimeMs', 'Hold time')] };
});

const { DURATIONS } = await import('../../shared/durations');
const { setCatalogue } = await import('../../extension/i18n');
const { listColumns, timingRows } = await import('../../extension/view-models/report');
const { catalogueOf } = await import('./i18n');
const { closedConversation } = await import('./fixtures/conversations');

const stat = (avg: number) => ({ avg, median: avg, p90: avg, count: 1 });

describe('a duration added to shared/durations.ts', () => {
  it('is a row of the timings and a column of the list, in the table order, named from the catalogue', () => {
    // The catalogue entry an added duration brings (extension/locales/*.yml `duration.` and `formula.`).
    setCatalogue('es', {
      ...catalogueOf('es'),
      duration_hold_time_ms: { message: 'Tiempo en espera' },
      formula_hold_time_ms: { message: 'Cuánto tiempo estuvo en espera.' },
    });
    const timings = Object.fromEntries(DURATIONS.map((d, i) => [d.field, stat((i + 1) * 1000)]));
    const rows = timingRows(timings as never);
    expect(rows.map((r) => r.key)).toEqual(DURATIONS.map((d) => d.field));
    // The tenth entry: average 10,000 ms = 00:10.
    expect(rows.at(-1)).toMatchObject({ key: 'hold_time_ms', label: 'Tiempo en espera', formula: 'Cuánto tiempo estuvo en espera.', average: '00:10' });

    const columns = listColumns();
    const durationColumns = columns.filter((c) => c.key.endsWith('_ms')).map((c) => c.key);
    expect(durationColumns).toEqual(DURATIONS.map((d) => d.field));
    const hold = columns.find((c) => c.key === 'hold_time_ms')!;
    expect([hold.label, hold.help, hold.numeric]).toEqual(['Tiempo en espera', 'Cuánto tiempo estuvo en espera.', true]);
    // 1 h 01 min 05 s in calendar time, 45 s in business hours.
    const row = { ...closedConversation(), hold_time_ms: 3_665_000, business_hours: { ...closedConversation().business_hours, hold_time_ms: 45_000 } };
    expect(hold.cell(row as never, 'calendar')).toBe('01:01:05');
    expect(hold.cell(row as never, 'business')).toBe('00:45');
  });
});

describe("the table's entries", () => {
  it('each have a name and a formula in Spanish and in English', async () => {
    const { DURATIONS: real } = await vi.importActual<typeof import('../../shared/durations')>('../../shared/durations');
    for (const language of ['es', 'en'] as const) {
      const catalogue = catalogueOf(language);
      for (const d of real) {
        expect(catalogue[d.labelKey.replaceAll('.', '_')]?.message, `${language} ${d.labelKey}`).toBeTruthy();
        expect(catalogue[d.helpKey.replaceAll('.', '_')]?.message, `${language} ${d.helpKey}`).toBeTruthy();
      }
    }
  });
});
