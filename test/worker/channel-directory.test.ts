// The channel directory (shared/channels.ts, worker/db/channels.ts): a Chatwoot inbox is named
// only by message_created's `inbox: {id, name}` (Message#webhook_data → Inbox#webhook_data);
// conversation payloads carry `inbox_id` and the channel class alone
// (Conversations::EventDataPresenter#push_data), and inbox_updated carries neither the inbox's
// id nor its name (Inbox::EventDataPresenter#push_data). Chatwoot v4.16.2, app/models/inbox.rb,
// app/models/message.rb, app/presenters/. One channel must show one name in the report's chart
// and filter, the list, the CSV and the conversation views; a rename shows everywhere at once.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CSV_HEADERS } from '../../shared/csv';
import { conversationEvent, messageCreated, type Account, type ConversationState, type Contact, type Inbox, type Message, type Person } from '../fixtures/chatwoot/build';
import { heboMessageReceived } from '../fixtures/respondio/integrators';
import { addSecret, createToken, createWorkspace, get, json, postChatwoot, postRespondio, settled, type TestWorkspace } from './helpers';
import { parseCsv } from './reports-helpers';

const T0 = Date.parse('2026-07-28T09:00:00Z');
const MIN = 60_000;
const account: Account = { id: 1, name: 'Acme Support' };
const website: Inbox = { id: 3, name: 'Website', channel: 'Channel::WebWidget' };
const sam: Person = { kind: 'user', id: 7, name: 'Sam' };
const jane: Contact = { id: 42, name: 'Jane Doe' };
const lee: Contact = { id: 43, name: 'Lee Park' };

/** A conversation opened by its contact's message, answered by Sam and resolved, in the inbox as named then. */
function conversation(displayId: number, contact: Contact, at: number, inbox: Inbox, firstMessageId: number) {
  const hello: Message = { id: firstMessageId, type: 'incoming', at, sender: contact, content: 'Hello' };
  const reply: Message = { id: firstMessageId + 1, type: 'outgoing', at: at + 2 * MIN, sender: sam, content: 'Hi' };
  const open: ConversationState = { account, displayId, inbox, contact, status: 'open', createdAt: at, updatedAt: at, messages: [hello] };
  const answered = { ...open, messages: [hello, reply], updatedAt: at + 2 * MIN };
  const resolved = { ...answered, status: 'resolved' as const, updatedAt: at + 30 * MIN };
  return [
    conversationEvent('conversation_created', open),
    messageCreated(hello, open),
    messageCreated(reply, answered),
    conversationEvent('conversation_updated', resolved, { status: ['open', 'resolved'] }, answered.updatedAt),
  ];
}

// Conversation 128 at 09:00 in "Website"; conversation 129 at 10:00, after the inbox was renamed "Web chat".
const first = conversation(128, jane, T0, website, 500);
const renamed = conversation(129, lee, T0 + 60 * MIN, { ...website, name: 'Web chat' }, 600);

async function chatwootWorkspace() {
  const ws = await createWorkspace('UTC');
  const secret = await addSecret(ws, 'chatwoot', 'chatwoot-webhook-secret');
  return { ws, secret, token: await createToken(ws, 'manager') };
}

async function deliver(ws: TestWorkspace, secret: string, payloads: unknown[], tag: string) {
  for (const [i, p] of payloads.entries()) expect((await postChatwoot(ws, secret, p, `${tag}-${i}`)).status).toBe(202);
  await settled(ws);
}

/** The name every view gives the channel of conversation 128 (and, when given, 129). */
async function namesShown(token: string, conversationIds: string[]) {
  const day = 'from=2026-07-28&to=2026-07-28';
  const report = await json(await get(`/v1/reports/conversations?${day}`, token));
  const list = await json(await get(`/v1/reports/conversations/list?${day}&sort=opened_at&order=asc`, token));
  const csv = parseCsv(await (await get(`/v1/reports/conversations/export.csv?${day}&sort=opened_at&order=asc`, token)).text());
  const column = csv[0]!.indexOf(CSV_HEADERS.open_channel);
  const views = await Promise.all(conversationIds.map(async (id) => json(await get(`/v1/conversations/${encodeURIComponent(id)}`, token))));
  const thread = await json(await get(`/v1/threads/${encodeURIComponent(conversationIds[0]!)}/current`, token));
  return {
    chart: report.components.opened_by_channel.items.map((i: any) => [i.key, i.label]),
    list: list.rows.map((r: any) => r.open_channel),
    csv: csv.slice(1).map((r) => r[column]),
    conversation: views.map((v) => v.open_channel.name),
    sidePanel: thread.open_channel.name,
  };
}

