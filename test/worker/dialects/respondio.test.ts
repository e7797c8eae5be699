// respond.io dialect (events.md §3): one key per subscription, contact-centric threads.
import { describe, expect, it } from 'vitest';
import { dialects } from '../../../worker/dialects';
import assigneeUpdated from '../../fixtures/respondio/contact.assignee.updated.json';
import conversationClosed from '../../fixtures/respondio/conversation.closed.json';
import conversationOpened from '../../fixtures/respondio/conversation.opened.json';
import messageReceived from '../../fixtures/respondio/message.received.json';
import messageSent from '../../fixtures/respondio/message.sent.json';
import { heboAutoClosed, heboMessageReceived, heboMessageSent, heboUnassigned } from '../../fixtures/respondio/integrators';
import { hmacSha256, toBase64, utf8, variant, type Edit } from './signing';

const respondio = dialects.respondio;
const receivedAt = Date.parse('2026-11-20T09:30:00Z');
const translate = (body: unknown) => respondio.translate(body, { headers: new Headers(), receivedAt });

/** The fixtures' contact: id 1 "John Doe", created_at 1663274081 s. */
const john = { id: '1', name: 'John Doe', createdAt: 1663274081_000 };
const whatsapp = { id: '1', name: 'WhatsApp Support', type: 'whatsapp' };

