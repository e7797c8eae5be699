// Real Chatwoot (and respond.io) behaviour end to end (events.md §4, issue "Real inboxes, true
// numbers"): payloads built as Chatwoot builds them (test/fixtures/chatwoot/build.ts), signed and
// delivered through the HTTP endpoint in workerd, shuffled and then repeated, into conversations
// whose numbers are computed by hand next to each scenario.
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { rawKey } from '../../worker/ingest/raw';
import {
  automationEvent,
  conversationEvent,
  messageCreated,
  type Account,
  type ConversationState,
  type Contact,
  type Inbox,
  type Message,
  type Person,
} from '../fixtures/chatwoot/build';
import { heboAutoClosed, heboMessageReceived } from '../fixtures/respondio/integrators';
import {
  addSecret,
  call,
  chatwootHeaders,
  createToken,
  createWorkspace,
  get,
  json,
  postChatwoot,
  respondioHeaders,
  settled,
  storedCounts,
  type TestWorkspace,
} from './helpers';

const T0 = Date.parse('2026-07-28T09:00:00Z');
const SEC = 1000;
const MIN = 60 * SEC;

const account1: Account = { id: 1, name: 'Acme Support' };
const account2: Account = { id: 2, name: 'Acme Spain' };
const botInbox: Inbox = { id: 5, name: 'Website (bot)', channel: 'Channel::WebWidget' };
const website: Inbox = { id: 3, name: 'Website', channel: 'Channel::WebWidget' };
/** AgentBot 1 and User 1: separate id sequences in Chatwoot, two different holders. */
const bot1: Person = { kind: 'agent_bot', id: 1, name: 'Greeter' };
const user1: Person = { kind: 'user', id: 1, name: 'Uma' };
const sam: Person = { kind: 'user', id: 7, name: 'Sam' };

/** A deterministic shuffle (a small LCG), so a failure replays. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Delivers every payload once in a shuffled order, then every one again in another order (a
 * repeat changes nothing), and waits for derivation.
 */
async function deliverShuffledAndRepeated(ws: TestWorkspace, secret: string, payloads: unknown[], seed: number) {
  const deliveries = payloads.map((payload, i) => ({ payload, id: `dlv-${seed}-${i}` }));
  for (const d of shuffled(deliveries, seed)) expect([200, 202]).toContain((await postChatwoot(ws, secret, d.payload, d.id)).status);
  for (const d of shuffled(deliveries, seed + 1)) {
    const res = await postChatwoot(ws, secret, d.payload, d.id);
    expect(res.status).toBe(200);
  }
  await settled(ws);
}

async function chatwootWorkspace() {
  const ws = await createWorkspace('UTC');
  const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
  return { ws, secret, token: await createToken(ws, 'manager') };
}

