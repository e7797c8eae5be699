// respond.io and Chatwoot deliveries end to end: signed as those products sign, through the
// HTTP endpoint, into conversations whose metrics are checked by hand.
import { describe, expect, it } from 'vitest';
import conversationCreated from '../fixtures/chatwoot/conversation_created.json';
import conversationStatusChanged from '../fixtures/chatwoot/conversation_status_changed.json';
import conversationUpdated from '../fixtures/chatwoot/conversation_updated.json';
import conversationResolved from '../fixtures/chatwoot/conversation_updated_status_resolved.json';
import typingOn from '../fixtures/chatwoot/conversation_typing_on.json';
import messageIncoming from '../fixtures/chatwoot/message_created_incoming.json';
import messageOutgoing from '../fixtures/chatwoot/message_created_outgoing.json';
import privateNote from '../fixtures/chatwoot/message_created_private_note.json';
import assigneeUpdated from '../fixtures/respondio/contact.assignee.updated.json';
import respondClosed from '../fixtures/respondio/conversation.closed.json';
import respondOpened from '../fixtures/respondio/conversation.opened.json';
import messageReceived from '../fixtures/respondio/message.received.json';
import messageSent from '../fixtures/respondio/message.sent.json';
import {
  addSecret,
  call,
  chatwootHeaders,
  createToken,
  createWorkspace,
  get,
  json,
  postChatwoot,
  postRespondio,
  settled,
  storedCounts,
  type TestWorkspace,
} from './helpers';

