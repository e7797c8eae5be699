// Chatwoot dialect (events.md §4): the thread is the conversation (per-account display id),
// payloads show state at send time, and two webhooks for one fact give one canonical id.
import { describe, expect, it } from 'vitest';
import { dialects } from '../../../worker/dialects';
import contactCreated from '../../fixtures/chatwoot/contact_created.json';
import contactUpdated from '../../fixtures/chatwoot/contact_updated.json';
import contactUpdatedLastActivity from '../../fixtures/chatwoot/contact_updated_last_activity.json';
import conversationCreated from '../../fixtures/chatwoot/conversation_created.json';
import conversationStatusChanged from '../../fixtures/chatwoot/conversation_status_changed.json';
import typingOffContact from '../../fixtures/chatwoot/conversation_typing_off_contact.json';
import typingOn from '../../fixtures/chatwoot/conversation_typing_on.json';
import conversationUpdated from '../../fixtures/chatwoot/conversation_updated.json';
import conversationResolved from '../../fixtures/chatwoot/conversation_updated_status_resolved.json';
import inboxUpdated from '../../fixtures/chatwoot/inbox_updated.json';
import messageIncoming from '../../fixtures/chatwoot/message_created_incoming.json';
import messageOutgoing from '../../fixtures/chatwoot/message_created_outgoing.json';
import privateNote from '../../fixtures/chatwoot/message_created_private_note.json';
import messageUpdated from '../../fixtures/chatwoot/message_updated.json';
import csatResponse from '../../fixtures/chatwoot/message_updated_csat_response.json';
import webwidgetTriggered from '../../fixtures/chatwoot/webwidget_triggered.json';
import { hmacSha256, toHex, utf8, variant, type Edit } from './signing';

const chatwoot = dialects.chatwoot;
const receivedAt = Date.parse('2026-07-28T12:00:00Z');
const delivery = '0b6f3c52-8a1e-4d2b-9c7f-2f1e5d4c3b2a';
const translate = (body: unknown, headers: Record<string, string> = { 'X-Chatwoot-Delivery': delivery }) =>
  chatwoot.translate(body, { headers: new Headers(headers), receivedAt });

function eventsOf(body: unknown) {
  const result = translate(body);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  expect(result.value.deliveryId).toBe(delivery);
  return result.value.events;
}

/** The scenario of the fixtures (sources README): account 1, conversation 128, contact 42, web-widget inbox 3. */
const jane = { id: '42', name: 'Jane Doe' };
/** events.md §4: display ids are per account, so thread and source conversation are `{account}:{display id}`. */
const inConversation128 = { contact: jane, threadId: '1:128', conversationId: '1:128' };
const sam = { id: '7', name: 'Sam Agent' };
const createdAt = Date.parse('2026-07-28T09:58:12Z'); // conversation.created_at 1785232692
const assignedAt = Date.parse('2026-07-28T10:03:55.114Z');
const resolvedAt = Date.parse('2026-07-28T11:12:40.991Z'); // updated_at 1785237160.991