describe('a bot inbox: AgentBot 1 holds the chat, hands it off, User 1 takes it', () => {
  // Timeline (conversation 77 of account 1, contact 11 in a bot inbox):
  //   09:00:00.000 created, pending, held by AgentBot 1 (Conversation#set_active_bot_conversation)
  //   09:00:00.300 the contact writes; 09:00:01.200 the bot answers
  //   09:04:00.000 hand-off (assignee_agent_bot_id 1 → nil, pending → open)
  //   09:06:00.000 User 1 assigned; 09:07:00.000 User 1 answers; 09:20:00.000 resolved
  const pau: Contact = { id: 11, name: 'Pau' };
  const hello: Message = { id: 501, type: 'incoming', at: T0 + 300, sender: pau, content: 'Hola' };
  const botReply: Message = { id: 502, type: 'outgoing', at: T0 + 1_200, sender: bot1, content: 'Hi, I am the bot' };
  const umaReply: Message = { id: 503, type: 'outgoing', at: T0 + 7 * MIN, sender: user1, content: 'Uma here' };
  const base: ConversationState = {
    account: account1,
    displayId: 77,
    inbox: botInbox,
    contact: pau,
    status: 'pending',
    createdAt: T0,
    updatedAt: T0 + 1_200,
    assignee: bot1,
    messages: [hello, botReply],
  };
  const handedOff = { ...base, status: 'open' as const, assignee: null, updatedAt: T0 + 4 * MIN };
  const assigned = { ...handedOff, assignee: user1, updatedAt: T0 + 6 * MIN };
  const answered = { ...assigned, messages: [hello, botReply, umaReply], updatedAt: T0 + 7 * MIN };
  const resolved = { ...answered, status: 'resolved' as const, updatedAt: T0 + 20 * MIN };
  const payloads = [
    // Built after the bot's reply: its message is the bot's, its assignee the bot.
    conversationEvent('conversation_created', base),
    messageCreated(hello, { ...base, messages: [hello] }),
    messageCreated(botReply, base),
    conversationEvent('conversation_updated', handedOff, { assignee_agent_bot_id: [1, null], status: ['pending', 'open'] }, base.updatedAt),
    conversationEvent('conversation_status_changed', handedOff),
    conversationEvent('conversation_updated', assigned, { assignee_id: [null, 1] }, handedOff.updatedAt),
    messageCreated(umaReply, answered),
    conversationEvent('conversation_updated', resolved, { status: ['open', 'resolved'] }, answered.updatedAt),
    conversationEvent('conversation_status_changed', resolved),
  ];

  it('records the bot time, User 1 as the one assignment, and times people from the hand-off', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads, 7);
    const c = await json(await get('/v1/conversations/1%3A77', token));
    expect(c).toMatchObject({
      conversation_id: '1:77',
      thread_id: '1:77',
      status: 'closed',
      contact_id: '11',
      open_source: 'contact', //                    the contact wrote first; the bot reply decides nothing
      assignments: 1, //                            the bot's hold is no assignment
      first_assignee: { id: '1', name: 'Uma' }, //  User 1, not "the same" as AgentBot 1
      last_assignee: { id: '1', name: 'Uma' },
      first_assignment_at: '2026-07-28T09:06:00.000+00:00',
      bot_time_ms: 4 * MIN, //                      09:00:00 → 09:04:00 hand-off
      time_to_first_assignment_ms: 2 * MIN, //      09:04:00 hand-off → 09:06:00, not 6 minutes
      first_response_time_ms: 7 * MIN, //           09:00:00 → 09:07:00 (the bot is not a response)
      first_response_by: { id: '1', name: 'Uma', type: 'user' },
      last_assignment_to_response_ms: 1 * MIN, //   09:06 → 09:07 by User 1
      average_response_time_ms: 7 * MIN - 300, //   09:00:00.300 → 09:07:00.000
      incoming_messages: 1,
      outgoing_messages: 2, //                      the bot's and Uma's
      responses: 1,
      resolution_time_ms: 20 * MIN,
      closed_source: 'unknown',
    });
    expect(c.business_hours.bot_time_ms).toBe(4 * MIN); // no schedule: business time is calendar time

    // The list and the CSV carry the bot time too.
    const list = await json(await get('/v1/reports/conversations/list?from=2026-07-28&to=2026-07-28', token));
    // The inbox it came from, for the list's link to it (product.md §8).
    expect(list.rows).toEqual([expect.objectContaining({ conversation_id: '1:77', bot_time_ms: 240_000, inbox: 'chatwoot' })]);
    const csv = await (await get('/v1/reports/conversations/export.csv?from=2026-07-28&to=2026-07-28', token)).text();
    const [header, row] = csv.trim().split(/\r?\n/);
    const botColumn = header!.split(',').indexOf('Bot time');
    expect(botColumn).toBeGreaterThan(-1);
    expect(row!.split(',')[botColumn]).toBe('00:04:00'); // product.md §4: durations as hh:mm:ss
  });
});

