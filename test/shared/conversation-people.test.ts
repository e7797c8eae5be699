// Who answered and who held the conversation (product.md §7): each response's author and every
// assignment, kept per conversation by the model.
import { describe, expect, it } from 'vitest';
import { buildThread } from '../../shared/conversation';
import { agentA, agentB, assigned, at, closed, incoming, outgoing } from './conversation-events';

describe('responders and assignment history', () => {
  const { conversations } = buildThread('c-1', [
    assigned(at('08:00:00'), agentA), //             before any conversation: Ana is the thread's assignee
    incoming(at('09:00:00')), //                     opens; Ana carried over (history entry at 09:00)
    outgoing(at('09:01:00'), 'bot'), //              a bot: never a responder
    outgoing(at('09:02:00'), 'user', agentB), //     Bruno answers 09:00 → response 1 by Bruno
    assigned(at('09:03:00'), agentB), //             reassigned to Bruno
    incoming(at('09:04:00')),
    outgoing(at('09:05:00'), 'echo'), //             an echo without a user id: a response by nobody named
    incoming(at('09:06:00')),
    outgoing(at('09:07:00'), 'user', agentA), //     response 3 by Ana
    outgoing(at('09:08:00'), 'user', agentA), //     nothing unanswered: not a response
    assigned(at('09:09:00'), null), //               unassigned
    closed(at('09:10:00'), 'workflow'),
  ]);
  const c = conversations[0]!;

  it('names the author of each response, parallel to the waits', () => {
    expect(c.responseWaits).toEqual([
      [at('09:00:00'), at('09:02:00')],
      [at('09:04:00'), at('09:05:00')],
      [at('09:06:00'), at('09:07:00')],
    ]);
    expect(c.responders).toEqual([{ id: 'u-b', name: 'Bruno' }, null, { id: 'u-a', name: 'Ana' }]);
  });

  it('keeps every assignment in order: the carried-over one, the reassignment, the unassignment', () => {
    expect(c.assignments).toBe(3);
    expect(c.assignmentHistory).toEqual([
      { at: at('09:00:00'), assignee: agentA, team: agentA.team },
      { at: at('09:03:00'), assignee: agentB, team: agentB.team },
      { at: at('09:09:00'), assignee: null, team: null },
    ]);
  });

  it('starts the next conversation of the thread with an empty history when nobody is assigned', () => {
    const next = buildThread('c-1', [incoming(at('09:00:00')), closed(at('09:10:00'), 'bot')]).conversations[0]!;
    expect(next.assignmentHistory).toEqual([]);
    expect(next.responders).toEqual([]);
  });
});
