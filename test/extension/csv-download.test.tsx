/** @jsxImportSource preact */
// The CSV the report's Export button saves: accents intact in Excel (UTF-8 byte-order mark),
// durations as the UI shows them, sources in words, in the UI's language.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { ApiClient } from '../../extension/api';
import { ConversationList } from '../../extension/components/report/ConversationList';
import { DEFAULT_REPORT_QUERY } from '../../extension/report-query';
import { closedConversation } from './fixtures/conversations';
import { useLanguage } from './i18n';

// What the worker's export writes (worker/reports/export.ts csvColumns), abridged to the columns
// this test reads: Sofía's conversation, auto-closed after 1 day 2 min 6 s (86,400 + 126 s).
const WORKER_CSV = [
  'Conversation ID,Contact name,Contact type,Open source,Closed source,Last assignee,Resolution time,Resolution time (business hours),Summary',
  'cw-1,Sofía Peña,returning,contact,auto_close,Unassigned,24:02:06,00:30:00,"\'=HYPERLINK(""x"")"',
  '',
].join('\r\n');

let saved: Blob | null = null;

beforeEach(() => {
  fakeBrowser.reset();
  saved = null;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    saved = blob as Blob;
    return 'blob:convolens';
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

async function download(): Promise<{ bytes: Uint8Array; rows: string[][] }> {
  const api = {
    list: async () => ({ rows: [closedConversation()], total: 1, next_cursor: null }),
    exportCsv: async () => new Blob([WORKER_CSV], { type: 'text/csv' }),
  } as unknown as ApiClient;
  render(<ConversationList api={api} query={DEFAULT_REPORT_QUERY} />);
  fireEvent.click(await screen.findByRole('button', { name: /CSV/ }));
  await waitFor(() => expect(saved).not.toBeNull());
  const bytes = new Uint8Array(await saved!.arrayBuffer());
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { bytes, rows: parse(text, { bom: true }) as string[][] };
}

describe('the report’s CSV download', () => {
  it('starts with the UTF-8 byte-order mark and keeps accents', async () => {
    const { bytes, rows } = await download();
    expect(Array.from(bytes.slice(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
    expect(rows[1]![1]).toBe('Sofía Peña');
  });

  it('writes durations over a day as the UI does, and sources and people in words (English)', async () => {
    const { rows } = await download();
    expect(rows[0]).toEqual([
      'Conversation ID',
      'Contact',
      'Contact type',
      'Open source',
      'Closed source',
      'Last assignee',
      'Resolution time',
      'Resolution time (business hours)',
      'Summary',
    ]);
    expect(rows[1]).toEqual(['cw-1', 'Sofía Peña', 'Returning', 'Contact', 'Auto-close', 'Unassigned', '1d 00:02:06', '30:00', "'=HYPERLINK(\"x\")"]);
  });

  it('in Spanish, with the seeds’ words', async () => {
    useLanguage('es');
    const { rows } = await download();
    expect(rows[0]!.slice(1, 7)).toEqual(['Nombre de contacto', 'Tipo de contacto', 'Abierto por fuente', 'Cerrado por fuente', 'Último cesionario', 'Tiempo de resolución']);
    expect(rows[1]).toEqual(['cw-1', 'Sofía Peña', 'Recurrentes', 'Contacto', 'Cierre automático', 'Sin asignar', '1 d 00:02:06', '30:00', "'=HYPERLINK(\"x\")"]);
  });
});