describe('Chatwoot signature', () => {
  const body = JSON.stringify(messageIncoming);
  const now = Date.parse('2026-07-28T10:00:05Z');
  const nowSeconds = String(now / 1000);
  const sign = async (secret: string, timestamp = nowSeconds, payload = body) =>
    `sha256=${toHex(await hmacSha256(utf8(secret), `${timestamp}.${payload}`))}`;
  const verify = (headers: Record<string, string>, secrets: string[], payload = body) =>
    chatwoot.verify({ headers: new Headers(headers), rawBody: utf8(payload), secrets, now });

  it('accepts sha256=<hex HMAC-SHA256(secret, "{timestamp}.{raw body}")>', async () => {
    const headers = { 'X-Chatwoot-Timestamp': nowSeconds, 'X-Chatwoot-Signature': await sign('cw-secret') };
    expect(await verify(headers, ['cw-secret'])).toEqual({ ok: true });
  });

  it('accepts when the second of two secrets matches', async () => {
    const headers = { 'X-Chatwoot-Timestamp': nowSeconds, 'X-Chatwoot-Signature': await sign('cw-new') };
    expect(await verify(headers, ['cw-old', 'cw-new'])).toEqual({ ok: true });
  });

  it.each([
    ['signed with another secret', async () => ({ 'X-Chatwoot-Timestamp': nowSeconds, 'X-Chatwoot-Signature': await sign('other') })],
    [
      'a timestamp other than the signed one',
      async () => ({ 'X-Chatwoot-Timestamp': String(now / 1000 - 1), 'X-Chatwoot-Signature': await sign('cw-secret') }),
    ],
    [
      'the hex without its sha256= prefix',
      async () => ({ 'X-Chatwoot-Timestamp': nowSeconds, 'X-Chatwoot-Signature': (await sign('cw-secret')).slice(7) }),
    ],
    ['no signature header (an unsigned, pre-4.11.2 install)', async () => ({ 'X-Chatwoot-Timestamp': nowSeconds })],
    ['no timestamp header', async () => ({ 'X-Chatwoot-Signature': await sign('cw-secret') })],
  ])('rejects %s', async (_, headers) => {
    expect((await verify(await headers(), ['cw-secret'])).ok).toBe(false);
  });

  it('rejects a body altered after signing', async () => {
    const headers = { 'X-Chatwoot-Timestamp': nowSeconds, 'X-Chatwoot-Signature': await sign('cw-secret') };
    expect((await verify(headers, ['cw-secret'], body.replace('help', 'hello'))).ok).toBe(false);
  });

  it.each([
    [-301, false],
    [301, false],
    [-299, true],
  ])('a timestamp %i s off now: accepted %s', async (offset, accepted) => {
    const timestamp = String(now / 1000 + offset);
    const headers = { 'X-Chatwoot-Timestamp': timestamp, 'X-Chatwoot-Signature': await sign('cw-secret', timestamp) };
    expect((await verify(headers, ['cw-secret'])).ok).toBe(accepted);
  });
});