describe('a bot inbox whose conversation_created was built after the hand-off', () => {
  // Chatwoot builds payloads in a job: here conversation_created ran after the 09:04 hand-off, so
  // it shows the conversation open with no assignee. The hand-off's changed_attributes still name
  // AgentBot 1 (assignee_agent_bot_id 1 → nil), which held it since creation.
  const pau: Contact = { id: 17, name: 'Late Pau' };
  const hello: Message = { id: 1401, type: 'incoming', at: T0 + 300, sender: pau };
  const later: ConversationState = { account: account1, displayId: 86, inbox: botInbox, contact: pau, status: 'open', createdAt: T0, updatedAt: T0 + 4 * MIN, assignee: null, messages: [hello] };
  const payloads = [
    conversationEvent('conversation_created', later),
    messageCreated(hello, later),
    conversationEvent('conversation_updated', later, { assignee_agent_bot_id: [1, null], status: ['pending', 'open'] }, T0 + 300),
    conversationEvent('conversation_updated', { ...later, assignee: sam, updatedAt: T0 + 5 * MIN }, { assignee_id: [null, 7] }, later.updatedAt),
  ];

  it('still counts 4 minutes of bot time and 1 minute to the first assignment', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads, 41);
    expect(await json(await get('/v1/threads/1:86/current', token))).toMatchObject({
      status: 'open',
      assignments: 1,
      time_to_first_assignment_ms: 1 * MIN, // 09:04 hand-off → 09:05 Sam
      bot_time_ms: 4 * MIN, //                 09:00 → 09:04: the hold ended, so it is known while still open
    });
  });
});

describe('a Captain inbox: pending until Captain hands off', () => {
  // Conversation 85: created pending (no AgentBot: Captain handles pending conversations), the
  // contact writes 09:00:00.400, Captain answers 09:00:02, hands off 09:03 (pending → open,
  // Conversation#bot_handoff!), Sam assigned 09:05, answers 09:06, resolved 09:10.
  const captain: Person = { kind: 'captain_assistant', id: 1, name: 'Captain' };
  const nuria: Contact = { id: 16, name: 'Núria' };
  const ask: Message = { id: 1301, type: 'incoming', at: T0 + 400, sender: nuria };
  const captainReply: Message = { id: 1302, type: 'outgoing', at: T0 + 2 * SEC, sender: captain };
  const samReply: Message = { id: 1303, type: 'outgoing', at: T0 + 6 * MIN, sender: sam };
  const created: ConversationState = { account: account1, displayId: 85, inbox: website, contact: nuria, status: 'pending', createdAt: T0, updatedAt: T0 + 2 * SEC, messages: [ask, captainReply] };
  const handedOff = { ...created, status: 'open' as const, updatedAt: T0 + 3 * MIN };
  const assigned = { ...handedOff, assignee: sam, updatedAt: T0 + 5 * MIN };
  const resolved = { ...assigned, status: 'resolved' as const, messages: [ask, captainReply, samReply], updatedAt: T0 + 10 * MIN };
  const payloads = [
    conversationEvent('conversation_created', created),
    messageCreated(ask, { ...created, messages: [ask] }),
    messageCreated(captainReply, created),
    conversationEvent('conversation_updated', handedOff, { status: ['pending', 'open'] }, created.updatedAt),
    conversationEvent('conversation_updated', assigned, { assignee_id: [null, 7] }, handedOff.updatedAt),
    messageCreated(samReply, { ...assigned, messages: resolved.messages, updatedAt: samReply.at }),
    conversationEvent('conversation_updated', resolved, { status: ['open', 'resolved'] }, samReply.at),
  ];

  it("Captain's minutes are bot time, not the team's time to first assignment", async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads, 37);
    expect(await json(await get('/v1/threads/1:85/current', token))).toMatchObject({
      open_source: 'contact',
      bot_time_ms: 3 * MIN, //                   09:00 → 09:03 hand-off
      time_to_first_assignment_ms: 2 * MIN, //   09:03 → 09:05
      first_response_time_ms: 6 * MIN, //        Captain's reply is no response
      first_response_by: { id: '7', type: 'user' },
      assignments: 1,
      outgoing_messages: 2,
      resolution_time_ms: 10 * MIN,
    });
  });
});

