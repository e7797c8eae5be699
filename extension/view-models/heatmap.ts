// A weekday × hour heatmap as a grid with a sequential colour scale (product.md §4; Umami keeps
// the 7×24 assembly in one helper too). Rows come Monday first (api.md).
import { formatWallClock } from '../i18n';

/** Monday…Sunday in the current language, short ("Mon", "lun") or long ("Monday", "lunes"). */
export function weekdayNames(style: 'short' | 'long'): string[] {
  // 2024-01-01 was a Monday.
  return Array.from({ length: 7 }, (_, i) => formatWallClock({ year: 2024, month: 1, day: 1 + i }, { weekday: style }));
}

/**
 * Levels 0 ("none") to 4. Their colours are app.css' `--heat-0`…`--heat-4`: light to dark blue on
 * a light page, dark to light on a dark one (the system's colour scheme), one hue so the scale
 * reads for the common colour-vision deficiencies and in print.
 */
export const HEAT_LEVELS = 5;

export interface HeatLevel {
  level: number;
  /** Inclusive count range of the level, e.g. "1–3"; "0" for none. */
  label: string;
}

/** Upper bounds of levels 1…n for a grid whose largest value is `max` (n = 4, fewer when max < 4). */
function levelBounds(max: number): number[] {
  const steps = Math.min(4, Math.max(0, Math.floor(max)));
  return Array.from({ length: steps }, (_, i) => Math.ceil((max * (i + 1)) / steps));
}

/**
 * The scale for a grid whose largest value is `max`: level 0 for zero, then up to four levels
 * splitting 1…max into near-equal ranges of whole counts.
 */
export function heatScale(max: number): HeatLevel[] {
  const levels: HeatLevel[] = [{ level: 0, label: '0' }];
  let low = 1;
  levelBounds(max).forEach((high, i) => {
    levels.push({ level: Math.min(i + 1, HEAT_LEVELS - 1), label: low === high ? `${high}` : `${low}–${high}` });
    low = high + 1;
  });
  return levels;
}

/** The level of one count under the scale for `max`. */
export function heatLevel(value: number, max: number): number {
  if (value <= 0) return 0;
  const bounds = levelBounds(max);
  const index = bounds.findIndex((high) => value <= high);
  return index < 0 ? bounds.length : index + 1;
}

export function gridMax(rows: readonly (readonly number[])[]): number {
  return rows.reduce((m, row) => row.reduce((n, v) => Math.max(n, v), m), 0);
}

/** `9` → `09:00–10:00`. */
export function hourRange(hour: number): string {
  const pad = (h: number) => String(h).padStart(2, '0');
  return `${pad(hour)}:00–${pad((hour + 1) % 24)}:00`;
}