describe('Chatwoot fixtures → canonical events', () => {
  it('conversation_created → opened at created_at on the web-widget inbox, by the contact unless the earliest message says otherwise', () => {
    expect(eventsOf(conversationCreated)).toEqual([
      {
        id: `chatwoot:1:128:opened:${createdAt}`,
        type: 'conversation.opened',
        occurredAt: createdAt,
        ...inConversation128,
        source: 'contact',
        sourceFromFirstMessage: true,
        channel: { id: '3', type: 'web_widget' },
      },
    ]);
  });

  it('conversation_updated with assignee_id and team_id → assigned to meta.assignee with meta.team, at the change', () => {
    expect(eventsOf(conversationUpdated)).toEqual([
      {
        id: `chatwoot:1:128:assignee:7:${assignedAt}`,
        type: 'conversation.assigned',
        occurredAt: assignedAt,
        ...inConversation128,
        assignee: { ...sam, team: { id: '2', name: 'billing' } },
      },
    ]);
  });

  it('conversation_updated open → resolved closes with source unknown (Chatwoot sends no closer), its first label the category', () => {
    expect(conversationResolved.labels).toEqual(['billing', 'refund']);
    expect(eventsOf(conversationResolved)).toEqual([
      {
        id: `chatwoot:1:128:status:resolved:${resolvedAt}`,
        type: 'conversation.closed',
        occurredAt: resolvedAt,
        ...inConversation128,
        source: 'unknown',
        category: 'billing',
      },
    ]);
  });

  it('conversation_status_changed (changed_attributes null) gives the very same close as conversation_updated', () => {
    expect(conversationStatusChanged.changed_attributes).toBeNull();
    expect(eventsOf(conversationStatusChanged)).toEqual(eventsOf(conversationResolved));
  });

  it('message_created incoming → a message from the contact, sender without a type key', () => {
    expect(eventsOf(messageIncoming)).toEqual([
      {
        id: 'chatwoot:1:msg:9812',
        type: 'message.created',
        occurredAt: Date.parse('2026-07-28T10:00:03.517Z'),
        ...inConversation128,
        message: {
          id: '9812',
          direction: 'incoming',
          sender: { type: 'contact', id: '42', name: 'Jane Doe' },
          channel: { id: '3', name: 'Website', type: 'web_widget' },
          private: false,
        },
      },
    ]);
  });

  it('message_created outgoing by an agent → a human response', () => {
    expect(eventsOf(messageOutgoing)).toEqual([
      {
        id: 'chatwoot:1:msg:9815',
        type: 'message.created',
        occurredAt: Date.parse('2026-07-28T10:04:41.208Z'),
        ...inConversation128,
        message: {
          id: '9815',
          direction: 'outgoing',
          sender: { type: 'user', ...sam },
          channel: { id: '3', name: 'Website', type: 'web_widget' },
          private: false,
        },
      },
    ]);
  });

  it('message_created private note → a message marked private (the model counts it nowhere)', () => {
    expect(eventsOf(privateNote)).toEqual([
      {
        id: 'chatwoot:1:msg:9816',
        type: 'message.created',
        occurredAt: Date.parse('2026-07-28T10:05:10.733Z'),
        ...inConversation128,
        message: {
          id: '9816',
          direction: 'outgoing',
          sender: { type: 'user', ...sam },
          channel: { id: '3', name: 'Website', type: 'web_widget' },
          private: true,
        },
      },
    ]);
  });

  it('contact_created → contact.updated with the name, at receipt (the payload has no time), on a contact thread', () => {
    expect(eventsOf(contactCreated)).toEqual([
      { id: 'chatwoot:1:contact:42:created', type: 'contact.updated', occurredAt: receivedAt, contact: jane, threadId: 'contact:42' },
    ]);
  });

  it.each([
    ['an email change', contactUpdated, Date.parse('2026-07-28T09:59:30.245Z')],
    ['a last-activity bump', contactUpdatedLastActivity, Date.parse('2026-07-28T10:00:03.702Z')],
  ])('contact_updated for %s → contact.updated at its updated_at change', (_, fixture, at) => {
    expect(eventsOf(fixture)).toEqual([
      { id: `chatwoot:1:contact:42:updated:${at}`, type: 'contact.updated', occurredAt: at, contact: jane, threadId: 'contact:42' },
    ]);
  });

  it.each([
    ['conversation_typing_on', typingOn],
    ['conversation_typing_off', typingOffContact],
    ['inbox_updated', inboxUpdated],
    ['message_updated', messageUpdated],
    ['message_updated (CSAT response)', csatResponse],
    ['webwidget_triggered', webwidgetTriggered],
    ['an event type Chatwoot may add later', { event: 'conversation_priority_changed', id: 128 }],
  ])('accepts %s with zero events', (_, fixture) => {
    expect(translate(fixture)).toEqual({ ok: true, value: { deliveryId: delivery, events: [] } });
  });

  it('gives the same ids when one delivery is translated twice, whatever the receipt time', () => {
    const all = [conversationCreated, conversationUpdated, conversationResolved, messageIncoming, contactCreated, contactUpdated];
    for (const fixture of all) {
      const ids = (at: number) => {
        const result = chatwoot.translate(fixture, { headers: new Headers({ 'X-Chatwoot-Delivery': delivery }), receivedAt: at });
        return result.ok ? result.value.events.map((e) => e.id) : result.issues;
      };
      expect(ids(receivedAt)).toEqual(ids(receivedAt + 60_000));
    }
  });
});

