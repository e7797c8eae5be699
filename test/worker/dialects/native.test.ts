// Native dialect (events.md §2): Standard Webhooks signatures, and our own event format.
import { describe, expect, it } from 'vitest';
import { dialects } from '../../../worker/dialects';
import { hmacSha256, toBase64, utf8 } from './signing';

const native = dialects.native;
const now = Date.parse('2026-11-20T09:30:00Z');
const nowSeconds = String(now / 1000);

const body = JSON.stringify({
  id: 'evt-1',
  type: 'message.created',
  occurred_at: '2026-11-20T09:29:58Z',
  contact: { id: 'c-1', name: 'Jane Doe' },
  message: { id: 'm-1', direction: 'incoming', sender: { type: 'contact' } },
});

const keyA = utf8('key-a-0123456789abcdef');
const keyB = utf8('key-b-0123456789abcdef');
const whsec = (key: Uint8Array) => `whsec_${toBase64(key)}`;

async function signature(key: Uint8Array<ArrayBuffer>, id = 'evt-1', timestamp = nowSeconds, payload = body) {
  return `v1,${toBase64(await hmacSha256(key, `${id}.${timestamp}.${payload}`))}`;
}

async function verify(headers: Record<string, string>, secrets = [whsec(keyA)], payload = body) {
  return native.verify({ headers: new Headers(headers), rawBody: utf8(payload), secrets, now });
}

describe('native signature (Standard Webhooks)', () => {
  it('accepts a valid signature', async () => {
    const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': nowSeconds, 'webhook-signature': await signature(keyA) };
    expect(await verify(headers)).toEqual({ ok: true });
  });

  it('accepts when the second of two workspace secrets matches', async () => {
    const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': nowSeconds, 'webhook-signature': await signature(keyB) };
    expect(await verify(headers, [whsec(keyA), whsec(keyB)])).toEqual({ ok: true });
  });

  it('accepts a rotation list where one signature matches, skipping other versions', async () => {
    const list = ['v1a,c29tZXRoaW5n', await signature(keyB), await signature(keyA)].join(' ');
    const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': nowSeconds, 'webhook-signature': list };
    expect(await verify(headers)).toEqual({ ok: true });
  });

  it('rejects a rotation list where none matches', async () => {
    const list = [await signature(keyB), 'v1,not-base64!'].join(' ');
    const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': nowSeconds, 'webhook-signature': list };
    expect((await verify(headers)).ok).toBe(false);
  });

  it.each<[string, { payload?: string; id?: string; timestamp?: string }]>([
    ['the body was altered', { payload: body.replace('Jane', 'Joan') }],
    ['the id differs from the signed one', { id: 'evt-2' }],
    ['the timestamp differs from the signed one', { timestamp: String(now / 1000 - 1) }],
  ])('rejects when %s', async (_, { payload = body, id = 'evt-1', timestamp = nowSeconds }) => {
    const headers = { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': await signature(keyA) };
    expect(await verify(headers, [whsec(keyA)], payload)).toMatchObject({ ok: false });
  });

  it.each(['webhook-id', 'webhook-timestamp', 'webhook-signature'])('rejects a request without %s', async (missing) => {
    const headers: Record<string, string> = {
      'webhook-id': 'evt-1',
      'webhook-timestamp': nowSeconds,
      'webhook-signature': await signature(keyA),
    };
    delete headers[missing];
    expect(await verify(headers)).toEqual({ ok: false, message: expect.stringContaining(missing) });
  });

  it.each([
    ['6 minutes old', -360, false],
    ['6 minutes ahead', 360, false],
    ['4 minutes old', -240, true],
    ['4 minutes ahead', 240, true],
  ])('a timestamp %s: accepted %s', async (_, offsetSeconds, accepted) => {
    const timestamp = String(now / 1000 + offsetSeconds);
    const headers = {
      'webhook-id': 'evt-1',
      'webhook-timestamp': timestamp,
      'webhook-signature': await signature(keyA, 'evt-1', timestamp),
    };
    expect((await verify(headers)).ok).toBe(accepted);
  });

  it('rejects when the workspace has no secret', async () => {
    const headers = { 'webhook-id': 'evt-1', 'webhook-timestamp': nowSeconds, 'webhook-signature': await signature(keyA) };
    expect((await verify(headers, [])).ok).toBe(false);
  });
});

describe('native translation', () => {
  const receivedAt = now;

  it('keys the delivery by webhook-id and parses the body into canonical events', () => {
    const result = native.translate(JSON.parse(body), { headers: new Headers({ 'webhook-id': 'evt-1' }), receivedAt });
    expect(result).toEqual({
      ok: true,
      value: {
        deliveryId: 'evt-1',
        events: [
          {
            id: 'evt-1',
            type: 'message.created',
            occurredAt: Date.parse('2026-11-20T09:29:58Z'),
            contact: { id: 'c-1', name: 'Jane Doe' },
            threadId: 'c-1',
            message: { id: 'm-1', direction: 'incoming', sender: { type: 'contact' }, private: false },
          },
        ],
      },
    });
  });

  it('names the missing webhook-id header', () => {
    const result = native.translate(JSON.parse(body), { headers: new Headers(), receivedAt });
    expect(result).toEqual({ ok: false, issues: [{ path: 'headers.webhook-id', message: expect.any(String) }] });
  });

  it('passes body errors through with their path', () => {
    const event = JSON.parse(body);
    delete event.contact.id;
    const result = native.translate(event, { headers: new Headers({ 'webhook-id': 'evt-1' }), receivedAt });
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'contact.id' })] });
  });

  it('registers the three dialects under their own names', () => {
    expect(Object.entries(dialects).map(([key, dialect]) => [key, dialect.name])).toEqual([
      ['native', 'native'],
      ['respondio', 'respondio'],
      ['chatwoot', 'chatwoot'],
    ]);
  });
});