describe('a website chat with the email-collect template', () => {
  // Conversation 78: the visitor writes at 10:00:00.200; Chatwoot answers with its two templates
  // (ways to reach you, input_email; MessageTemplates::Template::EmailCollect) at .900 and .950,
  // and conversation_created is built after them, so its message is the input_email template.
  // Sam answers at 10:03:00.
  const T1 = T0 + 60 * MIN;
  const visitor: Contact = { id: 12, name: 'Visitor', email: null };
  const question: Message = { id: 601, type: 'incoming', at: T1 + 200, sender: visitor, content: 'Do you ship to Madrid?' };
  const reach: Message = { id: 602, type: 'template', at: T1 + 900, sender: null, content: 'Give the team a way to reach you.' };
  const emailBox: Message = { id: 603, type: 'template', at: T1 + 950, sender: null, contentType: 'input_email', content: 'Get notified by email' };
  const reply: Message = { id: 604, type: 'outgoing', at: T1 + 3 * MIN, sender: sam, content: 'We do!' };
  const state: ConversationState = {
    account: account1,
    displayId: 78,
    inbox: website,
    contact: visitor,
    status: 'open',
    createdAt: T1,
    updatedAt: T1 + 950,
    messages: [question, reach, emailBox],
  };
  const payloads = [
    conversationEvent('conversation_created', state),
    messageCreated(question, { ...state, messages: [question] }),
    messageCreated(reach, state),
    messageCreated(emailBox, state),
    messageCreated(reply, { ...state, messages: [question, reach, emailBox, reply], updatedAt: reply.at }),
  ];

  it('is opened by the contact on the website channel, not by a workflow', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads, 11);
    const c = await json(await get('/v1/threads/1:78/current', token));
    expect(c).toMatchObject({
      conversation_id: '1:78',
      status: 'open',
      open_source: 'contact',
      open_channel: { id: '3', type: 'web_widget' },
      incoming_messages: 1,
      outgoing_messages: 3, //                  two templates and Sam's reply
      responses: 1, //                          templates never answer
      first_response_by: { id: '7', type: 'user' },
      first_response_time_ms: 3 * MIN, //       10:00:00.000 (created) → 10:03:00
      average_response_time_ms: 3 * MIN - 200, // 10:00:00.200 → 10:03:00
      bot_time_ms: null,
    });
  });

  it("an agent's first message (before the visitor writes) is opened by a user, without a channel", async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    const outreach: Message = { id: 701, type: 'outgoing', at: T1 + 500, sender: sam, content: 'Hi! Can I help?' };
    const answer: Message = { id: 702, type: 'incoming', at: T1 + 2 * MIN, sender: visitor, content: 'Yes' };
    const started: ConversationState = { ...state, displayId: 79, messages: [outreach], updatedAt: T1 + 500 };
    await deliverShuffledAndRepeated(
      ws,
      secret,
      [
        conversationEvent('conversation_created', started),
        messageCreated(outreach, started),
        messageCreated(answer, { ...started, messages: [outreach, answer], updatedAt: answer.at }),
      ],
      13,
    );
    expect(await json(await get('/v1/threads/1:79/current', token))).toMatchObject({ open_source: 'user', open_channel: null });
  });
});

