// shared/team.ts rules the HTTP scenario (test/worker/reports-agents.test.ts) does not reach.
import { describe, expect, it } from 'vitest';
import { teamPerformance, type TeamConversation } from '../../shared/team';

const ana = { id: 'u-ana', name: 'Ana' };
const sales = { id: 't-sales', name: 'Sales' };

function conversation(over: Partial<TeamConversation>): TeamConversation {
  return {
    contactId: 'c-1',
    closedAt: 1_000,
    closedSource: 'unknown',
    closedBy: null,
    closedByTeam: null,
    answeredByPerson: false,
    firstResponder: null,
    firstResponseMs: null,
    resolutionMs: 1_000,
    resolutionForTargetMs: 1_000,
    assignments: [],
    responses: [],
    ...over,
  };
}

const noTargets = { firstResponseMs: null, resolutionMs: null };

describe('teamPerformance', () => {
  it('gives a closer only to a close by a user: a bot or workflow close naming a user is the automation', () => {
    const result = teamPerformance(
      [
        conversation({ closedSource: 'bot', closedBy: ana, closedByTeam: sales }),
        conversation({ closedSource: 'workflow', closedBy: ana, closedByTeam: sales }),
      ],
      noTargets,
    );
    expect(result.agents).toEqual([]);
    expect(result.teams).toEqual([]);
    expect(result.automation).toEqual({ bot_only: 2, closed_by_bot: 1, closed_by_workflow: 1 });
    expect(result.unassigned).toBe(2);
  });

  it('counts a conversation once in "involved" whatever the person did in it; a bot close naming them is nothing of theirs', () => {
    const bruno = { id: 'u-bruno', name: 'Bruno' };
    const result = teamPerformance(
      [
        // Ana held it, answered first, answered again and closed it: involved 1, not 4.
        conversation({
          closedSource: 'user',
          closedBy: ana,
          answeredByPerson: true,
          firstResponder: ana,
          firstResponseMs: 1_000,
          assignments: [{ at: 0, assignee: ana, team: sales }],
          responses: [{ by: ana, waitMs: 1_000 }, { by: ana, waitMs: 2_000 }],
        }),
        // Bruno only answered (never assigned); the bot's close names Ana: Ana is not involved.
        conversation({ closedSource: 'bot', closedBy: ana, answeredByPerson: true, responses: [{ by: bruno, waitMs: 3_000 }] }),
      ],
      noTargets,
    );
    expect(result.agents.map((a) => [a.agent.id, a.involved])).toEqual([
      ['u-ana', 1],
      ['u-bruno', 1],
    ]);
  });

  it('an unnamed person answering (an echo) is no row, but the conversation is not bot only', () => {
    const result = teamPerformance(
      [conversation({ answeredByPerson: true, firstResponseMs: 5_000, responses: [{ by: null, waitMs: 5_000 }] })],
      noTargets,
    );
    expect(result.agents).toEqual([]);
    expect(result.automation.bot_only).toBe(0);
  });

  it('a value exactly on the target is met; one without a value is neither', () => {
    const held = [{ at: 0, assignee: ana, team: sales }];
    const result = teamPerformance(
      [
        conversation({ assignments: held, resolutionForTargetMs: 3_600_000 }),
        conversation({ assignments: held, resolutionForTargetMs: 3_600_001 }),
        conversation({ assignments: held, resolutionForTargetMs: null }),
      ],
      { firstResponseMs: null, resolutionMs: 3_600_000 },
    );
    expect(result.agents[0]!.resolution_target).toEqual({ met: 1, missed: 1 });
    expect(result.agents[0]!.first_response_target).toBeNull();
    expect(result.teams[0]!.resolution_target).toEqual({ met: 1, missed: 1 });
  });

  it('orders people by name whatever the case, then by id', () => {
    const result = teamPerformance(
      [
        conversation({
          assignments: [
            { at: 0, assignee: { id: 'u-2', name: 'bruno' }, team: null },
            { at: 1, assignee: { id: 'u-1', name: 'Bruno' }, team: null },
            { at: 2, assignee: { id: 'u-3', name: 'Ana' }, team: null },
          ],
        }),
      ],
      noTargets,
    );
    expect(result.agents.map((a) => a.agent.id)).toEqual(['u-3', 'u-1', 'u-2']);
  });
});