function eventOf(body: unknown) {
  const result = translate(body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  expect(result.value.events).toHaveLength(1);
  return result.value.events[0]!;
}

describe('respond.io signature', () => {
  const body = JSON.stringify(messageReceived);
  const sign = async (key: string, payload = body) => toBase64(await hmacSha256(utf8(key), payload));
  const verify = (headers: Record<string, string>, secrets: string[], payload = body) =>
    respondio.verify({ headers: new Headers(headers), rawBody: utf8(payload), secrets, now: receivedAt });

  it('accepts base64(HMAC-SHA256(signing key, raw body))', async () => {
    expect(await verify({ 'X-Webhook-Signature': await sign('sub-a-key') }, ['sub-a-key'])).toEqual({ ok: true });
  });

  it('accepts when the second subscription key of the workspace matches', async () => {
    const result = await verify({ 'X-Webhook-Signature': await sign('sub-b-key') }, ['sub-a-key', 'sub-b-key']);
    expect(result).toEqual({ ok: true });
  });

  it('rejects a signature by a key the workspace does not hold', async () => {
    expect((await verify({ 'X-Webhook-Signature': await sign('other-key') }, ['sub-a-key'])).ok).toBe(false);
  });

  it('rejects a body altered after signing', async () => {
    const signature = await sign('sub-a-key');
    expect((await verify({ 'X-Webhook-Signature': signature }, ['sub-a-key'], body.replace('John', 'Joan'))).ok).toBe(false);
  });

  it.each([
    ['missing', {}],
    ['not base64', { 'X-Webhook-Signature': '%%%' }],
  ])('rejects a signature header that is %s', async (_, headers) => {
    expect(await verify(headers, ['sub-a-key'])).toEqual({ ok: false, message: expect.stringContaining('X-Webhook-Signature') });
  });
});

describe('respond.io fixtures → canonical events', () => {
  it('message.received → an incoming message from the contact, on the contact thread', () => {
    expect(translate(messageReceived)).toEqual({
      ok: true,
      value: {
        deliveryId: '313ba4a0-7dd6-4818-84f0-43a5e987786e',
        events: [
          {
            id: 'respondio:msg:1262965213',
            type: 'message.created',
            occurredAt: 1662965213_000, // epoch seconds → ms
            contact: john,
            threadId: '1',
            message: {
              id: '1262965213',
              direction: 'incoming',
              sender: { type: 'contact', id: '1', name: 'John Doe' },
              channel: whatsapp,
              private: false,
            },
          },
        ],
      },
    });
  });

  it('message.sent by a user → an outgoing human message with the user id and name', () => {
    expect(eventOf(messageSent)).toEqual({
      id: 'respondio:msg:1262965214',
      type: 'message.created',
      occurredAt: 1662965214_000,
      contact: john,
      threadId: '1',
      message: {
        id: '1262965214',
        direction: 'outgoing',
        sender: { type: 'user', id: '2', name: 'Agent Smith' },
        channel: whatsapp,
        private: false,
      },
    });
  });

  it('conversation.opened → opened by the contact at conversationOpenedAt on the first incoming channel', () => {
    expect(eventOf(conversationOpened)).toEqual({
      id: 'respondio:8b9c2905-7a38-4aad-a6b7-b9120dc140fe',
      type: 'conversation.opened',
      occurredAt: 1663274081_000,
      contact: john,
      threadId: '1',
      source: 'contact',
      channel: { id: '1' },
    });
  });

  it('conversation.closed → closed by the user with the assignee team, closing note and open time', () => {
    expect(eventOf(conversationClosed)).toEqual({
      id: 'respondio:f2d8e6a4-1c3b-4d5e-9f70-8a1b2c3d4e5f',
      type: 'conversation.closed',
      occurredAt: 1663274081_000,
      contact: john,
      threadId: '1',
      source: 'user',
      user: { id: '2', name: 'Agent Smith', team: { id: 'Sales', name: 'Sales' } },
      category: 'Sales Inquiry',
      summary: 'Customer asked about pricing',
      openedAt: 1663274001_000,
      openSource: 'contact',
    });
  });

  it('contact.assignee.updated → an assignment at the receipt time (the payload has no timestamp)', () => {
    expect(eventOf(assigneeUpdated)).toEqual({
      id: 'respondio:cc5f231a-633c-4ffc-bf61-d970fe5e0085',
      type: 'conversation.assigned',
      occurredAt: receivedAt,
      contact: john,
      threadId: '1',
      assignee: { id: '2', name: 'Agent Smith' },
    });
  });

  it('gives the same ids when one delivery is translated twice, whatever the receipt time', () => {
    for (const fixture of [messageReceived, messageSent, conversationOpened, conversationClosed, assigneeUpdated]) {
      const first = translate(fixture);
      const again = respondio.translate(fixture, { headers: new Headers(), receivedAt: receivedAt + 5000 });
      expect(first.ok && first.value.events.map((e) => e.id)).toEqual(again.ok && again.value.events.map((e) => e.id));
    }
  });
});

describe('respond.io variations', () => {
  it.each([
    ['epoch seconds', 1662965213, 1662965213_000],
    ['epoch milliseconds', 1662965213_456, 1662965213_456],
    ['the last plausible second (2286-11-20), still seconds', 9_999_999_999, 9_999_999_999_000],
    ['an ISO string', '2022-09-12T06:46:53.250Z', 1662965213_250],
  ])('reads a message timestamp in %s', (_, timestamp, expected) => {
    const event = eventOf(variant(messageReceived, (b) => (b.message.timestamp = timestamp)));
    expect(event.occurredAt).toBe(expected);
  });

  it('reads close and open times in milliseconds too', () => {
    const event = eventOf(
      variant(conversationClosed, (b) => {
        b.conversation.closedTime = 1663274081_500;
        b.conversation.openedTime = 1663274001_250;
      }),
    );
    expect(event).toMatchObject({ occurredAt: 1663274081_500, openedAt: 1663274001_250 });
  });

  /** message.sent without the fixture's top-level sender and user, then `place` applied. */
  const sentWith = (place: (b: any) => void) =>
    variant(messageSent, (b) => {
      delete b.sender;
      delete b.user;
      place(b);
    });

  it.each([
    ['top-level sender', (b: any) => (b.sender = { source: 'workflow' }), { type: 'workflow' }],
    ['message.sender', (b: any) => (b.message.sender = { source: 'bot' }), { type: 'bot' }],
    ['message.source as a string', (b: any) => (b.message.source = 'api'), { type: 'api' }],
    ['message.source as an object', (b: any) => (b.message.source = { source: 'zapier' }), { type: 'zapier' }],
    ['message.sender with a userId', (b: any) => (b.message.sender = { source: 'user', userId: 9 }), { type: 'user', id: '9' }],
  ])('reads the sender from %s', (_, place, sender) => {
    expect(eventOf(sentWith(place))).toMatchObject({ message: { direction: 'outgoing', sender } });
  });

  it.each([
    ['make', 'make'],
    ['echo', 'echo'],
    ['broadcast', 'broadcast'],
    ['n8n', 'workflow'],
    ['ai_agent', 'workflow'],
    ['something_new', 'workflow'],
  ])('maps sender source %s to %s (automation and unknown sources are never a human)', (source, type) => {
    const event = eventOf(sentWith((b) => (b.sender = { type: 'message', source })));
    expect(event).toMatchObject({ message: { sender: { type } } });
  });

  it('maps a message.sent with no sender anywhere to workflow', () => {
    expect(eventOf(sentWith(() => {}))).toMatchObject({ message: { sender: { type: 'workflow' } } });
  });

  it.each([
    ['ctc_ads', 'contact'],
    ['growth_widget', 'contact'],
    ['user', 'user'],
    ['make', 'make'],
    ['n8n', 'workflow'],
    ['ai_agent', 'workflow'],
  ])('maps opening source %s to %s', (source, expected) => {
    expect(eventOf(variant(conversationOpened, (b) => (b.conversation.source = source)))).toMatchObject({ source: expected });
  });

  it.each([
    ['n8n', 'workflow'],
    ['ai_agent', 'workflow'],
    ['bot', 'bot'],
    ['auto_close', 'auto_close'],
    ['something_new', 'unknown'],
    [null, 'unknown'],
  ])('maps closing source %s to %s, never guessing', (source, expected) => {
    const event = eventOf(
      variant(conversationClosed, (b) => {
        b.conversation.closedBySource = source;
        b.conversation.closedBy = null;
      }),
    );
    expect(event).toMatchObject({ type: 'conversation.closed', source: expected });
    expect(event).not.toHaveProperty('user');
  });

  it('leaves the team off the closer when the payload shows the assignee is someone else', () => {
    const event = eventOf(
      variant(conversationClosed, (b) => (b.contact.assignee = { id: 5, firstName: 'Other', lastName: 'Agent' })),
    );
    expect(event).toMatchObject({ user: { id: '2', name: 'Agent Smith' } });
    expect(event).not.toHaveProperty('user.team');
  });

  it.each([
    ['null', (b: any) => (b.contact.assignee = null)],
    ['absent', (b: any) => delete b.contact.assignee],
  ])('contact.assignee.updated with the assignee %s is an unassignment', (_, change) => {
    expect(eventOf(variant(assigneeUpdated, change))).toMatchObject({ type: 'conversation.assigned', assignee: null });
  });

  it('contact.created → contact.updated with the name, at the creation time', () => {
    const body = variant(assigneeUpdated, (b) => {
      b.event_type = 'contact.created';
      b.contact = { id: 7, firstName: 'Ana', lastName: null, created_at: 1663274081 };
    });
    expect(eventOf(body)).toEqual({
      id: 'respondio:cc5f231a-633c-4ffc-bf61-d970fe5e0085',
      type: 'contact.updated',
      occurredAt: 1663274081_000,
      contact: { id: '7', name: 'Ana', createdAt: 1663274081_000 },
      threadId: '7',
    });
  });

  it('contact.updated → contact.updated at the receipt time', () => {
    const body = variant(assigneeUpdated, (b) => (b.event_type = 'contact.updated'));
    expect(eventOf(body)).toMatchObject({ type: 'contact.updated', occurredAt: receivedAt, contact: john });
  });

  it.each(['contact.tag.updated', 'comment.added', 'message.status.updated'])('accepts %s with zero events', (type) => {
    const body = { event_type: type, event_id: 'evt-x', contact: { id: 1 } };
    expect(translate(body)).toEqual({ ok: true, value: { deliveryId: 'evt-x', events: [] } });
  });

  it.each<[string, unknown, Edit]>([
    ['event_type', messageReceived, (b: any) => delete b.event_type],
    ['event_id', conversationClosed, (b: any) => delete b.event_id],
    ['contact.id', messageReceived, (b: any) => delete b.contact.id],
    ['contact', assigneeUpdated, (b: any) => delete b.contact],
    ['message.timestamp', messageReceived, (b: any) => delete b.message.timestamp],
    ['message.messageId', messageSent, (b: any) => (delete b.message.messageId, delete b.message.channelMessageId)],
    ['conversation.conversationOpenedAt', conversationOpened, (b: any) => (b.conversation.conversationOpenedAt = true)],
    ['conversation.closedTime', conversationClosed, (b: any) => delete b.conversation.closedTime],
    ['message.timestamp', messageSent, (b: any) => (b.message.timestamp = 'yesterday')],
  ])('names %s when it is missing or of the wrong type', (path, fixture, change) => {
    const result = translate(variant(fixture, change));
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path })] });
  });

  it('rejects a body that is not an object without throwing', () => {
    expect(translate([1, 2])).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });
});