describe('one channel, one name', () => {
  it('names the Chatwoot inbox by its name in the chart, the filter, the list, the CSV and the side panel', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliver(ws, secret, first, 'first');
    // One conversation of inbox 3, which message_created names "Website": that name everywhere,
    // not the channel class in words ("Web widget") nor the bare id ("3").
    expect(await namesShown(token, ['1:128'])).toEqual({
      chart: [['3', 'Website']],
      list: [{ id: '3', name: 'Website', type: 'web_widget' }],
      csv: ['Website'],
      conversation: ['Website'],
      sidePanel: 'Website',
    });
  });

  it('shows a rename everywhere at once, past conversations included', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliver(ws, secret, first, 'first');
    await deliver(ws, secret, renamed, 'renamed');
    // 10:00's message names inbox 3 "Web chat": both conversations, and the chart's one bar, say so.
    expect(await namesShown(token, ['1:128', '1:129'])).toEqual({
      chart: [['3', 'Web chat']],
      list: [
        { id: '3', name: 'Web chat', type: 'web_widget' },
        { id: '3', name: 'Web chat', type: 'web_widget' },
      ],
      csv: ['Web chat', 'Web chat'],
      conversation: ['Web chat', 'Web chat'],
      sidePanel: 'Web chat',
    });
  });

  it('keeps the most recent name whatever order the deliveries arrive in', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    // The rename arrives first, the older conversation (still saying "Website") after it.
    await deliver(ws, secret, [...renamed].reverse(), 'renamed');
    await deliver(ws, secret, [...first].reverse(), 'first');
    const shown = await namesShown(token, ['1:128', '1:129']);
    expect(shown.chart).toEqual([['3', 'Web chat']]);
    expect(shown.csv).toEqual(['Web chat', 'Web chat']);
    expect(shown.conversation).toEqual(['Web chat', 'Web chat']);
    const row = await env.DB.prepare('SELECT name, kind, dialect, first_seen_at, last_seen_at FROM channels WHERE workspace_id = ?').bind(ws.id).first();
    // Seen first at 09:00 (conversation 128 opened), last at 10:02 (Sam's reply in 129).
    expect(row).toEqual({ name: 'Web chat', kind: 'web_widget', dialect: 'chatwoot', first_seen_at: T0, last_seen_at: T0 + 62 * MIN });
  });

  it('fills the directory from the stored events when migrating', async () => {
    const { ws, secret, token } = await chatwootWorkspace();
    await deliver(ws, secret, [...first, ...renamed], 'all');
    const stored = await env.DB.prepare('SELECT * FROM channels WHERE workspace_id = ?').bind(ws.id).first();
    // As before the migration: no directory at all (the new table starts empty, every workspace's).
    await env.DB.prepare('DELETE FROM channels').run();
    expect((await namesShown(token, ['1:128', '1:129'])).csv).not.toEqual(['Web chat', 'Web chat']);

    const migration = env.TEST_MIGRATIONS.find((m) => m.name.includes('channel_directory'))!;
    const fill = migration.queries.find((q) => q.includes('INSERT INTO `channels`'))!;
    await env.DB.prepare(fill).run();
    // The same entry the store writes: the latest name by occurred_at, the event that gave it, the kind.
    expect(await env.DB.prepare('SELECT * FROM channels WHERE workspace_id = ?').bind(ws.id).first()).toEqual(stored);
    expect(stored).toMatchObject({ id: '3', name: 'Web chat', name_at: T0 + 62 * MIN, kind: 'web_widget' });
    expect((await namesShown(token, ['1:128', '1:129'])).csv).toEqual(['Web chat', 'Web chat']);
  });

  it('names a respond.io channel by its `channel` object, renamed by a later message', async () => {
    const ws = await createWorkspace('UTC');
    const key = await addSecret(ws, 'respondio', 'respondio-key');
    const token = await createToken(ws, 'manager');
    // heboai/hebo's MessageReceivedPayload: channel {id 77, name "WhatsApp Ventas", source "whatsapp"}.
    expect((await postRespondio(ws, key, heboMessageReceived)).status).toBe(202);
    // Ten minutes later the same channel's next message names it "WhatsApp Sales".
    const later = heboMessageReceived.timestamp + 10 * MIN;
    const renamedMessage = {
      ...heboMessageReceived,
      timestamp: later,
      channel: { ...heboMessageReceived.channel, name: 'WhatsApp Sales' },
      message: { ...heboMessageReceived.message, channelMessageId: 880002, timestamp: later },
    };
    expect((await postRespondio(ws, key, renamedMessage)).status).toBe(202);
    await settled(ws);
    const current = await json(await get('/v1/threads/501/current', token));
    expect(current.open_channel).toEqual({ id: '77', name: 'WhatsApp Sales', type: 'whatsapp' });
    const report = await json(await get('/v1/reports/conversations?from=2026-07-28&to=2026-07-28', token));
    expect(report.components.opened_by_channel.items.map((i: any) => [i.key, i.label])).toEqual([['77', 'WhatsApp Sales']]);
  });
});