describe('a blocked contact', () => {
  // Conversation#determine_conversation_status creates it resolved; Message#reopen_conversation
  // never reopens it for the contact's messages.
  const spammer: Contact = { id: 13, name: 'Spam Bot', blocked: true };
  const first: Message = { id: 801, type: 'incoming', at: T0 + 200, sender: spammer, content: 'BUY NOW' };
  const again: Message = { id: 802, type: 'incoming', at: T0 + 5 * MIN, sender: spammer, content: 'BUY NOW!!' };
  const state: ConversationState = {
    account: account1,
    displayId: 81,
    inbox: website,
    contact: spammer,
    status: 'resolved',
    createdAt: T0,
    updatedAt: T0 + 200,
    messages: [first],
  };

  it('opens nothing: no conversation, nothing open now', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(
      ws,
      secret,
      [
        conversationEvent('conversation_created', state),
        messageCreated(first, state),
        messageCreated(again, { ...state, messages: [first, again], updatedAt: again.at }),
      ],
      17,
    );
    expect((await get('/v1/threads/1:81/current', token)).status).toBe(404);
    expect(await json(await get('/v1/live', token))).toMatchObject({ open_now: 0, longest_current_wait_ms: null });
    // Accepted and kept all the same (events.md §1: nothing accepted is lost).
    expect((await storedCounts(ws.id)).deliveries).toBe(3);
  });
});

describe('two Chatwoot accounts with the same display id', () => {
  const ana: Contact = { id: 21, name: 'Ana' };
  const bea: Contact = { id: 22, name: 'Bea' };
  const at = (m: number) => T0 + m * MIN;
  const conv = (account: Account, contact: Contact, minute: number): ConversationState => ({
    account,
    displayId: 42,
    inbox: website,
    contact,
    status: 'open',
    createdAt: at(minute),
    updatedAt: at(minute),
    messages: [],
  });
  const message = (account: Account, contact: Contact, id: number, minute: number) =>
    messageCreated({ id, type: 'incoming', at: at(minute) + 100, sender: contact }, conv(account, contact, minute));
  const payloads = [
    conversationEvent('conversation_created', conv(account1, ana, 0)),
    message(account1, ana, 901, 0),
    conversationEvent('conversation_created', conv(account2, bea, 30)),
    message(account2, bea, 902, 30),
  ];

  it('never share a thread; the bare id is ambiguous; the bulk endpoint answers in the order asked', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads, 19);
    expect(await json(await get('/v1/threads/1:42/current', token))).toMatchObject({ conversation_id: '1:42', contact_id: '21' });
    expect(await json(await get('/v1/threads/2:42/current', token))).toMatchObject({ conversation_id: '2:42', contact_id: '22' });
    const bare = await get('/v1/threads/42/current', token);
    expect(bare.status).toBe(409);
    expect(await json(bare)).toMatchObject({ error: { code: 'ambiguous_thread' } });

    const bulk = await json(await get('/v1/threads/current?ids=2:42,1:42,42,1:999,2:42', token));
    expect(bulk.threads.map((t: any) => [t.thread_id, t.conversation?.contact_id ?? null])).toEqual([
      ['2:42', '22'],
      ['1:42', '21'],
      ['42', null], // ambiguous
      ['1:999', null], // unknown
      ['2:42', '22'],
    ]);
    expect(bulk.threads[0].conversation).toMatchObject({ status: 'open', incoming_messages: 1, now: bulk.now });
  });

  it('a bare display id only one account has still answers', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads.slice(0, 2), 23);
    expect(await json(await get('/v1/threads/42/current', token))).toMatchObject({ conversation_id: '1:42' });
    const bulk = await json(await get('/v1/threads/current?ids=42', token));
    expect(bulk.threads).toEqual([{ thread_id: '42', conversation: expect.objectContaining({ conversation_id: '1:42' }) }]);
  });

  it('the bulk endpoint refuses more than 100 ids and none, naming ids', async () => {
    const { token } = await chatwootWorkspace();
    const many = Array.from({ length: 101 }, (_, i) => `1:${i}`).join(',');
    for (const query of [`ids=${many}`, 'ids=', 'ids=,,']) {
      const res = await get(`/v1/threads/current?${query}`, token);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ error: { path: 'ids' } });
    }
    const hundred = Array.from({ length: 100 }, (_, i) => `1:${i}`).join(',');
    const ok = await json(await get(`/v1/threads/current?ids=${hundred}`, token));
    expect(ok.threads).toHaveLength(100);
    expect(ok.threads[99]).toEqual({ thread_id: '1:99', conversation: null });
  });
});