describe('Chatwoot messages: who sent them', () => {
  /** The outgoing fixture with its sender and attributes replaced. */
  const outgoing = (change: (b: any) => void) =>
    variant(messageOutgoing, (b) => {
      b.sender = null;
      b.content_attributes = {};
      b.additional_attributes = {};
      change(b);
    });

  it.each([
    ['an agent bot', (b: any) => (b.sender = { id: 5, name: 'Triage', type: 'agent_bot' }), { type: 'bot', id: '5', name: 'Triage' }],
    ['a Captain assistant', (b: any) => (b.sender = { id: 6, name: 'Captain', type: 'captain_assistant' }), { type: 'bot', id: '6', name: 'Captain' }],
    ['an automation rule (sender null)', (b: any) => (b.content_attributes = { automation_rule_id: 14 }), { type: 'workflow' }],
    [
      'a campaign, even though Chatwoot sends it as the campaign agent',
      (b: any) => {
        b.additional_attributes = { campaign_id: 12 };
        b.sender = { id: 7, name: 'Sam Agent', type: 'user' };
      },
      { type: 'broadcast' },
    ],
    ['a native-app echo', (b: any) => (b.content_attributes = { external_echo: true }), { type: 'echo' }],
    ['a template Chatwoot sends itself (CSAT survey)', (b: any) => (b.message_type = 'template'), { type: 'workflow' }],
    [
      'a template an agent sent',
      (b: any) => {
        b.message_type = 'template';
        b.sender = { id: 7, name: 'Sam Agent', type: 'user' };
      },
      { type: 'user', ...sam },
    ],
    ['a sender of a type we do not know', (b: any) => (b.sender = { id: 3, type: 'platform_app' }), { type: 'workflow' }],
  ])('%s', (_, change, sender) => {
    expect(eventsOf(outgoing(change))).toEqual([
      expect.objectContaining({ type: 'message.created', message: expect.objectContaining({ direction: 'outgoing', sender }) }),
    ]);
  });

  it('skips activity messages (status lines, not messages to the contact)', () => {
    expect(eventsOf(variant(messageOutgoing, (b) => (b.message_type = 'activity')))).toEqual([]);
  });

  it.each([
    ['an ISO string', '2026-07-28T10:04:41.208Z', Date.parse('2026-07-28T10:04:41.208Z')],
    ['integer epoch seconds', 1785233081, Date.parse('2026-07-28T10:04:41Z')],
    ['float epoch seconds', 1785233081.208, Date.parse('2026-07-28T10:04:41.208Z')],
  ])('reads created_at given as %s', (_, value, expected) => {
    expect(eventsOf(variant(messageOutgoing, (b) => (b.created_at = value)))[0]?.occurredAt).toBe(expected);
  });

  it('falls back to contact_inbox.contact_id when meta names no contact', () => {
    const body = variant(messageOutgoing, (b) => (b.conversation.meta.sender = null));
    expect(eventsOf(body)[0]).toMatchObject({ contact: { id: '42' } });
  });

  it('takes the contact from the incoming sender when the conversation does not name it', () => {
    const body = variant(messageIncoming, (b) => {
      delete b.conversation.meta;
      delete b.conversation.contact_inbox;
    });
    expect(eventsOf(body)[0]).toMatchObject({ contact: jane, message: { sender: { type: 'contact', id: '42' } } });
  });
});

