// The Team tab's table and leaderboard (product.md §7), as plain data the components render:
// which number a column shows, sorting with ties and empty values, ranks best first, the team
// average beside each person, and people grouped under their team's row.
import type { AgentRowJson, AgentsResponse, StatJson, TeamRowJson } from '../../shared/api';
import { AGENT_COLUMNS, type AgentColumnKey } from '../../shared/team';

export { AGENT_COLUMNS, type AgentColumnKey };

export type ColumnKind = (typeof AGENT_COLUMNS)[number]['kind'];
export type SortDirection = 'asc' | 'desc';

export function columnOf(key: AgentColumnKey) {
  return AGENT_COLUMNS.find((c) => c.key === key)!;
}

/** Which target a target column counts against (shared/team.ts AGENT_COLUMNS, kind 'target'). */
const TARGET_OF: Partial<Record<AgentColumnKey, keyof AgentsResponse['targets']>> = {
  first_response_target: 'first_response_ms',
  resolution_target: 'resolution_ms',
};

/**
 * The columns the Team tab shows: a target's column only when the workspace has that target
 * (without one every cell would be "-"; the resolution target is optional, product.md §7).
 */
export function shownColumns(targets: AgentsResponse['targets']) {
  return AGENT_COLUMNS.filter((c) => {
    const target = TARGET_OF[c.key];
    return target === undefined || targets[target] !== null;
  });
}

/** Met as a percentage of met + missed; null without a target or without any value. */
export function targetPercent(tally: { met: number; missed: number } | null): number | null {
  if (!tally) return null;
  const total = tally.met + tally.missed;
  return total === 0 ? null : (tally.met * 100) / total;
}

/**
 * The number a column sorts and ranks by: counts as they are, durations by their median
 * (product.md §6: the median first, avg and p90 on hover), targets as the share met.
 */
export function columnValue(row: AgentRowJson, key: AgentColumnKey): number | null {
  const kind = columnOf(key).kind;
  if (kind === 'count') return row[key as 'assigned'];
  if (kind === 'duration') return (row[key as 'first_response_time_ms'] as StatJson).median;
  return targetPercent(row[key as 'first_response_target']);
}

const nameOf = (row: AgentRowJson) => row.agent.name ?? row.agent.id;

/** Ties and equal names keep a stable, readable order: by name, then id. */
function byName(a: AgentRowJson, b: AgentRowJson): number {
  return nameOf(a).localeCompare(nameOf(b), undefined, { sensitivity: 'base' }) || (a.agent.id < b.agent.id ? -1 : a.agent.id > b.agent.id ? 1 : 0);
}

/** Sorted by a column; rows without a value ("-") come last whichever the direction. */
export function sortAgents(rows: readonly AgentRowJson[], key: AgentColumnKey, direction: SortDirection): AgentRowJson[] {
  return [...rows].sort((a, b) => {
    const x = columnValue(a, key);
    const y = columnValue(b, key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return (direction === 'asc' ? x - y : y - x) || byName(a, b);
  });
}

/** The direction in which a column's best value comes first. */
export const bestDirection = (key: AgentColumnKey): SortDirection => (columnOf(key).best === 'low' ? 'asc' : 'desc');

export interface LeaderboardEntry {
  /** 1 for the best; equal values share a rank (1, 2, 2, 4); null without a value. */
  rank: number | null;
  row: AgentRowJson;
  value: number | null;
  /** Mean of the column over the person's team (people with a value); null without a team. */
  teamAverage: number | null;
}

/** Everyone ranked on one column, best first (product.md §7 leaderboard). */
export function leaderboard(rows: readonly AgentRowJson[], key: AgentColumnKey): LeaderboardEntry[] {
  const sorted = sortAgents(rows, key, bestDirection(key));
  const averages = teamAverages(rows, key);
  let previous: number | null = null;
  let rank = 0;
  return sorted.map((row, i) => {
    const value = columnValue(row, key);
    if (value !== null && value !== previous) rank = i + 1;
    previous = value;
    return { rank: value === null ? null : rank, row, value, teamAverage: row.team ? (averages.get(row.team.id) ?? null) : null };
  });
}

/** Per team id: the mean of the column over its people who have a value. */
export function teamAverages(rows: readonly AgentRowJson[], key: AgentColumnKey): Map<string, number> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const row of rows) {
    const value = columnValue(row, key);
    if (!row.team || value === null) continue;
    const s = sums.get(row.team.id) ?? { sum: 0, n: 0 };
    s.sum += value;
    s.n += 1;
    sums.set(row.team.id, s);
  }
  return new Map([...sums].map(([id, { sum, n }]) => [id, sum / n]));
}

export interface TeamGroup {
  /** null: people with no team recorded. */
  team: { id: string; name: string | null } | null;
  /** The API's team row (conversations last assigned to the team, closed by it), when it has one. */
  subtotal: TeamRowJson | null;
  people: AgentRowJson[];
}

/** People under their team's row (teams by name, "no team" last), each group sorted as asked. */
export function groupByTeam(
  report: Pick<AgentsResponse, 'agents' | 'teams'>,
  key: AgentColumnKey,
  direction: SortDirection,
): TeamGroup[] {
  const groups = new Map<string | null, TeamGroup>();
  for (const t of report.teams) groups.set(t.team.id, { team: t.team, subtotal: t, people: [] });
  for (const row of sortAgents(report.agents, key, direction)) {
    const id = row.team?.id ?? null;
    let group = groups.get(id);
    if (!group) {
      group = { team: row.team, subtotal: null, people: [] };
      groups.set(id, group);
    }
    group.people.push(row);
  }
  const teamName = (g: TeamGroup) => g.team?.name ?? g.team?.id ?? '';
  return [...groups.values()].sort((a, b) =>
    a.team === null ? 1 : b.team === null ? -1 : teamName(a).localeCompare(teamName(b), undefined, { sensitivity: 'base' }),
  );
}

/** "My numbers" (product.md §7): the caller's own row, or null when they did nothing in the period. */
export function myNumbers(report: Pick<AgentsResponse, 'agents'>, userId: string | null): AgentRowJson | null {
  if (userId === null) return report.agents[0] ?? null;
  return report.agents.find((a) => a.agent.id === userId) ?? null;
}