describe('respond.io as integrators type it (heboai/hebo)', () => {
  it('an auto-close with closedBy {}, assignee {}, empty category, summary and team: closed by auto_close, nothing else', () => {
    const result = translate(heboAutoClosed);
    expect(result.ok).toBe(true);
    const event = eventOf(heboAutoClosed);
    // 1785319092 s = the close; nobody closed it, so no user; "" is no category or summary.
    expect(event).toEqual({
      id: 'respondio:0b6f1e7c-55b1-4b5e-9d3e-4a0c9e1f2a02',
      type: 'conversation.closed',
      occurredAt: 1785319092_000,
      contact: { id: '501', name: 'Lucía Pérez', createdAt: 1785000000_000 },
      threadId: '501',
      source: 'auto_close',
      openedAt: 1785232692_000,
      openSource: 'contact',
    });
  });

  it('contact.assignee.updated with assignee {} is an unassignment', () => {
    expect(eventOf(heboUnassigned)).toMatchObject({ type: 'conversation.assigned', assignee: null, occurredAt: receivedAt });
  });

  it('message.received without event_id or messageId: keyed by channelMessageId', () => {
    const result = translate(heboMessageReceived);
    expect(result).toMatchObject({ ok: true, value: { deliveryId: 'respondio:msg:880001' } });
    expect(eventOf(heboMessageReceived)).toMatchObject({
      id: 'respondio:msg:880001',
      occurredAt: 1785232692_000,
      message: { id: '880001', direction: 'incoming', sender: { type: 'contact', id: '501' } },
    });
  });

  it('message.sent with channelMessageId and timestamp at the top level and user {id, name}', () => {
    // No sender.source: the `user` names who sent it, but without a source it is not known to be a person.
    expect(eventOf(heboMessageSent)).toMatchObject({
      id: 'respondio:msg:880002',
      occurredAt: 1785232752_000,
      message: { id: '880002', direction: 'outgoing' },
    });
    const withSource = variant(heboMessageSent, (b) => (b.sender = { source: 'user', userId: 12 }));
    expect(eventOf(withSource)).toMatchObject({ message: { sender: { type: 'user', id: '12', name: 'Ana Ruiz' } } });
  });

  it.each<[string, unknown]>([
    ['seconds past 2286-11-20', 99_999_999_999],
    ['milliseconds before 2001', 978307199_999],
    ['a day that does not exist', '2026-02-30T10:00:00Z'],
    ['an hour that does not exist', '2026-03-01T24:00:00Z'],
    ['a time without an offset', '2026-03-01T10:00:00'],
  ])('refuses a message time of %s, naming the field', (_, timestamp) => {
    const result = translate(variant(heboMessageReceived, (b) => (b.message.timestamp = timestamp)));
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path: 'message.timestamp' })] });
  });
});
