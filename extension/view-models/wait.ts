// Waits coloured against the workspace's first-response target (product.md §6): green within,
// amber when close, red over. Used by the inbox badges and the side panel.
import type { ConversationJson, ConversationResponse } from '../../shared/api';
import { formatDuration, t } from '../i18n';

/** product.md §6 "say 5 minutes": used while a workspace has not set its own target. */
export const DEFAULT_FIRST_RESPONSE_TARGET_MS = 5 * 60_000;

/** From this share of the target on, a wait is "close" (amber). */
export const CLOSE_TO_TARGET_SHARE = 0.8;

export type WaitTone = 'within' | 'close' | 'over' | 'neutral';

export function waitTone(ms: number | null, targetMs: number): WaitTone {
  if (ms === null) return 'neutral';
  if (ms > targetMs) return 'over';
  if (ms >= targetMs * CLOSE_TO_TARGET_SHARE) return 'close';
  return 'within';
}

/** A tone in words ("within target"); neutral says nothing. */
export function toneWords(tone: WaitTone): string {
  return tone === 'neutral' ? '' : t(`tone.${tone}`);
}

/** The workspace's target, or the default while none is set. */
export function effectiveTarget(targetMs: number | null | undefined): number {
  return targetMs && targetMs > 0 ? targetMs : DEFAULT_FIRST_RESPONSE_TARGET_MS;
}

/** Milliseconds between two ISO timestamps (b − a), or null when either is missing. */
export function between(a: string | null, b: string | null): number | null {
  if (!a || !b) return null;
  const ms = Date.parse(b) - Date.parse(a);
  return Number.isFinite(ms) ? ms : null;
}

/** A live duration as of `elapsedMs` after the server's `now` (null stays null). */
export function advance(ms: number | null, elapsedMs: number): number | null {
  return ms === null ? null : ms + Math.max(0, elapsedMs);
}

export interface BadgeView {
  /** What the number is: "Waiting", "Since first response", … */
  label: string;
  /** The duration, via the shared formatter. */
  value: string;
  tone: WaitTone;
}

/**
 * The header badge: the current wait while a contact message is unanswered, else the time
 * since the first response (its colour says whether that response met the target), else how
 * long the conversation has been open; closed conversations show their resolution time.
 * `elapsedMs` is the time since the server computed the response.
 */
export function headerBadgeView(c: ConversationResponse, elapsedMs: number, targetMs: number): BadgeView {
  if (c.status === 'closed') {
    return { label: t('badge.closedResolvedIn'), value: formatDuration(c.resolution_time_ms), tone: 'neutral' };
  }
  if (c.current_wait_ms !== null) {
    const wait = advance(c.current_wait_ms, elapsedMs);
    return { label: t('badge.waiting'), value: formatDuration(wait), tone: waitTone(wait, targetMs) };
  }
  if (c.first_response_at) {
    const since = advance(between(c.first_response_at, c.now), elapsedMs);
    return {
      label: t('badge.sinceFirstResponse'),
      value: formatDuration(since),
      tone: waitTone(c.first_response_time_ms, targetMs),
    };
  }
  return { label: t('badge.open'), value: formatDuration(advance(c.time_open_ms, elapsedMs)), tone: 'neutral' };
}

/** A list row's badge: the current wait, or nothing when nobody is waiting in that thread. */
export function rowBadgeView(
  c: Pick<ConversationJson, 'status' | 'current_wait_ms'>,
  elapsedMs: number,
  targetMs: number,
): { value: string; tone: WaitTone } | null {
  if (c.status !== 'open' || c.current_wait_ms === null) return null;
  const wait = advance(c.current_wait_ms, elapsedMs);
  return { value: formatDuration(wait), tone: waitTone(wait, targetMs) };
}

/** The badge's few words for an error; its tooltip carries the full sentence. */
export function shortErrorLabel(kind: string): string {
  switch (kind) {
    case 'not_configured':
      return t('badge.error.notConfigured');
    case 'unreachable':
      return t('badge.error.unreachable');
    case 'unauthorized':
      return t('badge.error.unauthorized');
    case 'forbidden':
      return t('badge.error.forbidden');
    default:
      return t('badge.error.other');
  }
}
