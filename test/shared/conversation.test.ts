import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  buildThread,
  contactType,
  conversationDurations,
  emptyThreadState,
  liveValues,
  orderEvents,
  rehomeEvent,
  type ConversationRecord,
} from '../../shared/conversation';
import { agentA, agentB, agentC, assigned, at, closed, incoming, merged, opened, outgoing, whatsapp } from './conversation-events';

const MIN = 60_000;

function only(events: Parameters<typeof buildThread>[1], thread = 'c-1'): ConversationRecord {
  const { conversations } = buildThread(thread, events);
  expect(conversations).toHaveLength(1);
  return conversations[0]!;
}

describe('a full conversation: two unanswered messages, reassignment, then unassignment before close', () => {
  const events = [
    incoming(at('09:00:00')), //                    opens (source contact, channel WhatsApp); wait starts 09:00
    incoming(at('09:01:00')), //                    still waiting since 09:00
    outgoing(at('09:02:00'), 'bot'), //             outgoing 1; a bot never ends a wait
    assigned(at('09:03:00'), agentA), //            assignment 1 (Ana, Sales): time to first assignment 3:00
    outgoing(at('09:05:00'), 'user', agentA), //    outgoing 2; first response; response 1 = 09:00→09:05 = 5:00
    incoming(at('09:10:00')), //                    wait starts 09:10
    outgoing(at('09:12:00'), 'broadcast'), //       not counted as outgoing, no response
    outgoing(at('09:14:00'), 'user', agentA), //    outgoing 3; response 2 = 09:10→09:14 = 4:00
    assigned(at('09:20:00'), agentB), //            assignment 2
    assigned(at('09:25:00'), null), //              assignment 3: unassigned
    closed(at('09:30:00'), 'user', { user: agentC, category: 'Billing', summary: 'Refund issued' }),
  ];
  const c = only(events);

  it('records who and what opened and closed it', () => {
    expect(c.openSource).toBe('contact');
    expect(c.openChannel).toEqual(whatsapp);
    expect(c.openedAt).toBe(at('09:00:00'));
    expect(c.closedAt).toBe(at('09:30:00'));
    expect(c.closedSource).toBe('user');
    expect(c.closedBy?.id).toBe('u-c');
    expect(c.closedByTeam).toEqual({ id: 't-support', name: 'Support' });
    expect(c.category).toBe('Billing');
    expect(c.summary).toBe('Refund issued');
  });

  it('counts assignments including the unassignment, and shows the last assignee as unassigned', () => {
    expect(c.assignments).toBe(3);
    expect(c.firstAssignment).toEqual({ at: at('09:03:00'), assignee: agentA, team: agentA.team });
    expect(c.lastAssignment).toEqual({ at: at('09:25:00'), assignee: null, team: null });
  });

  it('counts messages: broadcasts excluded from outgoing, bot messages included', () => {
    expect(c.incomingMessages).toBe(3);
    expect(c.outgoingMessages).toBe(3); // bot + two of Ana's
    expect(c.responses).toBe(2);
    expect(c.firstResponse).toEqual({ at: at('09:05:00'), by: { type: 'user', id: 'u-a', name: 'Ana' } });
  });

  it('computes every duration of §3', () => {
    expect(conversationDurations(c)).toEqual({
      timeToFirstAssignmentMs: 3 * MIN, //            09:00 → 09:03
      firstResponseTimeMs: 5 * MIN, //                09:00 → 09:05
      firstAssignmentToFirstResponseMs: 2 * MIN, //   09:03 → 09:05
      lastAssignmentToResponseMs: null, //            last assignment is an unassignment: nobody to answer
      resolutionTimeMs: 30 * MIN, //                  09:00 → 09:30
      firstAssignmentToCloseMs: 27 * MIN, //          09:03 → 09:30
      lastAssignmentToCloseMs: 5 * MIN, //            09:25 → 09:30
      averageResponseTimeMs: 4.5 * MIN, //            (5:00 + 4:00) / 2
      botTimeMs: null, //                              no bot held it
    });
  });

  it('gives the same result in any arrival order and with repeated events', () => {
    const shuffled = [...events].reverse();
    const repeated = [...events, events[3]!, events[6]!, events[0]!];
    expect(buildThread('c-1', shuffled).conversations).toEqual([c]);
    expect(buildThread('c-1', repeated).conversations).toEqual([c]);
  });
});

