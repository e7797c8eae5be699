// The CSV the UI downloads (product.md §8: it opens in Excel and Google Sheets with accents
// intact): the worker's export (api.md, English headers, durations hh:mm:ss, source keys), read
// and written again in the UI's language, durations as the UI shows them (1d 00:02:06, not
// 24:02:06), sources and contact types in words, with a UTF-8 byte-order mark so Excel reads
// UTF-8. The API's own export stays as api.md describes it, for scripts and spreadsheets.
import { parse } from 'csv-parse/browser/esm/sync';
import { stringify } from 'csv-stringify/browser/esm/sync';
import type { DurationField } from '../../shared/api';
import { CSV_BUSINESS_SUFFIX, CSV_DURATION_HEADERS, CSV_HEADERS, CSV_UNASSIGNED, type CsvColumnKey } from '../../shared/csv';
import { formatDuration, t } from '../i18n';
import { FILTERS, type FilterDefinition } from '../../shared/filters';
import { vocabularyLabel } from './labels';
import { durationLabel } from './report';

export const BYTE_ORDER_MARK = '\uFEFF';

/** The export's header (shared/csv.ts) → the UI's words. */
function headerWords(key: CsvColumnKey): string {
  // The list's "Conversation" column is the CSV's "Conversation ID" (the seed's "ID de conversación").
  return key === 'conversation_id' ? t('filter.conversation_id') : t(`column.${key}`);
}

const BY_HEADER = new Map<string, CsvColumnKey>(Object.entries(CSV_HEADERS).map(([key, header]) => [header, key as CsvColumnKey]));
const DURATION_BY_HEADER = new Map<string, DurationField>(
  Object.entries(CSV_DURATION_HEADERS).map(([key, header]) => [header, key as DurationField]),
);

/** `hh:mm:ss` with unbounded hours (shared/duration.ts formatDurationHms) → milliseconds. */
function hmsToMs(text: string): number | null {
  const m = /^(-?)(\d+):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) * 1000;
  return m[1] ? -ms : ms;
}

type Translate = (cell: string) => string;

function columnOf(header: string): { header: string; cell: Translate } {
  const business = header.endsWith(CSV_BUSINESS_SUFFIX);
  const base = business ? header.slice(0, -CSV_BUSINESS_SUFFIX.length) : header;
  const duration = DURATION_BY_HEADER.get(base);
  if (duration) {
    return {
      header: business ? t('csv.businessHours', { column: durationLabel(duration) }) : durationLabel(duration),
      // The worker escapes a leading "-" against formulas ('-00:01:05); a duration is read without it.
      cell: (cell) => {
        const ms = hmsToMs(cell.replace(/^'/, ''));
        return ms === null ? cell : formatDuration(ms);
      },
    };
  }
  const key = BY_HEADER.get(header);
  const words = key ? headerWords(key) : header;
  // A column of a filter's fixed vocabulary (sources, contact types; shared/filters.ts) in words.
  const vocabulary = (FILTERS as readonly FilterDefinition[]).find((f) => f.param === key)?.valueLabels;
  if (vocabulary) return { header: words, cell: (cell) => (cell ? vocabularyLabel(vocabulary, cell) : '') };
  if (key === 'first_assignee' || key === 'last_assignee') {
    return { header: words, cell: (cell) => (cell === CSV_UNASSIGNED ? t('person.unassigned') : cell) };
  }
  return { header: words, cell: (cell) => cell };
}

/** The worker's CSV text → the UI's download, byte-order mark first. */
export function csvForDownload(workerCsv: string): string {
  const records = parse(workerCsv, { bom: true, relax_column_count: true }) as string[][];
  const [headers, ...rows] = records;
  if (!headers) return BYTE_ORDER_MARK;
  const columns = headers.map(columnOf);
  const out = [columns.map((c) => c.header), ...rows.map((row) => row.map((cell, i) => columns[i]?.cell(cell) ?? cell))];
  // Formula escaping again: words and durations put in here start with letters or digits, and
  // cells the worker escaped keep their apostrophe.
  return BYTE_ORDER_MARK + stringify(out, { escape_formulas: true });
}
