// The demo generator (scripts/demo/traffic.ts): pure and deterministic, realistic in the ways the
// demo shows, and every payload one the worker's dialects accept. No browser needed.
import { describe, expect, it } from 'vitest';
import { parseNativeBody, type CanonicalEvent } from '../../shared/events';
import { buildThread, orderEvents } from '../../shared/conversation';
import { chatwoot } from '../../worker/dialects/chatwoot';
import { CHATWOOT_ACCOUNT_ID, generateDemoTraffic, type DemoTraffic } from '../../scripts/demo/traffic.ts';
import { nativeBatches } from '../../scripts/demo/seed.ts';

// A Wednesday mid-morning in Mexico City (16:20Z = 10:20 local).
const NOW = Date.parse('2026-11-18T16:20:00Z');
const small = { now: NOW, days: 21, conversationsPerWeekday: 30, chatwootDays: 7 };

/** Local hour and weekday (0 = Monday) of an instant in the demo's zone (UTC−6, no DST). */
const local = (ms: number) => {
  const d = new Date(ms - 6 * 3_600_000);
  return { hour: d.getUTCHours(), weekday: (d.getUTCDay() + 6) % 7 };
};

function canonical(traffic: DemoTraffic): CanonicalEvent[] {
  const parsed = parseNativeBody({ events: traffic.native.slice(0, 500) });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  const events: CanonicalEvent[] = [];
  for (const batch of nativeBatches(traffic.native)) {
    const result = parseNativeBody({ events: batch });
    if (!result.ok) throw new Error(`native batch rejected: ${JSON.stringify(result.issues.slice(0, 3))}`);
    events.push(...result.value);
  }
  const headers = (delivery: string) => new Headers({ 'x-chatwoot-delivery': delivery });
  for (const d of traffic.chatwoot) {
    const result = chatwoot.translate(JSON.parse(JSON.stringify(d.payload)), { headers: headers(d.delivery), receivedAt: NOW });
    if (!result.ok) throw new Error(`Chatwoot ${String(d.payload.event)} rejected: ${JSON.stringify(result.issues)}`);
    events.push(...result.value.events);
  }
  return events;
}

/** Every conversation the events make, by the shared model (a merge also reaches the merged contact's thread, as in the worker). */
function conversationsOf(events: CanonicalEvent[]) {
  const byThread = new Map<string, CanonicalEvent[]>();
  const add = (thread: string, e: CanonicalEvent) => byThread.set(thread, [...(byThread.get(thread) ?? []), e]);
  for (const e of events) {
    add(e.threadId, e);
    if (e.type === 'contact.merged') add(e.secondary.id, e);
  }
  return [...byThread].flatMap(([id, list]) => buildThread(id, orderEvents(list)).conversations);
}

describe('demo traffic generator', () => {
  const traffic = generateDemoTraffic(small);
  const conversations = conversationsOf(canonical(traffic));

  it('is deterministic: the same seed and now give the same payloads, another seed others', () => {
    expect(JSON.stringify(generateDemoTraffic(small))).toBe(JSON.stringify(traffic));
    const other = generateDemoTraffic({ ...small, seed: 7 });
    expect(other.native.map((e) => e.occurred_at)).not.toEqual(traffic.native.map((e) => e.occurred_at));
  });

  it('keeps to the past, within the days asked for', () => {
    const times = [...traffic.native.map((e) => Date.parse(e.occurred_at)), ...traffic.chatwoot.map((d) => d.at)];
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW + 1000);
    expect(Math.min(...times)).toBeGreaterThan(NOW - 22 * 86_400_000);
  });

  it('sends native batches of at most 500 events and every event and Chatwoot payload translates', () => {
    expect(nativeBatches(traffic.native).every((b) => b.length <= 500)).toBe(true);
    const events = canonical(traffic);
    expect(events.length).toBeGreaterThan(traffic.native.length);
  });

  it('looks like a support inbox: weekday and lunch-hour peaks, channels, people, bots, workflows, merges', () => {
    const at = conversations.map((c) => local(c.openedAt));
    const weekday = at.filter((t) => t.weekday < 5).length / 5;
    const weekend = at.filter((t) => t.weekday >= 5).length / 2;
    expect(weekday).toBeGreaterThan(2 * weekend);
    const byHour = (h: number) => at.filter((t) => t.hour === h).length;
    expect(byHour(13)).toBeGreaterThan(byHour(9)); // the lunch-hour peak
    expect(byHour(13)).toBeGreaterThan(5 * byHour(3)); // quiet nights

    const opens = traffic.native.filter((e) => e.type === 'message.created' && (e.message as { direction: string }).direction === 'incoming');
    const channels = new Set(opens.map((e) => (e.message as { channel: { id: string } }).channel.id));
    expect(channels.size).toBeGreaterThanOrEqual(5);
    const senders = new Set(traffic.native.flatMap((e) => (e.type === 'message.created' ? [(e.message as { sender: { type: string } }).sender.type] : [])));
    for (const type of ['contact', 'user', 'bot', 'workflow', 'broadcast']) expect(senders).toContain(type);
    const assignees = traffic.native.flatMap((e) => (e.type === 'conversation.assigned' ? [(e.assignee as { id: string; team: { id: string } } | null)] : []));
    expect(new Set(assignees.filter((a) => a).map((a) => a!.id)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(assignees.filter((a) => a).map((a) => a!.team.id)).size).toBe(3);
    expect(assignees).toContain(null); // unassignments
    const closes = traffic.native.filter((e) => e.type === 'conversation.closed');
    expect(new Set(closes.map((e) => e.source))).toEqual(new Set(['user', 'bot', 'workflow', 'auto_close', 'api', 'zapier', 'make']));
    expect(new Set(closes.flatMap((e) => (e.category ? [e.category] : []))).size).toBeGreaterThanOrEqual(6);
    expect(traffic.native.some((e) => e.type === 'contact.merged')).toBe(true);
    expect(traffic.chatwoot.some((d) => d.payload.event === 'conversation_created')).toBe(true);
  });

  it('leaves conversations open and contacts waiting right now, some of them in the demo inbox', () => {
    const open = conversations.filter((c) => c.closedAt === null);
    const waitingNow = open.filter((c) => c.waitingSince !== null && NOW - c.waitingSince < 3_600_000);
    expect(conversations.length).toBeGreaterThan(400);
    expect(open.length).toBeGreaterThan(5);
    expect(waitingNow.length).toBeGreaterThanOrEqual(5);
    expect(conversations.some((c) => c.closedSource === 'merge')).toBe(true);
    expect(conversations.some((c) => c.assignments >= 2)).toBe(true); // reassignments
    // The demo inbox lists Chatwoot conversations, some still open with the contact waiting
    // (threads are `{account}:{display id}`, events.md §4).
    const websiteWaiting = traffic.inbox.filter((t) => t.status !== 'resolved' && waitingNow.some((c) => c.threadId === `${CHATWOOT_ACCOUNT_ID}:${t.displayId}`));
    expect(websiteWaiting.length).toBeGreaterThanOrEqual(3);
  });
});
