// The model rules real sources need (events.md §4): an opener the cycle's earliest message
// decides, bots holding a conversation without being assignees, and a thread following the
// contact its source names last.
import { describe, expect, it } from 'vitest';
import { buildThread, conversationDurations, type ConversationRecord } from '../../shared/conversation';
import type { ChannelRef } from '../../shared/events';
import { agentA, assigned, at, botHolds, closed, incoming, openedUndecided, outgoing } from './conversation-events';

const MIN = 60_000;
const widget: ChannelRef = { id: '3', name: 'Website', type: 'web_widget' };
const bot = { id: '1', name: 'Greeter bot' };
/** Chatwoot's User 1: same id as AgentBot 1, another person (events.md §4). */
const user1 = { id: '1', name: 'Uma' };

function only(events: Parameters<typeof buildThread>[1], thread = 'c-1'): ConversationRecord {
  const { conversations } = buildThread(thread, events);
  expect(conversations).toHaveLength(1);
  return conversations[0]!;
}

describe('an opener the earliest message decides', () => {
  it('a template sent by the inbox before the contact writes decides nothing: the contact opened it', () => {
    // The email-collect template is the conversation's last message when conversation_created is
    // built, but the contact's message at 09:00:00.400 came first.
    const c = only([
      openedUndecided(at('09:00:00'), {}, widget),
      outgoing(at('09:00:01'), 'workflow'),
      incoming(at('09:00:00.400'), {}, widget),
    ]);
    expect(c).toMatchObject({ openSource: 'contact', openChannel: widget, openSourcePending: false });
  });

  it('a bot greeting before the contact writes decides nothing either', () => {
    const c = only([openedUndecided(at('09:00:00'), {}, widget), outgoing(at('09:00:00.100'), 'bot'), incoming(at('09:00:05'))]);
    expect(c.openSource).toBe('contact');
  });

  it("an agent's message before any incoming one: a user started it, with no open channel", () => {
    const c = only([
      openedUndecided(at('09:00:00'), {}, widget),
      incoming(at('09:10:00'), {}, widget),
      outgoing(at('09:00:02'), 'user', agentA),
    ]);
    expect(c).toMatchObject({ openSource: 'user', openChannel: null });
  });

  it('an echo (a person in the native app) first is a user too', () => {
    expect(only([openedUndecided(at('09:00:00'), {}, widget), outgoing(at('09:00:03'), 'echo')]).openSource).toBe('user');
  });

  it('no message yet: the contact, as the source says by default', () => {
    expect(only([openedUndecided(at('09:00:00'), {}, widget)])).toMatchObject({ openSource: 'contact', openChannel: widget });
  });

  it('gives the same result in every arrival order', () => {
    const events = [
      openedUndecided(at('09:00:00'), {}, widget),
      outgoing(at('09:00:01'), 'workflow'),
      outgoing(at('09:00:02'), 'user', agentA),
      incoming(at('09:00:03'), {}, widget),
    ];
    const forward = only(events);
    expect(forward.openSource).toBe('user');
    for (const order of [[3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) {
      expect(only(order.map((i) => events[i]!))).toEqual(forward);
    }
  });
});

describe('a bot holds a conversation, then hands it off', () => {
  // Scenario (a Chatwoot bot inbox): opened 09:00 held by AgentBot 1; hand-off 09:04; User 1
  // assigned 09:06; User 1 answers 09:07; closed 09:20.
  const events = [
    openedUndecided(at('09:00:00'), {}, widget),
    botHolds(at('09:00:00'), bot),
    incoming(at('09:00:00.500'), {}, widget),
    outgoing(at('09:00:01'), 'bot', { id: '1', name: 'Greeter bot' }),
    botHolds(at('09:04:00'), null),
    assigned(at('09:06:00'), user1),
    outgoing(at('09:07:00'), 'user', user1),
    closed(at('09:20:00'), 'unknown'),
  ];
  const c = only(events);

  it('is not an assignment: User 1 is the first and only assignee, taking it from nobody', () => {
    expect(c.assignments).toBe(1);
    expect(c.firstAssignment).toMatchObject({ at: at('09:06:00'), assignee: { id: '1', name: 'Uma' } });
    expect(c.assigneeCarriedOver).toBe(false);
  });

  it('bot time is the hold; time to first assignment runs from the hand-off', () => {
    const d = conversationDurations(c);
    expect(d.botTimeMs).toBe(4 * MIN); //                 09:00 → 09:04 hand-off
    expect(d.timeToFirstAssignmentMs).toBe(2 * MIN); //   09:04 hand-off → 09:06, not 6 minutes
    expect(d.firstResponseTimeMs).toBe(7 * MIN); //       09:00 → 09:07: the contact waited all along
    expect(d.lastAssignmentToResponseMs).toBe(1 * MIN); // 09:06 → 09:07 by User 1
    expect(c.responses).toBe(1);
  });

  it('the bot message with the same id as User 1 is not User 1 answering', () => {
    const early = only([
      openedUndecided(at('09:00:00')),
      botHolds(at('09:00:00'), bot),
      assigned(at('09:00:00'), user1),
      incoming(at('09:00:01')),
      outgoing(at('09:00:02'), 'bot', { id: '1', name: 'Greeter bot' }),
    ]);
    expect(early.lastAssigneeResponseAt).toBeNull();
    expect(early.responses).toBe(0);
  });

  it('a person assigned while the bot holds it ends the hold', () => {
    const taken = only([
      openedUndecided(at('09:00:00')),
      botHolds(at('09:00:00'), bot),
      incoming(at('09:00:01')),
      assigned(at('09:03:00'), user1),
      closed(at('09:10:00'), 'unknown'),
    ]);
    expect(conversationDurations(taken)).toMatchObject({ botTimeMs: 3 * MIN, timeToFirstAssignmentMs: 0 });
  });

  it('a bot-only conversation: the bot held it until the close', () => {
    const botOnly = only([openedUndecided(at('09:00:00')), botHolds(at('09:00:00'), bot), incoming(at('09:00:01')), closed(at('09:12:00'), 'unknown')]);
    expect(conversationDurations(botOnly)).toMatchObject({ botTimeMs: 12 * MIN, timeToFirstAssignmentMs: null });
  });

  it('gives the same result in every arrival order', () => {
    expect(only([...events].reverse())).toEqual(c);
    expect(only([events[4]!, events[7]!, events[1]!, events[5]!, events[0]!, events[6]!, events[2]!, events[3]!])).toEqual(c);
  });
});

describe('a thread follows the contact its source names last', () => {
  it("a Chatwoot merge: earlier cycles of the conversation move to the kept contact", () => {
    const where = (contact: string) => ({ contact, thread: '1:42', conversation: '1:42' });
    const { conversations } = buildThread('1:42', [
      incoming(at('09:00:00'), where('c-old')),
      closed(at('09:10:00'), 'unknown', {}, where('c-old')),
      incoming(at('10:00:00'), where('c-old')),
      closed(at('10:30:00'), 'unknown', {}, where('c-kept')),
    ]);
    expect(conversations.map((c) => [c.id, c.contactId])).toEqual([
      ['1:42', 'c-kept'],
      ['1:42-2', 'c-kept'],
    ]);
  });
});
