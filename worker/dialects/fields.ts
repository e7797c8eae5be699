// Field schemas for third-party payloads (events.md §3, §4): ids come as numbers or strings,
// timestamps as epoch seconds, epoch milliseconds (floats too) or ISO strings.
import { z } from 'zod';
import { isPlausibleInstant, parseIsoInstant, PLAUSIBLE_RANGE_MESSAGE } from '../../shared/events';

/** Numbers in ids are treated as strings (events.md §2). */
export const sourceId = z
  .union([z.string().min(1), z.number()], { error: 'expected a string or number id' })
  .transform((value) => String(value));

/** Why a timestamp was refused, or its epoch ms; `none` for Chatwoot's 0 ("no time", events.md §4). */
type Reading = { ms: number } | { none: true } | { error: string };

const TIMESTAMP_ERROR = 'expected a timestamp: epoch seconds, epoch milliseconds or ISO 8601 with an offset';

/**
 * Reads a source timestamp. Numbers below 10^11 are seconds (events.md §3); 0 means "none"
 * (Chatwoot, events.md §4). Float seconds go through whole microseconds so 1785237160.991 gives
 * …160991, not …160990, matching the ISO form of the same instant. Every instant must be a real
 * calendar instant between 2001-01-01 and 2286-11-20 (events.md §1 "Plausible times").
 */
function readTimestamp(value: number | string): Reading {
  let ms: number | null;
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return readTimestamp(Number(value));
    ms = parseIsoInstant(value);
    if (ms === null) return { error: `${TIMESTAMP_ERROR} (a real calendar date and time)` };
  } else {
    if (value === 0) return { none: true };
    if (!Number.isFinite(value) || value < 0) return { error: TIMESTAMP_ERROR };
    ms = value < 1e11 ? Math.floor(Math.round(value * 1e6) / 1e3) : Math.floor(value);
  }
  return isPlausibleInstant(ms) ? { ms } : { error: PLAUSIBLE_RANGE_MESSAGE };
}

/** Epoch ms of a source timestamp, or null when there is none or it is not a plausible instant. */
export function epochMs(value: number | string): number | null {
  const reading = readTimestamp(value);
  return 'ms' in reading ? reading.ms : null;
}

/** A required timestamp → epoch ms. */
export const instant = z.union([z.number(), z.string()], { error: TIMESTAMP_ERROR }).transform((value, ctx) => {
  const reading = readTimestamp(value);
  if ('ms' in reading) return reading.ms;
  ctx.addIssue({ code: 'custom', message: 'error' in reading ? reading.error : TIMESTAMP_ERROR });
  return z.NEVER;
});

/** A timestamp that may be absent, null or 0 (none) → epoch ms or undefined; an implausible one is an error. */
export const optionalInstant = z
  .union([z.number(), z.string()], { error: TIMESTAMP_ERROR })
  .nullish()
  .transform((value, ctx) => {
    if (value == null || value === '') return undefined;
    const reading = readTimestamp(value);
    if ('ms' in reading) return reading.ms;
    if ('none' in reading) return undefined;
    ctx.addIssue({ code: 'custom', message: reading.error });
    return z.NEVER;
  });

/** Drops undefined keys so stored events read cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** "firstName lastName", trimmed, else `name`; undefined when all are empty. */
export function fullName(person: { firstName?: string | null; lastName?: string | null; name?: string | null }): string | undefined {
  return `${person.firstName ?? ''} ${person.lastName ?? ''}`.trim() || person.name?.trim() || undefined;
}