describe('assignment carried over from the thread', () => {
  const events = [
    incoming(at('08:00:00')),
    assigned(at('08:01:00'), agentA),
    closed(at('08:10:00'), 'user', { user: agentA }),
    incoming(at('10:00:00')), // second conversation opens with Ana still assigned
    outgoing(at('10:04:00'), 'user', agentA),
    closed(at('10:20:00'), 'auto_close'),
  ];
  const [first, second] = buildThread('c-1', events).conversations;

  it('makes the assignee the first assignment at the open time, counted once, with no time to first assignment', () => {
    expect(first!.assigneeCarriedOver).toBe(false);
    expect(conversationDurations(first!).timeToFirstAssignmentMs).toBe(1 * MIN);
    expect(second!.assigneeCarriedOver).toBe(true);
    expect(second!.assignments).toBe(1);
    expect(second!.firstAssignment).toEqual({ at: at('10:00:00'), assignee: agentA, team: agentA.team });
    expect(second!.lastAssignment).toEqual(second!.firstAssignment);
    const d = conversationDurations(second!);
    expect(d.timeToFirstAssignmentMs).toBeNull(); // shown "-"
    expect(d.firstResponseTimeMs).toBe(4 * MIN); //                10:00 → 10:04
    expect(d.firstAssignmentToFirstResponseMs).toBe(4 * MIN); //   10:00 → 10:04
    expect(d.lastAssignmentToResponseMs).toBe(4 * MIN); //         Ana is the last assignee, answered 10:04
    expect(d.lastAssignmentToCloseMs).toBe(20 * MIN);
    expect(second!.closedSource).toBe('auto_close');
    expect(second!.closedBy).toBeNull();
  });

  it('numbers the thread\'s conversations', () => {
    expect([first!.id, second!.id]).toEqual(['c-1-1', 'c-1-2']);
  });
});

describe('opening', () => {
  it('a user opens it: no channel, no incoming message; the first response still counts', () => {
    const c = only([
      opened(at('11:00:00'), 'user', {}, whatsapp), // channel ignored: opened by a user → "-"
      outgoing(at('11:02:00'), 'user', agentB),
      closed(at('11:30:00'), 'workflow'),
    ]);
    expect(c.openSource).toBe('user');
    expect(c.openChannel).toBeNull();
    expect(c.incomingMessages).toBe(0);
    expect(c.outgoingMessages).toBe(1);
    expect(c.responses).toBe(0); // nothing was waiting
    const d = conversationDurations(c);
    expect(d.firstResponseTimeMs).toBe(2 * MIN);
    expect(d.averageResponseTimeMs).toBeNull();
    expect(d.timeToFirstAssignmentMs).toBeNull(); // never assigned
    expect(c.assignments).toBe(0);
    expect(c.closedSource).toBe('workflow');
  });

  it.each(['workflow', 'api', 'zapier', 'make'] as const)('%s opens it', (source) => {
    const c = only([opened(at('12:00:00'), source), incoming(at('12:01:00'))]);
    expect(c.openSource).toBe(source);
    expect(c.openedAt).toBe(at('12:00:00'));
    expect(c.incomingMessages).toBe(1);
  });

  it('a channel welcome event opens it with that channel (source contact)', () => {
    const messenger = { id: 'ch-fb', name: 'Facebook', type: 'messenger' };
    const c = only([opened(at('12:00:00'), 'contact', {}, messenger)]);
    expect(c.openChannel).toEqual(messenger);
    expect(c.openSource).toBe('contact');
  });

  it('an explicit open of an already open thread changes nothing', () => {
    const c = only([incoming(at('12:00:00')), opened(at('12:05:00'), 'user')]);
    expect(c.openSource).toBe('contact');
    expect(c.openedAt).toBe(at('12:00:00'));
  });

  it('outgoing messages never open a conversation', () => {
    expect(buildThread('c-1', [outgoing(at('12:00:00'), 'user', agentA), outgoing(at('12:01:00'), 'workflow')]).conversations).toEqual([]);
  });

  it('private notes count nowhere: they neither open, count, nor answer', () => {
    expect(buildThread('c-1', [outgoing(at('12:00:00'), 'user', agentA, {}, { private: true })]).conversations).toEqual([]);
    const c = only([
      incoming(at('12:00:00')),
      outgoing(at('12:01:00'), 'user', agentA, {}, { private: true }),
      outgoing(at('12:03:00'), 'user', agentA),
    ]);
    expect(c.outgoingMessages).toBe(1);
    expect(c.firstResponse?.at).toBe(at('12:03:00'));
    expect(conversationDurations(c).firstResponseTimeMs).toBe(3 * MIN);
  });
});

