// The contract every webhook dialect meets (events.md §1): verify the raw bytes, then translate
// the parsed body into canonical events. Dialects are pure apart from Web Crypto.
import type { CanonicalEvent, ParseResult } from '../../shared/events';

export type DialectName = 'native' | 'respondio' | 'chatwoot';

export interface VerifyInput {
  headers: Headers;
  rawBody: Uint8Array;
  /** Every secret the workspace holds for this dialect; any one may match (rotation, one key per subscription). */
  secrets: string[];
  /** Epoch ms, for timestamp tolerance. */
  now: number;
}

export type VerifyResult = { ok: true } | { ok: false; message: string };

export interface Translation {
  /** Idempotency key of this delivery (native: webhook-id header; respond.io: event_id; chatwoot: X-Chatwoot-Delivery). */
  deliveryId: string;
  /**
   * Canonical events, possibly none (types that are accepted, kept and ignored). Ids unique per
   * workspace and stable: the same delivery translated twice gives the same ids.
   */
  events: CanonicalEvent[];
}

export interface Dialect {
  name: DialectName;
  verify(input: VerifyInput): Promise<VerifyResult>;
  /** body is the already JSON-parsed payload. receivedAt = epoch ms of receipt (respond.io assignee events have no timestamp). */
  translate(body: unknown, ctx: { headers: Headers; receivedAt: number }): ParseResult<Translation>;
}
