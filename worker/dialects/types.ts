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
  /** The header carrying the sender's signature: where it is present, it is verified, URL token or not. */
  signatureHeader: string;
  /** Largest body accepted (events.md §1: 1 MiB; §4: Chatwoot 10 MiB). */
  maxBodyBytes: number;
  /**
   * What is kept of an accepted body: the whole of it, unless the dialect says a smaller copy
   * holds everything the model and a replay read (events.md §4: D1 rows top out at 2 MB).
   */
  storedBody?(body: unknown, rawText: string): string;
  verify(input: VerifyInput): Promise<VerifyResult>;
  /**
   * body is the already JSON-parsed payload. receivedAt = epoch ms of receipt (respond.io assignee
   * events have no timestamp); bodyHash = SHA-256 hex of the raw body (the delivery's identity
   * when the sender names none).
   */
  translate(body: unknown, ctx: { headers: Headers; receivedAt: number; bodyHash?: string }): ParseResult<Translation>;
}
