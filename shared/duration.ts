// The one duration formatter (product.md §3: `mm:ss` under an hour, `hh:mm:ss` under a day,
// `d hh:mm:ss` past a day; a metric whose inputs do not exist is "-", never 0) and its CSV
// variant (product.md §4 "List and export": durations as `hh:mm:ss`).

const SECOND_MS = 1000;

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Whole seconds, rounded down (towards zero), as [sign, total seconds]. */
function wholeSeconds(ms: number): [sign: string, seconds: number] {
  return [ms < 0 ? '-' : '', Math.floor(Math.abs(ms) / SECOND_MS)];
}

/**
 * For people: 65_000 → "01:05", 3_600_000 → "01:00:00", 90_061_000 → "1d 01:01:01" (`dayUnit`
 * is the language's: "d" in English, " d" in Spanish).
 * null/undefined (and NaN/Infinity) → "-". Negative durations should not occur; if one does it
 * is shown with a leading "-" rather than hidden: -65_000 → "-01:05".
 */
export function formatDuration(ms: number | null | undefined, dayUnit = 'd'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '-';
  const [sign, total] = wholeSeconds(ms);
  const seconds = total % 60;
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600) % 24;
  const days = Math.floor(total / 86_400);
  if (days > 0) return `${sign}${days}${dayUnit} ${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  if (hours > 0) return `${sign}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}`;
  return `${sign}${pad2(minutes)}:${pad2(seconds)}`;
}

/**
 * For CSV: `hh:mm:ss` with unbounded hours, so spreadsheets can sum it: 90_061_000 → "25:01:01",
 * 65_000 → "00:01:05". null/undefined → "" (an empty cell).
 */
export function formatDurationHms(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  // Written without the helpers above: the CSV export calls this nine times a row.
  const total = Math.floor(Math.abs(ms) / SECOND_MS);
  const seconds = total % 60;
  const minutes = ((total - seconds) / 60) % 60;
  const hours = (total - seconds - minutes * 60) / 3600;
  return `${ms < 0 ? '-' : ''}${hours < 10 ? '0' : ''}${hours}:${PAD2[minutes]}:${PAD2[seconds]}`;
}

const PAD2 = Array.from({ length: 60 }, (_, n) => pad2(n));