describe('responses', () => {
  it.each(['bot', 'workflow', 'api', 'zapier', 'make', 'broadcast'] as const)('a %s message never ends a wait', (sender) => {
    const c = only([incoming(at('13:00:00')), outgoing(at('13:01:00'), sender), outgoing(at('13:04:00'), 'user', agentA)]);
    expect(c.responses).toBe(1);
    expect(c.responseWaits).toEqual([[at('13:00:00'), at('13:04:00')]]);
    expect(c.firstResponse?.at).toBe(at('13:04:00'));
  });

  it('an echo from the channel\'s native app is a person answering', () => {
    const c = only([incoming(at('13:00:00')), outgoing(at('13:02:30'), 'echo')]);
    expect(c.responses).toBe(1);
    expect(c.firstResponse).toEqual({ at: at('13:02:30'), by: { type: 'echo' } });
    expect(conversationDurations(c).averageResponseTimeMs).toBe(150_000);
  });

  it('a second reply with nothing waiting is not another response', () => {
    const c = only([
      incoming(at('13:00:00')),
      outgoing(at('13:01:00'), 'user', agentA), // response 1: 1:00
      outgoing(at('13:02:00'), 'user', agentA), // nothing waiting
      incoming(at('13:10:00')),
      incoming(at('13:11:00')),
      outgoing(at('13:13:00'), 'user', agentA), // response 2: from 13:10 (earliest unanswered) = 3:00
    ]);
    expect(c.responses).toBe(2);
    expect(conversationDurations(c).averageResponseTimeMs).toBe(2 * MIN); // (1:00 + 3:00) / 2
  });

  it('last assignment to response waits for the last assignee, not someone else', () => {
    const c = only([
      incoming(at('14:00:00')),
      assigned(at('14:01:00'), agentA),
      assigned(at('14:02:00'), agentB), // last assignment
      outgoing(at('14:03:00'), 'user', agentA), // Ana answers: first response, but not by the last assignee
      outgoing(at('14:07:00'), 'user', agentB), // Bruno: 14:02 → 14:07
      closed(at('14:10:00'), 'bot'),
    ]);
    const d = conversationDurations(c);
    expect(d.firstResponseTimeMs).toBe(3 * MIN);
    expect(d.lastAssignmentToResponseMs).toBe(5 * MIN);
    expect(d.firstAssignmentToFirstResponseMs).toBe(2 * MIN); // 14:01 → 14:03
    expect(c.closedSource).toBe('bot');
  });

  it('first assignment to first response is empty when the response came first', () => {
    const c = only([incoming(at('15:00:00')), outgoing(at('15:01:00'), 'user', agentA), assigned(at('15:02:00'), agentA)]);
    expect(conversationDurations(c).firstAssignmentToFirstResponseMs).toBeNull();
    expect(conversationDurations(c).timeToFirstAssignmentMs).toBe(2 * MIN);
  });

  it('assigning the current assignee again is not another assignment', () => {
    const c = only([incoming(at('15:00:00')), assigned(at('15:01:00'), agentA), assigned(at('15:02:00'), agentA)]);
    expect(c.assignments).toBe(1);
  });
});

describe('closing', () => {
  it.each(['user', 'bot', 'workflow', 'api', 'zapier', 'make', 'auto_close', 'unknown'] as const)('closed by %s', (source) => {
    const c = only([incoming(at('16:00:00')), closed(at('16:45:00'), source)]);
    expect(c.closedSource).toBe(source);
    expect(conversationDurations(c).resolutionTimeMs).toBe(45 * MIN);
  });

  it('a close with nothing open is ignored', () => {
    expect(buildThread('c-1', [closed(at('16:00:00'), 'user', { user: agentA })]).conversations).toEqual([]);
  });

  it('a close that says when its conversation opened yields that conversation (respond.io)', () => {
    const c = only([closed(at('16:30:00'), 'user', { user: agentA, openedAt: at('16:10:00'), openSource: 'contact' })]);
    expect(c.openedAt).toBe(at('16:10:00'));
    expect(c.openSource).toBe('contact');
    expect(conversationDurations(c).resolutionTimeMs).toBe(20 * MIN);
  });

  it('a contact\'s second conversation starts a new cycle after the close', () => {
    const { conversations } = buildThread('c-1', [
      incoming(at('09:00:00')),
      closed(at('09:10:00'), 'user'),
      outgoing(at('09:20:00'), 'user', agentA), // outside any conversation
      incoming(at('10:00:00')),
    ]);
    expect(conversations.map((c) => [c.openedAt, c.closedAt])).toEqual([
      [at('09:00:00'), at('09:10:00')],
      [at('10:00:00'), null],
    ]);
    expect(conversations[1]!.outgoingMessages).toBe(0);
  });
});