describe('merged contacts: the conversation follows the contact Chatwoot now names', () => {
  // Conversation 83: contact 31 writes at 09:00 (resolved 09:10); the contact is merged into 32
  // (ContactMergeAction: no webhook); at 11:00 the kept contact writes again (reopen, resolved 11:30).
  const old: Contact = { id: 31, name: 'J. Old' };
  const kept: Contact = { id: 32, name: 'Jo Kept' };
  const m1: Message = { id: 1001, type: 'incoming', at: T0 + 100, sender: old };
  const m2: Message = { id: 1002, type: 'incoming', at: T0 + 120 * MIN, sender: kept };
  const first: ConversationState = { account: account1, displayId: 83, inbox: website, contact: old, status: 'open', createdAt: T0, updatedAt: T0 + 100, messages: [m1] };
  const closedFirst = { ...first, status: 'resolved' as const, updatedAt: T0 + 10 * MIN };
  const second = { ...first, contact: kept, messages: [m1, m2], updatedAt: m2.at };
  const closedSecond = { ...second, status: 'resolved' as const, updatedAt: T0 + 150 * MIN };
  const payloads = [
    conversationEvent('conversation_created', first),
    messageCreated(m1, first),
    conversationEvent('conversation_updated', closedFirst, { status: ['open', 'resolved'] }, first.updatedAt),
    messageCreated(m2, second),
    conversationEvent('conversation_updated', closedSecond, { status: ['open', 'resolved'] }, second.updatedAt),
  ];

  it("both cycles belong to the kept contact", async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliverShuffledAndRepeated(ws, secret, payloads, 29);
    const kept = await json(await get('/v1/contacts/32/conversations', token));
    expect(kept.conversations.map((c: any) => [c.conversation_id, c.contact_id])).toEqual([
      ['1:83-2', '32'],
      ['1:83', '32'],
    ]);
    expect((await get('/v1/contacts/31/conversations', token)).status).toBe(404);
  });

  it('also when the deliveries arrive in order, each applied on top of the last', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    for (const [i, p] of payloads.entries()) expect((await postChatwoot(ws, secret, p, `dlv-in-order-${i}`)).status).toBe(202);
    await settled(ws);
    const kept = await json(await get('/v1/contacts/32/conversations', token));
    expect(kept.conversations.map((c: any) => c.conversation_id)).toEqual(['1:83-2', '1:83']);
    expect((await get('/v1/contacts/31/conversations', token)).status).toBe(404);
  });
});

