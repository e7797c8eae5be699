// Team performance (product.md §7): per person and per team, over the conversations CLOSED in the
// period that match the filters. Pure: the worker reads the rows and measures the durations in the
// requested hours; this module decides who counts for what, and computes exact statistics with the
// Conversations report's own `summarize`.
import type { Ref } from './events';
import { summarize, type Summary } from './report';

/** One closed conversation, as much of it as §7 reads. Durations are already in the report's hours. */
export interface TeamConversation {
  contactId: string;
  closedAt: number;
  closedSource: string | null;
  /** The closing user (product.md §2: recorded with a close by a user) and that user's team. */
  closedBy: Ref | null;
  closedByTeam: Ref | null;
  /** A person sent an outgoing message (the first response exists, product.md §2). */
  answeredByPerson: boolean;
  /** The author of the first response, when the source names the person. */
  firstResponder: Ref | null;
  firstResponseMs: number | null;
  resolutionMs: number | null;
  /** The resolution time in the hours the workspace's resolution target is measured in. */
  resolutionForTargetMs: number | null;
  /** Every assignment in order, the carried-over one first; a null assignee is an unassignment. */
  assignments: ReadonlyArray<{ at: number; assignee: Ref | null; team: Ref | null }>;
  /** Every response: its author (null when unnamed) and its wait, in the report's hours. */
  responses: ReadonlyArray<{ by: Ref | null; waitMs: number }>;
}

export interface TeamTargets {
  /** Measured in the report's hours, as the Conversations report's timings do. */
  firstResponseMs: number | null;
  /** Measured in its own hours (TeamConversation.resolutionForTargetMs). */
  resolutionMs: number | null;
}

export interface TargetTally {
  met: number;
  missed: number;
}

export interface AgentRow {
  agent: { id: string; name: string | null };
  /** The team recorded with the person's latest assignment (or else close) in these conversations. */
  team: { id: string; name: string | null } | null;
  /**
   * Conversations the person took part in: held an assignment, sent the first response or a
   * response, or closed it. Exactly what the Conversations list's `agent=` filter lists, so the
   * Team tab's drill-down total equals this figure.
   */
  involved: number;
  assigned: number;
  closed: number;
  first_responses: number;
  responses: number;
  unique_contacts: number;
  first_response_time_ms: Summary;
  response_time_ms: Summary;
  resolution_time_ms: Summary;
  first_response_target: TargetTally | null;
  resolution_target: TargetTally | null;
}

export interface TeamRow {
  team: { id: string; name: string | null };
  conversations: number;
  closed: number;
  first_response_time_ms: Summary;
  resolution_time_ms: Summary;
  first_response_target: TargetTally | null;
  resolution_target: TargetTally | null;
}

export interface TeamPerformance {
  agents: AgentRow[];
  teams: TeamRow[];
  unassigned: number;
  automation: { bot_only: number; closed_by_bot: number; closed_by_workflow: number };
}

/** The leaderboard's columns and which way is best (product.md §7: "best first"). */
export const AGENT_COLUMNS = [
  { key: 'involved', kind: 'count', best: 'high' },
  { key: 'assigned', kind: 'count', best: 'high' },
  { key: 'closed', kind: 'count', best: 'high' },
  { key: 'first_responses', kind: 'count', best: 'high' },
  { key: 'responses', kind: 'count', best: 'high' },
  { key: 'unique_contacts', kind: 'count', best: 'high' },
  { key: 'first_response_time_ms', kind: 'duration', best: 'low' },
  { key: 'response_time_ms', kind: 'duration', best: 'low' },
  { key: 'resolution_time_ms', kind: 'duration', best: 'low' },
  { key: 'first_response_target', kind: 'target', best: 'high' },
  { key: 'resolution_target', kind: 'target', best: 'high' },
] as const satisfies ReadonlyArray<{ key: keyof AgentRow; kind: 'count' | 'duration' | 'target'; best: 'high' | 'low' }>;
export type AgentColumnKey = (typeof AGENT_COLUMNS)[number]['key'];

interface PersonTally {
  id: string;
  name: string | null;
  team: Ref | null;
  /** When `team` was recorded: a later assignment (or close) names the person's current team. */
  teamAt: number;
  involved: number;
  assigned: number;
  closed: number;
  firstResponses: number;
  responses: number;
  contacts: Set<string>;
  firstResponseTimes: number[];
  responseTimes: number[];
  resolutionTimes: number[];
  firstResponseTarget: TargetTally;
  resolutionTarget: TargetTally;
}

interface TeamTally {
  id: string;
  name: string | null;
  conversations: number;
  closed: number;
  firstResponseTimes: number[];
  resolutionTimes: number[];
  firstResponseTarget: TargetTally;
  resolutionTarget: TargetTally;
}

/** Counts a value against a target: over the target is missed; no value is neither (as the timings do). */
function tallyTarget(tally: TargetTally, valueMs: number | null, targetMs: number | null): void {
  if (valueMs === null || targetMs === null) return;
  if (valueMs > targetMs) tally.missed++;
  else tally.met++;
}

