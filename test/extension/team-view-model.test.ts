// The Team tab's view-model: sorting with ties and empty values, leaderboard ranks best first with
// the team average, grouping under team rows.
import { describe, expect, it } from 'vitest';
import type { TeamRowJson } from '../../shared/api';
import { columnValue, groupByTeam, leaderboard, myNumbers, sortAgents, targetPercent } from '../../extension/view-models/team';
import { person, SALES, SUPPORT } from './fixtures/team';

const none = { avg: null, median: null, p90: null, count: 0 };
const stat = (median: number) => ({ avg: median + 1, median, p90: median + 2, count: 1 });

// Ana (Sales): 5 closed, FRT median 60 s, target 3 of 4 met. Bruno (Support): 5 closed, FRT 30 s.
// carla (Support): 2 closed, no first response. Dan (no team): 7 closed, FRT 90 s, 1 of 1 met.
const ana = person('u-ana', 'Ana', SALES, { closed: 5, first_response_time_ms: stat(60_000), first_response_target: { met: 3, missed: 1 } });
const bruno = person('u-bruno', 'Bruno', SUPPORT, { closed: 5, first_response_time_ms: stat(30_000), first_response_target: { met: 0, missed: 0 } });
const carla = person('u-carla', 'carla', SUPPORT, { closed: 2 });
const dan = person('u-dan', 'Dan', null, { closed: 7, first_response_time_ms: stat(90_000), first_response_target: { met: 1, missed: 0 } });
const ROWS = [dan, carla, bruno, ana];

describe('Team view-model', () => {
  it('reads counts as they are, durations by their median, targets as the share met', () => {
    expect(columnValue(ana, 'closed')).toBe(5);
    expect(columnValue(ana, 'first_response_time_ms')).toBe(60_000);
    expect(columnValue(ana, 'first_response_target')).toBe(75);
    expect(columnValue(bruno, 'first_response_target')).toBeNull(); // nothing to count: "-", not 0 %
    expect(targetPercent(null)).toBeNull();
  });

  it('sorts either way, ties by name (case-insensitive), rows without a value last', () => {
    expect(sortAgents(ROWS, 'closed', 'desc').map((r) => r.agent.name)).toEqual(['Dan', 'Ana', 'Bruno', 'carla']);
    expect(sortAgents(ROWS, 'closed', 'asc').map((r) => r.agent.name)).toEqual(['carla', 'Ana', 'Bruno', 'Dan']);
    expect(sortAgents(ROWS, 'first_response_time_ms', 'asc').map((r) => r.agent.name)).toEqual(['Bruno', 'Ana', 'Dan', 'carla']);
    expect(sortAgents(ROWS, 'first_response_time_ms', 'desc').map((r) => r.agent.name)).toEqual(['Dan', 'Ana', 'Bruno', 'carla']);
  });

  it('ranks best first: fastest for durations, most for counts; ties share a rank; no value, no rank', () => {
    const closed = leaderboard(ROWS, 'closed');
    expect(closed.map((e) => [e.row.agent.name, e.rank])).toEqual([['Dan', 1], ['Ana', 2], ['Bruno', 2], ['carla', 4]]);
    const fastest = leaderboard(ROWS, 'first_response_time_ms');
    expect(fastest.map((e) => [e.row.agent.name, e.rank])).toEqual([['Bruno', 1], ['Ana', 2], ['Dan', 3], ['carla', null]]);
  });

  it('puts the team average beside each person: the mean over the team members with a value', () => {
    const closed = leaderboard(ROWS, 'closed');
    // Support: Bruno 5 and carla 2 → 3.5; Sales: Ana alone → 5; Dan has no team.
    expect(Object.fromEntries(closed.map((e) => [e.row.agent.name, e.teamAverage]))).toEqual({ Dan: null, Ana: 5, Bruno: 3.5, carla: 3.5 });
    // carla has no first response: Support's average is Bruno's alone.
    expect(leaderboard(ROWS, 'first_response_time_ms').find((e) => e.row.agent.id === 'u-carla')!.teamAverage).toBe(30_000);
  });

  it('groups people under their team row, teams by name, people without a team last', () => {
    const supportRow: TeamRowJson = {
      team: SUPPORT,
      conversations: 4,
      closed: 7,
      first_response_time_ms: none,
      resolution_time_ms: none,
      first_response_target: null,
      resolution_target: null,
    };
    const groups = groupByTeam({ agents: ROWS, teams: [supportRow] }, 'closed', 'desc');
    expect(groups.map((g) => [g.team?.name ?? null, g.subtotal?.conversations ?? null, g.people.map((p) => p.agent.name)])).toEqual([
      ['Sales', null, ['Ana']],
      ['Support', 4, ['Bruno', 'carla']],
      [null, null, ['Dan']],
    ]);
  });

  it('empty: no people, no groups, no leaderboard, no numbers of mine', () => {
    expect(leaderboard([], 'closed')).toEqual([]);
    expect(groupByTeam({ agents: [], teams: [] }, 'closed', 'desc')).toEqual([]);
    expect(myNumbers({ agents: [] }, null)).toBeNull();
    expect(myNumbers({ agents: ROWS }, 'u-ana')).toBe(ana);
  });
});
