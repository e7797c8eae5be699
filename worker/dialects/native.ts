// The native dialect (events.md §2): Standard Webhooks signatures over our own event format.
import { parseNativeBody } from '../../shared/events';
import { NO_MATCH, anyHmacMatches, checkTimestamp, decodeBase64, prefixed } from './signatures';
import type { Dialect } from './types';

/** Standard Webhooks secrets are `whsec_` + base64 of the key bytes; the prefix is optional as in the reference libraries. */
function keyBytes(secret: string): Uint8Array | null {
  return decodeBase64(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret);
}

export const native: Dialect = {
  name: 'native',
  signatureHeader: 'webhook-signature',
  maxBodyBytes: 1024 * 1024, // events.md §1

  async verify({ headers, rawBody, secrets, now }) {
    const id = headers.get('webhook-id');
    const timestamp = headers.get('webhook-timestamp');
    const signatureHeader = headers.get('webhook-signature');
    if (!id) return { ok: false, message: 'missing webhook-id header' };
    const fresh = checkTimestamp(timestamp, 'webhook-timestamp', now);
    if (!fresh.ok) return fresh;
    if (!signatureHeader) return { ok: false, message: 'missing webhook-signature header' };
    // Space-separated `v1,<base64>` entries (several during secret rotation); other versions are skipped.
    const signatures = signatureHeader
      .split(' ')
      .filter((entry) => entry.startsWith('v1,'))
      .map((entry) => decodeBase64(entry.slice(3)))
      .filter((bytes): bytes is Uint8Array => bytes !== null);
    const keys = secrets.map(keyBytes).filter((bytes): bytes is Uint8Array => bytes !== null);
    const signed = prefixed(`${id}.${timestamp}.`, rawBody);
    return (await anyHmacMatches(keys, signatures, signed)) ? { ok: true } : NO_MATCH;
  },

  translate(body, { headers }) {
    const deliveryId = headers.get('webhook-id');
    if (!deliveryId) return { ok: false, issues: [{ path: 'headers.webhook-id', message: 'missing webhook-id header' }] };
    const events = parseNativeBody(body);
    return events.ok ? { ok: true, value: { deliveryId, events: events.value } } : events;
  },
};
