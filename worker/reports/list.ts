// The conversation list's cursors (product.md §4, api.md …/list); worker/db/report-list.ts reads
// the pages, keyset-paged on (sort column, id).
import type { ValidationIssue } from '../../shared/events';
import { LIST_SORT_COLUMNS, type HoursMode, type ListSortColumn } from '../../shared/report';
import type { Keyset, ListOrder, SortOrder, SortValue } from '../db/report-list';

// ---------------------------------------------------------------------------------------------
// Cursors: opaque base64url of [sort, order, hours, value, id, total]; one made for another sort
// is refused. The total is counted once, for the first page, and travels with the cursor: the
// pages of one listing report the same total without counting the range again.

const toBase64Url = (text: string) =>
  btoa(String.fromCharCode(...new TextEncoder().encode(text)))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function fromBase64Url(text: string): string {
  const bytes = Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (ch) => ch.charCodeAt(0));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}

export function encodeCursor(order: ListOrder, after: Keyset, total: number): string {
  return toBase64Url(JSON.stringify([order.sort, order.order, order.hours, after.value, after.id, total]));
}

export function decodeCursor(
  cursor: string,
  order: ListOrder,
): { ok: true; keyset: Keyset; total: number | null } | { ok: false; issue: ValidationIssue } {
  const bad = (message: string) => ({ ok: false as const, issue: { path: 'cursor', message } });
  let decoded: unknown;
  try {
    decoded = JSON.parse(fromBase64Url(cursor));
  } catch {
    return bad('not a cursor this API issued; use next_cursor from the previous page');
  }
  if (
    !Array.isArray(decoded) ||
    (decoded.length !== 5 && decoded.length !== 6) ||
    (decoded.length === 6 && !(Number.isInteger(decoded[5]) && decoded[5] >= 0)) ||
    !(LIST_SORT_COLUMNS as readonly unknown[]).includes(decoded[0]) ||
    typeof decoded[4] !== 'string' ||
    !(decoded[3] === null || typeof decoded[3] === 'string' || typeof decoded[3] === 'number')
  ) {
    return bad('not a cursor this API issued; use next_cursor from the previous page');
  }
  const [sort, direction, hours, value, id, total] = decoded as [ListSortColumn, SortOrder, HoursMode, SortValue, string, number?];
  if (sort !== order.sort || direction !== order.order || hours !== order.hours) {
    return bad(`this cursor pages a list sorted by ${sort} ${direction} (${hours} hours); repeat that sort, order and hours or start without a cursor`);
  }
  // A cursor issued before totals travelled with it (five elements) has the total counted again.
  return { ok: true, keyset: { value, id }, total: total ?? null };
}