describe('unsigned senders on a URL token (events.md §2)', () => {
  // Chatwoot before v4.11.2 (no secret: lib/webhooks/trigger.rb signs only with one) and the
  // automation action "Send webhook event": no signature, no X-Chatwoot-Delivery.
  const visitor: Contact = { id: 14, name: 'Unsigned Visitor' };
  const hello: Message = { id: 1101, type: 'incoming', at: T0 + 100, sender: visitor };
  const state: ConversationState = { account: account1, displayId: 90, inbox: website, contact: visitor, status: 'open', createdAt: T0, updatedAt: T0 + 100, messages: [hello] };
  const unsigned = (path: string, payload: unknown) =>
    call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });

  async function newUrlToken(ws: TestWorkspace) {
    const res = await call(`/v1/workspaces/${ws.id}/url-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ws.ownerToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dialect: 'chatwoot' }),
    });
    expect(res.status).toBe(201);
    return json(res);
  }

  it('the plain URL refuses an unsigned delivery and stores nothing; the URL token accepts it', async () => {
    const ws = await createWorkspace('UTC');
    const token = await createToken(ws, 'agent');
    const before = await storedCounts(ws.id);
    const plain = await unsigned(`/v1/webhooks/${ws.id}/chatwoot`, messageCreated(hello, state));
    expect(plain.status).toBe(401);
    expect(await storedCounts(ws.id)).toEqual(before);

    const created = await newUrlToken(ws);
    expect(created).toEqual({
      id: expect.any(String),
      dialect: 'chatwoot',
      url_token: expect.any(String),
      url: `/v1/webhooks/${ws.id}/chatwoot/${created.url_token}`,
    });
    // The token is stored hashed: its text is nowhere in the database.
    const raw = await env.DB.prepare('SELECT token_hash FROM url_tokens WHERE id = ?').bind(created.id).first<{ token_hash: string }>();
    expect(raw!.token_hash).not.toContain(created.url_token);
    // Still never on the plain URL, and a wrong token is refused.
    expect((await unsigned(`/v1/webhooks/${ws.id}/chatwoot`, messageCreated(hello, state))).status).toBe(401);
    expect((await unsigned(`/v1/webhooks/${ws.id}/chatwoot/${created.url_token}x`, messageCreated(hello, state))).status).toBe(401);
    expect((await unsigned(`/v1/webhooks/${ws.id}/respondio/${created.url_token}`, heboMessageReceived)).status).toBe(401);

    const payloads = [conversationEvent('conversation_created', state), messageCreated(hello, state), automationEvent('conversation_updated', state)];
    for (const p of payloads) expect((await unsigned(created.url, p)).status).toBe(202);
    // Without a delivery id the body is the delivery's identity: the same body again is a duplicate.
    for (const p of payloads) expect((await unsigned(created.url, p)).status).toBe(200);
    await settled(ws);
    expect(await json(await get('/v1/threads/1:90/current', token))).toMatchObject({ status: 'open', open_source: 'contact', incoming_messages: 1 });
  });

  it('a signature that is present is still verified on a URL token', async () => {
    const ws = await createWorkspace('UTC');
    const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
    const { url } = await newUrlToken(ws);
    const body = JSON.stringify(messageCreated(hello, state));
    const forged = await call(url, { method: 'POST', headers: await chatwootHeaders('not-the-secret', body, 'dlv-forged'), body });
    expect(forged.status).toBe(401);
    const signed = await call(url, { method: 'POST', headers: await chatwootHeaders(secret, body, 'dlv-signed'), body });
    expect(signed.status).toBe(202);
  });

  it('a revoked token stops working at once; another workspace cannot revoke it', async () => {
    const ws = await createWorkspace('UTC');
    const other = await createWorkspace('UTC');
    const created = await newUrlToken(ws);
    const revoke = (owner: TestWorkspace, workspaceId: string) =>
      call(`/v1/workspaces/${workspaceId}/url-tokens/${created.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${owner.ownerToken}` } });
    expect((await revoke(other, other.id)).status).toBe(404);
    expect((await revoke(other, ws.id)).status).toBe(404);
    expect((await unsigned(created.url, messageCreated(hello, state))).status).toBe(202);
    expect((await revoke(ws, ws.id)).status).toBe(204);
    expect((await unsigned(created.url, messageCreated({ ...hello, id: 1102 }, state))).status).toBe(401);
    expect((await revoke(ws, ws.id)).status).toBe(404);
    // Agents and managers cannot create tokens.
    const manager = await createToken(ws, 'manager');
    const res = await call(`/v1/workspaces/${ws.id}/url-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${manager}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dialect: 'chatwoot' }),
    });
    expect(res.status).toBe(403);
  });
});