describe('respond.io', () => {
  it('turns a contact\'s message, reply, assignment and close into one conversation', async () => {
    const ws = await createWorkspace('UTC');
    // Each webhook subscription has its own signing key: the workspace holds two, either signs.
    const keyA = await addSecret(ws, 'respondio', 'respondio-subscription-key-a');
    const keyB = await addSecret(ws, 'respondio', 'respondio-subscription-key-b');
    // Times relative to now, because the assignee webhook has no timestamp (receipt time is used).
    const t0 = Math.floor(Date.now() / 1000) - 200; // epoch seconds, as respond.io's samples
    const received = { ...messageReceived, message: { ...messageReceived.message, timestamp: t0 } };
    const opened = { ...respondOpened, conversation: { ...respondOpened.conversation, conversationOpenedAt: t0 } };
    const sent = { ...messageSent, message: { ...messageSent.message, timestamp: (t0 + 60) * 1000 } }; // milliseconds, as live data
    const closed = {
      ...respondClosed,
      conversation: { ...respondClosed.conversation, openedTime: t0, closedTime: t0 + 300 },
    };
    expect((await postRespondio(ws, keyA, received)).status).toBe(202);
    expect((await postRespondio(ws, keyB, opened)).status).toBe(202);
    expect((await postRespondio(ws, keyA, sent)).status).toBe(202);
    const beforeAssign = Date.now();
    expect((await postRespondio(ws, keyB, assigneeUpdated)).status).toBe(202);
    const afterAssign = Date.now();
    expect((await postRespondio(ws, keyA, closed)).status).toBe(202);
    // A repeated delivery is a duplicate.
    const again = await postRespondio(ws, keyA, closed);
    expect(again.status).toBe(200);
    expect(await json(again)).toEqual({ accepted: 0, duplicates: 1 });

    await settled(ws);
    const token = await createToken(ws, 'agent');
    const list = await json(await get('/v1/contacts/1/conversations', token));
    expect(list.conversations).toHaveLength(1);
    const c = list.conversations[0];
    // Hand-computed: opened t0 by the contact (the message and the explicit open agree);
    // Agent Smith (user 2) answers at t0+60 → first response 60 s, one response of 60 s;
    // assigned at receipt; closed by user 2 at t0+300 → resolution 300 s.
    expect(c).toMatchObject({
      thread_id: '1',
      contact_id: '1',
      contact_name: 'John Doe',
      status: 'closed',
      open_source: 'contact',
      first_response_time_ms: 60_000,
      average_response_time_ms: 60_000,
      resolution_time_ms: 300_000,
      incoming_messages: 1,
      outgoing_messages: 1,
      responses: 1,
      assignments: 1,
      first_assignee: { id: '2' },
      closed_source: 'user',
      closed_by: { id: '2' },
      category: 'Sales Inquiry',
      summary: 'Customer asked about pricing',
    });
    const assignedAt = Date.parse(c.first_assignment_at);
    expect(assignedAt).toBeGreaterThanOrEqual(beforeAssign);
    expect(assignedAt).toBeLessThanOrEqual(afterAssign);
    expect(c.time_to_first_assignment_ms).toBe(assignedAt - t0 * 1000);
  });

  it('rejects a delivery signed with a key the workspace does not hold, storing nothing', async () => {
    const ws = await createWorkspace('UTC');
    await addSecret(ws, 'respondio', 'the-real-key-0001');
    const before = await storedCounts(ws.id);
    const res = await postRespondio(ws, 'some-other-key-02', messageReceived);
    expect(res.status).toBe(401);
    expect(await storedCounts(ws.id)).toEqual(before);
  });

  it('names the missing field of a malformed delivery', async () => {
    const ws = await createWorkspace('UTC');
    const key = await addSecret(ws, 'respondio', 'respondio-key-xyz1');
    const before = await storedCounts(ws.id);
    const res = await postRespondio(ws, key, { ...messageReceived, contact: { firstName: 'No id' } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.path).toBe('contact.id');
    expect(await storedCounts(ws.id)).toEqual(before);
  });
});

describe('Chatwoot', () => {
  const deliveries: Array<[string, unknown]> = [
    ['conversation_created', conversationCreated],
    ['message_created_incoming', messageIncoming],
    ['conversation_typing_on', typingOn],
    ['conversation_updated', conversationUpdated],
    ['message_created_outgoing', messageOutgoing],
    ['message_created_private_note', privateNote],
    ['conversation_updated_status_resolved', conversationResolved],
    ['conversation_status_changed', conversationStatusChanged],
  ];

  async function ingestAll(ws: TestWorkspace, secret: string, order: number[]) {
    for (const i of order) {
      const [name, payload] = deliveries[i]!;
      const res = await postChatwoot(ws, secret, payload, `delivery-${name}`);
      expect([200, 202]).toContain(res.status);
    }
    await settled(ws);
  }

  // The fixtures' scenario (sources README), hand-computed:
  //   created 09:58:12.000; contact writes 10:00:03.517; agent 7 assigned 10:03:55.114;
  //   agent 7 replies 10:04:41.208; private note ignored; resolved 11:12:40.991 (reported twice).
  const EXPECTED = {
    // events.md §4: scoped by account; the bare display id still finds it (one account has 128).
    conversation_id: '1:128',
    thread_id: '1:128',
    status: 'closed',
    contact_id: '42',
    open_source: 'contact',
    opened_at: '2026-07-28T09:58:12.000+00:00',
    closed_at: '2026-07-28T11:12:40.991+00:00',
    closed_source: 'unknown', // Chatwoot never says who resolved
    category: 'billing', // the conversation's first label
    time_to_first_assignment_ms: 343_114, //              09:58:12.000 → 10:03:55.114
    first_response_time_ms: 389_208, //                   09:58:12.000 → 10:04:41.208
    first_assignment_to_first_response_ms: 46_094, //     10:03:55.114 → 10:04:41.208
    last_assignment_to_response_ms: 46_094,
    average_response_time_ms: 277_691, //                 10:00:03.517 → 10:04:41.208
    resolution_time_ms: 4_468_991, //                     09:58:12.000 → 11:12:40.991
    first_assignment_to_close_ms: 4_125_877, //           10:03:55.114 → 11:12:40.991
    assignments: 1,
    first_assignee: { id: '7' },
    incoming_messages: 1,
    outgoing_messages: 1,
    responses: 1,
  };

  it('derives the fixtures\' conversation, resolved once though reported twice', async () => {
    const ws = await createWorkspace('UTC');
    const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
    await ingestAll(ws, secret, [0, 1, 2, 3, 4, 5, 6, 7]);
    const token = await createToken(ws, 'agent');
    expect(await json(await get('/v1/threads/128/current', token))).toMatchObject(EXPECTED);
  });

  it('gives the same conversation when Chatwoot\'s deliveries arrive out of order', async () => {
    const ws = await createWorkspace('UTC');
    const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
    await ingestAll(ws, secret, [7, 4, 1, 6, 0, 5, 3, 2]);
    const token = await createToken(ws, 'agent');
    expect(await json(await get('/v1/threads/128/current', token))).toMatchObject(EXPECTED);
  });

  it('a resolved conversation reopened by the contact is a second conversation of the thread', async () => {
    const ws = await createWorkspace('UTC');
    const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
    await ingestAll(ws, secret, [0, 1, 3, 4, 6]);
    const reopenedAt = '2026-07-28T12:00:00.000Z';
    const laterMessage = { ...messageIncoming, id: 9900, created_at: reopenedAt };
    await postChatwoot(ws, secret, laterMessage, 'delivery-reopen');
    await settled(ws);
    const token = await createToken(ws, 'agent');
    const current = await json(await get('/v1/threads/128/current', token));
    // Agent 7 is still the thread's assignee, so the new cycle starts assigned (carried over).
    expect(current).toMatchObject({
      conversation_id: '1:128-2',
      status: 'open',
      opened_at: '2026-07-28T12:00:00.000+00:00',
      assignments: 1,
      assignee_carried_over: true,
      time_to_first_assignment_ms: null,
    });
  });

  it('rejects a stale Chatwoot timestamp', async () => {
    const ws = await createWorkspace('UTC');
    const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
    const body = JSON.stringify(messageIncoming);
    const headers = await chatwootHeaders(secret, body, 'stale', Math.floor(Date.now() / 1000) - 600);
    const res = await call(`/v1/webhooks/${ws.id}/chatwoot`, { method: 'POST', headers, body });
    expect(res.status).toBe(401);
  });
});