const byName = (a: { id: string; name: string | null }, b: { id: string; name: string | null }) =>
  (a.name ?? a.id).localeCompare(b.name ?? b.id, 'en', { sensitivity: 'base' }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Every §7 figure. Bots and workflows never become people: assignees are people by the model
 * (a bot's hold is not an assignment), responders are human senders, and only a close by a user
 * (`closed_source` user) has a closer.
 */
export function teamPerformance(rows: readonly TeamConversation[], targets: TeamTargets): TeamPerformance {
  const people = new Map<string, PersonTally>();
  const teams = new Map<string, TeamTally>();
  let unassigned = 0;
  const automation = { bot_only: 0, closed_by_bot: 0, closed_by_workflow: 0 };

  const person = (ref: Ref): PersonTally => {
    let p = people.get(ref.id);
    if (!p) {
      p = {
        id: ref.id,
        name: null,
        team: null,
        teamAt: -Infinity,
        involved: 0,
        assigned: 0,
        closed: 0,
        firstResponses: 0,
        responses: 0,
        contacts: new Set(),
        firstResponseTimes: [],
        responseTimes: [],
        resolutionTimes: [],
        firstResponseTarget: { met: 0, missed: 0 },
        resolutionTarget: { met: 0, missed: 0 },
      };
      people.set(ref.id, p);
    }
    p.name ??= ref.name ?? null;
    return p;
  };
  const team = (ref: Ref): TeamTally => {
    let t = teams.get(ref.id);
    if (!t) {
      t = {
        id: ref.id,
        name: null,
        conversations: 0,
        closed: 0,
        firstResponseTimes: [],
        resolutionTimes: [],
        firstResponseTarget: { met: 0, missed: 0 },
        resolutionTarget: { met: 0, missed: 0 },
      };
      teams.set(ref.id, t);
    }
    t.name ??= ref.name ?? null;
    return t;
  };
  const noteTeam = (p: PersonTally, teamRef: Ref | null, at: number) => {
    if (teamRef && at >= p.teamAt) {
      p.team = teamRef;
      p.teamAt = at;
    }
  };

  for (const c of rows) {
    // Everyone the conversation counts for, once each (the list's `agent=` filter, worker/reports/targets.ts).
    const involved = new Set<PersonTally>();
    // Assigned: held an assignment at any time (a carried-over assignee counts), once per conversation.
    const holders = new Set<string>();
    for (const a of c.assignments) {
      if (!a.assignee) continue;
      const p = person(a.assignee);
      involved.add(p);
      noteTeam(p, a.team, a.at);
      if (holders.has(a.assignee.id)) continue;
      holders.add(a.assignee.id);
      p.assigned++;
      p.contacts.add(c.contactId);
    }
    if (holders.size === 0) unassigned++;

    const last = c.assignments[c.assignments.length - 1];
    if (last?.assignee) {
      const p = person(last.assignee);
      if (c.resolutionMs !== null) p.resolutionTimes.push(c.resolutionMs);
      tallyTarget(p.resolutionTarget, c.resolutionForTargetMs, targets.resolutionMs);
      // Team rows: conversations whose last assignment was to a member (the team recorded with it).
      if (last.team) {
        const t = team(last.team);
        t.conversations++;
        if (c.firstResponseMs !== null) t.firstResponseTimes.push(c.firstResponseMs);
        if (c.resolutionMs !== null) t.resolutionTimes.push(c.resolutionMs);
        tallyTarget(t.firstResponseTarget, c.firstResponseMs, targets.firstResponseMs);
        tallyTarget(t.resolutionTarget, c.resolutionForTargetMs, targets.resolutionMs);
      }
    }

    if (c.closedSource === 'user' && c.closedBy) {
      const p = person(c.closedBy);
      involved.add(p);
      p.closed++;
      noteTeam(p, c.closedByTeam, c.closedAt);
      if (c.closedByTeam) team(c.closedByTeam).closed++;
    }

    if (c.firstResponder) {
      const p = person(c.firstResponder);
      involved.add(p);
      p.firstResponses++;
      if (c.firstResponseMs !== null) p.firstResponseTimes.push(c.firstResponseMs);
      tallyTarget(p.firstResponseTarget, c.firstResponseMs, targets.firstResponseMs);
    }

    for (const r of c.responses) {
      if (!r.by) continue;
      const p = person(r.by);
      involved.add(p);
      p.responses++;
      p.responseTimes.push(r.waitMs);
    }

    // The automation's share: nobody human answered or held it.
    if (!c.answeredByPerson && holders.size === 0) automation.bot_only++;
    if (c.closedSource === 'bot') automation.closed_by_bot++;
    if (c.closedSource === 'workflow') automation.closed_by_workflow++;
    for (const p of involved) p.involved++;
  }

  const target = (tally: TargetTally, targetMs: number | null) => (targetMs === null ? null : tally);
  return {
    agents: [...people.values()]
      .map(
        (p): AgentRow => ({
          agent: { id: p.id, name: p.name },
          team: p.team ? { id: p.team.id, name: p.team.name ?? null } : null,
          involved: p.involved,
          assigned: p.assigned,
          closed: p.closed,
          first_responses: p.firstResponses,
          responses: p.responses,
          unique_contacts: p.contacts.size,
          first_response_time_ms: summarize(p.firstResponseTimes),
          response_time_ms: summarize(p.responseTimes),
          resolution_time_ms: summarize(p.resolutionTimes),
          first_response_target: target(p.firstResponseTarget, targets.firstResponseMs),
          resolution_target: target(p.resolutionTarget, targets.resolutionMs),
        }),
      )
      .sort((a, b) => byName(a.agent, b.agent)),
    teams: [...teams.values()]
      .map(
        (t): TeamRow => ({
          team: { id: t.id, name: t.name },
          conversations: t.conversations,
          closed: t.closed,
          first_response_time_ms: summarize(t.firstResponseTimes),
          resolution_time_ms: summarize(t.resolutionTimes),
          first_response_target: target(t.firstResponseTarget, targets.firstResponseMs),
          resolution_target: target(t.resolutionTarget, targets.resolutionMs),
        }),
      )
      .sort((a, b) => byName(a.team, b.team)),
    unassigned,
    automation,
  };
}