describe('contact merge', () => {
  it('closes the secondary contact\'s open conversation with source merge', () => {
    const events = [incoming(at('09:00:00'), { contact: 's' }), merged(at('09:10:00'), 'p', 's', { thread: 's' })];
    const [c] = buildThread('s', events).conversations;
    expect(c!.closedSource).toBe('merge');
    expect(c!.closedAt).toBe(at('09:10:00'));
  });

  it('does not close anything in the primary contact\'s thread', () => {
    const events = [incoming(at('09:00:00'), { contact: 'p' }), merged(at('09:10:00'), 'p', 's')];
    expect(buildThread('p', events).conversations[0]!.closedAt).toBeNull();
  });

  it('moves the secondary contact\'s later events to the primary contact, through chains', () => {
    const merges = [
      { secondaryId: 's', primaryId: 'p', at: at('09:10:00') },
      { secondaryId: 'p', primaryId: 'q', at: at('09:20:00') },
    ];
    const before = incoming(at('09:05:00'), { contact: 's' });
    const after = incoming(at('09:15:00'), { contact: 's' });
    const afterBoth = incoming(at('09:25:00'), { contact: 's' });
    const namedThread = incoming(at('09:15:00'), { contact: 's', thread: 'chatwoot-128' });
    expect(rehomeEvent(before, merges)).toBe(before);
    expect(rehomeEvent(after, merges)).toMatchObject({ contact: { id: 'p' }, threadId: 'p' });
    expect(rehomeEvent(afterBoth, merges)).toMatchObject({ contact: { id: 'q' }, threadId: 'q' });
    expect(rehomeEvent(namedThread, merges)).toMatchObject({ contact: { id: 'p' }, threadId: 'chatwoot-128' });
  });
});

describe('contact type', () => {
  it.each([
    { first: true, createdAt: null, historyStart: null, expected: 'new' },
    { first: false, createdAt: null, historyStart: null, expected: 'returning' },
    // created before the workspace's history began: returning even on its first known conversation
    { first: true, createdAt: at('08:00:00', '2025-01-01'), historyStart: at('00:00:00', '2026-01-01'), expected: 'returning' },
    { first: true, createdAt: at('08:00:00', '2026-02-01'), historyStart: at('00:00:00', '2026-01-01'), expected: 'new' },
  ])('first=$first created=$createdAt → $expected', ({ first, createdAt, historyStart, expected }) => {
    expect(contactType({ isFirstConversationOfContact: first, contactCreatedAt: createdAt, historyStartedAt: historyStart })).toBe(expected);
  });
});

describe('live values of an open conversation', () => {
  const events = [
    incoming(at('09:00:00')),
    outgoing(at('09:05:00'), 'user', agentA),
    incoming(at('09:06:00')),
    incoming(at('09:06:30')),
  ];
  const c = only(events);

  it('ticks time open and the current wait from the earliest unanswered message', () => {
    expect(liveValues(c, at('09:07:30'))).toEqual({
      timeOpenMs: 7.5 * MIN, //      09:00 → 09:07:30
      waitingSince: at('09:06:00'),
      currentWaitMs: 1.5 * MIN, //   09:06 → 09:07:30
    });
  });

  it('has no current wait once answered, and no live values once closed', () => {
    const answered = only([...events, outgoing(at('09:08:00'), 'user', agentA)]);
    expect(liveValues(answered, at('09:10:00'))).toEqual({ timeOpenMs: 10 * MIN, waitingSince: null, currentWaitMs: null });
    const done = only([...events, closed(at('09:09:00'), 'user')]);
    expect(liveValues(done, at('09:10:00'))).toEqual({ timeOpenMs: null, waitingSince: null, currentWaitMs: null });
  });
});

describe('ids and incremental application', () => {
  it('names a conversation by the source\'s conversation id once an event carries it', () => {
    const { conversations } = buildThread('c-1', [
      incoming(at('09:00:00')),
      outgoing(at('09:01:00'), 'user', agentA, { conversation: 'conv-77' }),
      closed(at('09:02:00'), 'user'),
      incoming(at('10:00:00'), { conversation: 'conv-77' }), // the source reused its id
    ]);
    expect(conversations.map((c) => c.id)).toEqual(['conv-77', 'conv-77-2']);
  });

  it('applying events one by one in order matches a full rebuild', () => {
    const events = orderEvents([
      incoming(at('09:00:00')),
      assigned(at('09:01:00'), agentA),
      outgoing(at('09:02:00'), 'user', agentA),
      closed(at('09:03:00'), 'user', { user: agentA }),
      incoming(at('09:30:00')),
    ]);
    const state = emptyThreadState('c-1');
    const touched = new Map<string, ConversationRecord>();
    for (const e of events) for (const c of applyEvent(state, e)) touched.set(c.id, structuredClone(c));
    expect([...touched.values()]).toEqual(buildThread('c-1', events).conversations);
  });
});