describe('a 3 MiB email', () => {
  // An email message's payload carries its HTML and text twice (content_attributes.email and,
  // as the conversation's last message, conversation.messages[0]).
  const customer: Contact = { id: 15, name: 'Big Mail', email: 'big@example.com' };
  const emailInbox: Inbox = { id: 8, name: 'Support email', channel: 'Channel::Email' };
  const html = `<html><body>${'<p>Invoice line</p>'.repeat(48_000)}</body></html>`; // ≈ 0.9 MiB
  const text = 'Invoice line\n'.repeat(48_000); //                                       ≈ 0.6 MiB
  const email: Message = {
    id: 1201,
    type: 'incoming',
    at: T0 + 100,
    sender: customer,
    content: text,
    contentAttributes: { email: { html_content: { full: html, reply: html }, text_content: { full: text, reply: text }, subject: 'Invoice' } },
  };
  const state: ConversationState = { account: account1, displayId: 95, inbox: emailInbox, contact: customer, status: 'open', createdAt: T0, updatedAt: T0 + 100, messages: [email] };

  it('is accepted, counted, and stored without its bodies', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    const payload = messageCreated(email, state);
    const size = new TextEncoder().encode(JSON.stringify(payload)).byteLength;
    expect(size).toBeGreaterThan(3 * 1024 * 1024);
    expect(size).toBeLessThan(10 * 1024 * 1024);
    await deliverShuffledAndRepeated(ws, secret, [conversationEvent('conversation_created', state), payload], 31);
    expect(await json(await get('/v1/threads/1:95/current', token))).toMatchObject({ incoming_messages: 1, open_channel: { id: '8', type: 'email' } });
    // The raw body kept (in R2) is what the model and a replay read, not the email's content.
    const kept = await env.DB.prepare('SELECT dialect, delivery_id, body_hash, received_at FROM deliveries WHERE workspace_id = ? AND raw_kept = 1')
      .bind(ws.id)
      .all<{ dialect: string; delivery_id: string; body_hash: string; received_at: number }>();
    expect(kept.results).toHaveLength(2);
    for (const d of kept.results) {
      const object = await env.RAW.get(rawKey(ws.id, d.dialect, d.received_at, d.delivery_id, d.body_hash));
      expect(object).not.toBeNull();
      expect(object!.size).toBeLessThan(64 * 1024);
      const body = JSON.parse(await object!.text());
      expect(body.content_attributes?.email?.html_content?.full ?? '[kept]').toMatch(/^\[/);
    }
  });

  it('over 10 MiB is 413 and stores nothing; the other endpoints stop at 1 MiB', async () => {
    const { ws, secret } = await chatwootWorkspace();
    const huge = messageCreated({ ...email, content: 'x'.repeat(10 * 1024 * 1024) }, state);
    const before = await storedCounts(ws.id);
    const res = await postChatwoot(ws, secret, huge, 'dlv-huge');
    expect(res.status).toBe(413);
    expect(await json(res)).toMatchObject({ error: { code: 'payload_too_large', message: 'the body is over 10 MiB' } });
    expect(await storedCounts(ws.id)).toEqual(before);
    const respondKey = await addSecret(ws, 'respondio', 'respondio-key');
    const big = JSON.stringify({ ...heboMessageReceived, padding: 'x'.repeat(1024 * 1024) });
    const respond = await call(`/v1/webhooks/${ws.id}/respondio`, { method: 'POST', headers: await respondioHeaders(respondKey, big), body: big });
    expect(respond.status).toBe(413);
  });
});

describe('respond.io auto-close with closedBy {}', () => {
  it('closes the conversation (auto_close, nobody, no category), shuffled and repeated', async () => {
    const ws = await createWorkspace('UTC');
    const key = await addSecret(ws, 'respondio', 'respondio-subscription-key');
    const token = await createToken(ws, 'agent');
    const payloads = [heboMessageReceived, heboAutoClosed];
    const post = (p: unknown) => {
      const body = JSON.stringify(p);
      return respondioHeaders(key, body).then((headers) => call(`/v1/webhooks/${ws.id}/respondio`, { method: 'POST', headers, body }));
    };
    for (const p of [...payloads].reverse()) expect((await post(p)).status).toBe(202);
    for (const p of payloads) expect((await post(p)).status).toBe(200);
    await settled(ws);
    const c = await json(await get('/v1/threads/501/current', token));
    // Opened 2026-07-28T09:58:12Z by the contact, closed a day later by the auto-close.
    expect(c).toMatchObject({
      status: 'closed',
      open_source: 'contact',
      closed_source: 'auto_close',
      closed_by: null,
      closed_by_team: null,
      category: null,
      summary: null,
      resolution_time_ms: 86_400_000,
      incoming_messages: 1,
    });
  });
});
