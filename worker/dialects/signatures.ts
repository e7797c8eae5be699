// HMAC-SHA256 checks shared by the dialects (events.md §1): over the raw request bytes, before
// parsing, in constant time, any one of the workspace's secrets may match.
import type { VerifyResult } from './types';

/** events.md §1: a signed timestamp more than 5 minutes off is stale. */
export const TIMESTAMP_TOLERANCE_MS = 5 * 60 * 1000;

const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** `prefix` then the raw body, as one byte string (the signed content of Standard Webhooks and Chatwoot). */
export function prefixed(prefix: string, rawBody: Uint8Array): Uint8Array {
  const head = utf8(prefix);
  const out = new Uint8Array(head.length + rawBody.length);
  out.set(head, 0);
  out.set(rawBody, head.length);
  return out;
}

export function decodeBase64(text: string): Uint8Array | null {
  try {
    return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

export function decodeHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A header of unix seconds within the tolerance of `now`; otherwise why not. */
export function checkTimestamp(header: string | null, name: string, now: number): VerifyResult {
  if (header === null) return { ok: false, message: `missing ${name} header` };
  if (!/^\d{1,12}$/.test(header.trim())) return { ok: false, message: `${name} must be unix seconds` };
  if (Math.abs(now - Number(header.trim()) * 1000) > TIMESTAMP_TOLERANCE_MS) {
    return { ok: false, message: `${name} is more than 5 minutes off` };
  }
  return { ok: true };
}

/** Request bodies and our own buffers are never shared memory; Web Crypto's types want that said. */
const plain = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

/**
 * True when any signature is the HMAC-SHA256 of `signed` under any key. `subtle.verify`
 * compares in constant time, so no signature byte leaks through timing.
 */
export async function anyHmacMatches(keys: Uint8Array[], signatures: Uint8Array[], signed: Uint8Array): Promise<boolean> {
  for (const keyBytes of keys) {
    if (keyBytes.length === 0) continue; // an empty secret would sign anything anyone can compute
    const key = await crypto.subtle.importKey('raw', plain(keyBytes), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    for (const signature of signatures) {
      if (await crypto.subtle.verify('HMAC', key, plain(signature), plain(signed))) return true;
    }
  }
  return false;
}

export const NO_MATCH: VerifyResult = { ok: false, message: 'no valid signature for any of the workspace secrets' };
