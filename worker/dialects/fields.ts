// Field schemas for third-party payloads (events.md §3, §4): ids come as numbers or strings,
// timestamps as epoch seconds, epoch milliseconds (floats too) or ISO strings.
import { z } from 'zod';

/** Numbers in ids are treated as strings (events.md §2). */
export const sourceId = z
  .union([z.string().min(1), z.number()], { error: 'expected a string or number id' })
  .transform((value) => String(value));

/**
 * Epoch ms of a source timestamp, or null when there is none. Numbers below 10^11 are seconds
 * (events.md §3); 0 means "none" (Chatwoot, events.md §4). Float seconds go through whole
 * microseconds so 1785237160.991 gives …160991, not …160990, matching the ISO form of the same instant.
 */
export function epochMs(value: number | string): number | null {
  if (typeof value === 'string') {
    if (/^\d+(\.\d+)?$/.test(value)) return epochMs(Number(value));
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  if (!Number.isFinite(value) || value <= 0) return null;
  return value < 1e11 ? Math.floor(Math.round(value * 1e6) / 1e3) : Math.floor(value);
}

const TIMESTAMP_ERROR = 'expected a timestamp: epoch seconds, epoch milliseconds or ISO 8601';

/** A required timestamp → epoch ms. */
export const instant = z.union([z.number(), z.string()], { error: TIMESTAMP_ERROR }).transform((value, ctx) => {
  const ms = epochMs(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: TIMESTAMP_ERROR });
    return z.NEVER;
  }
  return ms;
});

/** A timestamp that may be absent, null or 0 → epoch ms or undefined. */
export const optionalInstant = z
  .union([z.number(), z.string()], { error: TIMESTAMP_ERROR })
  .nullish()
  .transform((value) => (value == null ? undefined : (epochMs(value) ?? undefined)));

/** Drops undefined keys so stored events read cleanly. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** "firstName lastName", trimmed; undefined when both are empty. */
export function fullName(person: { firstName?: string | null; lastName?: string | null }): string | undefined {
  return `${person.firstName ?? ''} ${person.lastName ?? ''}`.trim() || undefined;
}