describe('Chatwoot conversations: cycles and assignment', () => {
  const reopenedAt = Date.parse('2026-07-29T08:00:00Z');
  /** The resolved conversation_updated turned into resolved → `status` at reopenedAt. */
  const statusUpdate = (status: string, previous = 'resolved', change: (b: any) => void = () => {}) =>
    variant(conversationResolved, (b) => {
      b.status = status;
      b.updated_at = reopenedAt / 1000;
      b.changed_attributes = [
        { status: { previous_value: previous, current_value: status } },
        { updated_at: { previous_value: '2026-07-28T11:12:40.991Z', current_value: new Date(reopenedAt).toISOString() } },
      ];
      change(b);
    });
  const contactWroteAt = (at: number) => (b: any) => {
    b.messages[0].message_type = 0;
    b.messages[0].created_at = at / 1000;
  };

  it('resolve → reopen: a close, then an open of a new cycle in the same thread', () => {
    const events = [...eventsOf(conversationResolved), ...eventsOf(statusUpdate('open'))];
    expect(events.map((e) => [e.type, e.occurredAt, e.threadId])).toEqual([
      ['conversation.closed', resolvedAt, '1:128'],
      ['conversation.opened', reopenedAt, '1:128'],
    ]);
    expect(events[1]).toEqual({
      id: `chatwoot:1:128:status:open:${reopenedAt}`,
      type: 'conversation.opened',
      occurredAt: reopenedAt,
      ...inConversation128,
      // The last message is the agent's reply from the day before: a person reopened it.
      source: 'user',
      channel: { id: '3', type: 'web_widget' },
    });
  });

  it('a reopen right after an incoming message is the contact reopening it', () => {
    const [event] = eventsOf(statusUpdate('open', 'resolved', contactWroteAt(reopenedAt - 2000)));
    expect(event).toMatchObject({ type: 'conversation.opened', source: 'contact' });
  });

  it('a reopen to pending (Message#reopen_resolved_conversation with an active bot) opens, held by the inbox bot', () => {
    expect(eventsOf(statusUpdate('pending'))).toEqual([
      expect.objectContaining({ id: `chatwoot:1:128:bot:inbox_bot:${reopenedAt}`, type: 'conversation.bot', bot: { id: 'inbox_bot', name: 'Inbox bot' } }),
      expect.objectContaining({ id: `chatwoot:1:128:status:pending:${reopenedAt}`, type: 'conversation.opened' }),
    ]);
  });

  it('Captain: created pending without an AgentBot is held by the inbox bot until pending → open', () => {
    const created = variant(conversationCreated, (b) => (b.status = 'pending'));
    expect(eventsOf(created)).toContainEqual(
      expect.objectContaining({ type: 'conversation.bot', occurredAt: createdAt, bot: { id: 'inbox_bot', name: 'Inbox bot' } }),
    );
    // Conversation#bot_handoff! from Captain: the status change alone (no agent bot was assigned).
    const handoff = variant(conversationUpdated, (b) => {
      b.status = 'open';
      b.meta.assignee = null;
      b.changed_attributes = [{ status: { previous_value: 'pending', current_value: 'open' } }, { updated_at: { previous_value: null, current_value: '2026-07-28T10:01:00.000Z' } }];
    });
    expect(eventsOf(handoff)).toContainEqual(
      expect.objectContaining({ type: 'conversation.bot', occurredAt: Date.parse('2026-07-28T10:01:00Z'), bot: null }),
    );
  });

  it('AgentBot 1 in meta.assignee is a hold, never an assignment; its hand-off is one release', () => {
    const created = variant(conversationCreated, (b) => {
      b.status = 'pending';
      b.meta.assignee = { id: 1, name: 'Greeter', avatar_url: '', type: 'agent_bot' };
      b.meta.assignee_type = 'AgentBot';
    });
    const events = eventsOf(created);
    expect(events.map((e) => e.type)).toEqual(['conversation.opened', 'conversation.bot']);
    expect(events[1]).toMatchObject({ id: `chatwoot:1:128:bot:1:${createdAt}`, bot: { id: '1', name: 'Greeter' } });
    const handoff = variant(conversationUpdated, (b) => {
      b.meta.assignee = null;
      b.meta.assignee_type = null;
      b.changed_attributes = [
        { assignee_agent_bot_id: { previous_value: 1, current_value: null } },
        { status: { previous_value: 'pending', current_value: 'open' } },
        { updated_at: { previous_value: null, current_value: '2026-07-28T10:01:00.000Z' } },
      ];
    });
    // The hold again under the created payload's id (in case that payload was built late), then the release.
    // (pending → open is also an open, which changes nothing in an open thread.)
    expect(eventsOf(handoff).map((e) => [e.id, e.type])).toEqual([
      [`chatwoot:1:128:bot:1:${createdAt}`, 'conversation.bot'],
      [`chatwoot:1:128:bot:none:${Date.parse('2026-07-28T10:01:00Z')}`, 'conversation.bot'],
      [`chatwoot:1:128:status:open:${Date.parse('2026-07-28T10:01:00Z')}`, 'conversation.opened'],
    ]);
  });

  it('the reopen reported by conversation_status_changed (changed_attributes null) has the same id', () => {
    const statusChanged = variant(conversationStatusChanged, (b) => {
      b.status = 'open';
      b.updated_at = reopenedAt / 1000;
    });
    expect(eventsOf(statusChanged)).toEqual(eventsOf(statusUpdate('open')));
  });

  it('snoozing keeps the conversation open: no events', () => {
    expect(eventsOf(statusUpdate('snoozed', 'open'))).toEqual([]);
  });

  it('conversation_updated with changed_attributes null says nothing changed', () => {
    expect(eventsOf(variant(conversationUpdated, (b) => (b.changed_attributes = null)))).toEqual([]);
  });

  it('a team change alone changes nobody’s assignment', () => {
    const body = variant(conversationUpdated, (b) => b.changed_attributes.shift());
    expect(eventsOf(body)).toEqual([]);
  });

  it('an unassignment is an assignment to nobody', () => {
    const body = variant(conversationUpdated, (b) => {
      b.meta.assignee = null;
      b.changed_attributes = [
        { assignee_id: { previous_value: 7, current_value: null } },
        { updated_at: { previous_value: '2026-07-28T10:00:03.610Z', current_value: '2026-07-28T10:03:55.114Z' } },
      ];
    });
    expect(eventsOf(body)).toEqual([
      {
        id: `chatwoot:1:128:assignee:none:${assignedAt}`,
        type: 'conversation.assigned',
        occurredAt: assignedAt,
        ...inConversation128,
        assignee: null,
      },
    ]);
  });

  it('trusts changed_attributes over a meta.assignee that moved on before the payload was built', () => {
    const body = variant(conversationUpdated, (b) => (b.changed_attributes[0].assignee_id.current_value = 9));
    expect(eventsOf(body)[0]).toMatchObject({ assignee: { id: '9', team: { id: '2', name: 'billing' } } });
    expect(eventsOf(body)[0]).not.toHaveProperty('assignee.name');
  });

  it("the created payload's message decides nothing: it is the last one when the job ran, so the cycle's earliest message decides", () => {
    // event_data_presenter.rb#push_messages: `messages.chat.last`, here an agent's reply.
    const body = variant(conversationCreated, (b) => {
      b.messages[0].message_type = 1;
      b.messages[0].sender = { id: 7, name: 'Sam Agent', type: 'user' };
    });
    expect(eventsOf(body)).toEqual([
      expect.objectContaining({ type: 'conversation.opened', source: 'contact', sourceFromFirstMessage: true }),
    ]);
  });

  it('a pending conversation created with an assignee opens and is assigned at creation', () => {
    const body = variant(conversationCreated, (b) => {
      b.status = 'pending';
      b.meta.assignee = { id: 7, name: 'Sam Agent', type: 'user' };
      b.meta.team = { id: 2, name: 'billing' };
    });
    expect(eventsOf(body)).toEqual([
      expect.objectContaining({ type: 'conversation.opened', occurredAt: createdAt, source: 'contact' }),
      {
        id: `chatwoot:1:128:assignee:7:${createdAt}`,
        type: 'conversation.assigned',
        occurredAt: createdAt,
        ...inConversation128,
        assignee: { ...sam, team: { id: '2', name: 'billing' } },
      },
    ]);
  });
});

describe('Chatwoot errors name the field', () => {
  it('requires X-Chatwoot-Delivery, the idempotency key', () => {
    expect(translate(messageIncoming, {})).toEqual({
      ok: false,
      issues: [{ path: 'headers.x-chatwoot-delivery', message: expect.any(String) }],
    });
  });

  it.each<[string, unknown, Edit]>([
    ['event', messageIncoming, (b: any) => delete b.event],
    ['account', messageIncoming, (b: any) => delete b.account],
    ['id', messageIncoming, (b: any) => delete b.id],
    ['created_at', messageIncoming, (b: any) => delete b.created_at],
    ['message_type', messageIncoming, (b: any) => (b.message_type = 'whisper')],
    ['conversation.id', messageOutgoing, (b: any) => delete b.conversation.id],
    [
      'conversation.meta.sender.id',
      messageOutgoing,
      (b: any) => {
        b.conversation.meta.sender = null;
        delete b.conversation.contact_inbox;
      },
    ],
    ['created_at', conversationCreated, (b: any) => (b.created_at = 0)], // 0 means none (events.md §4)
    ['status', conversationStatusChanged, (b: any) => delete b.status],
    [
      'meta.sender.id',
      conversationResolved,
      (b: any) => {
        b.meta = null;
        delete b.contact_inbox;
      },
    ],
    ['account.id', conversationResolved, (b: any) => (b.account = {})],
    ['id', contactUpdated, (b: any) => (b.id = true)],
  ])('names %s when it is missing or of the wrong type', (path, fixture, change) => {
    const result = translate(variant(fixture, change));
    expect(result).toEqual({ ok: false, issues: [expect.objectContaining({ path })] });
  });

  it('rejects a body that is not an object without throwing', () => {
    expect(translate('resolved')).toMatchObject({ ok: false, issues: [{ path: '' }] });
  });
});
