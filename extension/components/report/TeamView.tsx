// The Team tab (product.md §7): a sortable table of people under their teams, or a leaderboard on
// one column, best first, with the team average beside each person. Clicking a person opens the
// conversation list filtered to them (product.md §8 drill-down).
import { useState } from 'preact/hooks';
import type { AgentRowJson, AgentsResponse, StatJson, TeamRowJson } from '../../../shared/api';
import { describeApiError, type ApiClient } from '../../api';
import { formatDuration, formatNumber, formatPercent, t } from '../../i18n';
import type { ReportQuery } from '../../report-query';
import {
  bestDirection,
  columnOf,
  groupByTeam,
  leaderboard,
  shownColumns,
  targetPercent,
  type AgentColumnKey,
  type SortDirection,
} from '../../view-models/team';
import { ErrorNotice, Loading } from '../feedback';
import { usePolling } from '../hooks';

export type ReportTab = 'conversations' | 'team';

/** The report's two tabs: its conversations, and the team's performance. */
export function ReportTabs({ tab, onTab }: { tab: ReportTab; onTab(tab: ReportTab): void }) {
  return (
    <div class="tabs" role="tablist" aria-label={t('team.tabs')}>
      {(['conversations', 'team'] as const).map((name) => (
        <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => onTab(name)}>
          {t(name === 'team' ? 'team.tab' : 'team.conversationsTab')}
        </button>
      ))}
    </div>
  );
}

export interface Person {
  id: string;
  name: string;
}

const personName = (row: AgentRowJson) => row.agent.name ?? row.agent.id;

/** A value as the column shows it: counts, a duration's median, a target's share met; "-" without one. */
function formatValue(key: AgentColumnKey, value: number | null): string {
  if (value === null) return '-';
  const kind = columnOf(key).kind;
  if (kind === 'duration') return formatDuration(value);
  if (kind === 'target') return formatPercent(value);
  return formatNumber(value);
}

/** product.md §6: the median shown, avg and p90 on hover. */
function statTitle(stat: StatJson | undefined): string | undefined {
  if (!stat || stat.count === 0) return undefined;
  return t('team.statHover', { avg: formatDuration(stat.avg), median: formatDuration(stat.median), p90: formatDuration(stat.p90) });
}

/** One cell of a person's or a team's row; a team row lacks the person-only columns. */
function Cell({ row, column }: { row: AgentRowJson | TeamRowJson; column: AgentColumnKey }) {
  const kind = columnOf(column).kind;
  const raw = (row as unknown as Record<string, unknown>)[column];
  // A team's "conversations" (last assigned to the team) sits in the assigned column.
  const teamConversations = column === 'assigned' && 'conversations' in row ? row.conversations : undefined;
  let text = '-';
  let title: string | undefined;
  if (teamConversations !== undefined) {
    text = formatNumber(teamConversations);
    title = t('team.help.teamConversations');
  }
  else if (kind === 'count' && typeof raw === 'number') text = formatNumber(raw);
  else if (kind === 'duration' && raw) {
    text = formatValue(column, (raw as StatJson).median);
    title = statTitle(raw as StatJson);
  } else if (kind === 'target') text = formatValue(column, targetPercent((raw as { met: number; missed: number } | null | undefined) ?? null));
  return (
    <td class="num" title={title}>
      {text}
    </td>
  );
}

function PersonButton({ row, onPerson }: { row: AgentRowJson; onPerson(p: Person): void }) {
  const name = personName(row);
  return (
    <button type="button" class="link" title={t('team.openList', { name })} onClick={() => onPerson({ id: row.agent.id, name })}>
      {name}
    </button>
  );
}

export function TeamTable({ report, onPerson }: { report: AgentsResponse; onPerson(p: Person): void }) {
  const [sort, setSort] = useState<{ key: AgentColumnKey; direction: SortDirection }>({ key: 'closed', direction: 'desc' });
  const sortBy = (key: AgentColumnKey) =>
    setSort((s) => (s.key === key ? { key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key, direction: bestDirection(key) }));
  const groups = groupByTeam(report, sort.key, sort.direction);
  const columns = shownColumns(report.targets);
  return (
    <div class="table-scroll">
      <table class="list team-table">
        <thead>
          <tr>
            <th scope="col">{t('team.person')}</th>
            {columns.map((c) => {
              const active = sort.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  class="num"
                  title={t(`team.help.${c.key}`)}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" class="sort" onClick={() => sortBy(c.key)}>
                    {t(`team.column.${c.key}`)}
                    <span aria-hidden="true">{active ? (sort.direction === 'asc' ? '\u00a0▲' : '\u00a0▼') : ''}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        {groups.map((g) => (
          <tbody key={g.team?.id ?? ''}>
            {g.subtotal ? (
              <tr class="team-row">
                <th scope="row">{t('team.teamTotal', { team: g.team?.name ?? g.team?.id ?? '' })}</th>
                {columns.map((c) => (
                  <Cell key={c.key} row={g.subtotal!} column={c.key} />
                ))}
              </tr>
            ) : (
              <tr class="team-row">
                <th scope="row" colSpan={columns.length + 1}>
                  {g.team ? (g.team.name ?? g.team.id) : t('team.noTeam')}
                </th>
              </tr>
            )}
            {g.people.map((row) => (
              <tr key={row.agent.id} data-person={row.agent.id}>
                <th scope="row">
                  <PersonButton row={row} onPerson={onPerson} />
                </th>
                {columns.map((c) => (
                  <Cell key={c.key} row={row} column={c.key} />
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}

export function Leaderboard({ report, onPerson }: { report: AgentsResponse; onPerson(p: Person): void }) {
  const [key, setKey] = useState<AgentColumnKey>('closed');
  const columns = shownColumns(report.targets);
  const entries = leaderboard(report.agents, key);
  return (
    <>
      <label class="control">
        {t('team.rankBy')}{' '}
        <select value={key} onChange={(e) => setKey((e.currentTarget as HTMLSelectElement).value as AgentColumnKey)}>
          {columns.map((c) => (
            <option key={c.key} value={c.key}>
              {t(`team.column.${c.key}`)}
            </option>
          ))}
        </select>
      </label>
      <div class="table-scroll">
        <table class="list leaderboard">
          <thead>
            <tr>
              <th scope="col" class="num">{t('team.rank')}</th>
              <th scope="col">{t('team.person')}</th>
              <th scope="col" class="num" title={t(`team.help.${key}`)}>
                {t(`team.column.${key}`)}
              </th>
              <th scope="col" class="num">{t('team.teamAverage')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.row.agent.id} data-person={e.row.agent.id}>
                <td class="num">{e.rank === null ? '-' : formatNumber(e.rank)}</td>
                <th scope="row">
                  <PersonButton row={e.row} onPerson={onPerson} />
                </th>
                <Cell row={e.row} column={key} />
                <td class="num">{formatValue(key, e.teamAverage)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

const AUTOMATION = [
  { key: 'unassigned', value: (r: AgentsResponse) => r.unassigned },
  { key: 'bot_only', value: (r: AgentsResponse) => r.automation.bot_only },
  { key: 'closed_by_bot', value: (r: AgentsResponse) => r.automation.closed_by_bot },
  { key: 'closed_by_workflow', value: (r: AgentsResponse) => r.automation.closed_by_workflow },
] as const;

/** What no person's row holds (product.md §7): never assigned, and the automation's share. */
function AutomationShare({ report }: { report: AgentsResponse }) {
  return (
    <dl class="figures automation">
      {AUTOMATION.map((f) => (
        <div key={f.key} class="figure" data-figure={f.key} title={t(`team.automationHelp.${f.key}`)}>
          <dt>{t(`team.automation.${f.key}`)}</dt>
          <dd>
            <span class="figure-value">{formatNumber(f.value(report))}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The Team tab's content for a loaded report: the table or the leaderboard. */
export function TeamReport({ report, onPerson }: { report: AgentsResponse; onPerson(p: Person): void }) {
  const [mode, setMode] = useState<'table' | 'leaderboard'>('table');
  if (report.agents.length === 0) {
    // Conversations the bot or a workflow handled alone still count below the empty table.
    const automated = AUTOMATION.some((f) => f.value(report) > 0);
    return (
      <>
        <p class="component-state state-no_data" role="status">
          {t('team.empty')}
        </p>
        {automated ? <AutomationShare report={report} /> : null}
      </>
    );
  }
  return (
    <>
      <div class="segmented" role="group" aria-label={t('team.mode')}>
        {(['table', 'leaderboard'] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
            {t(`team.${m}`)}
          </button>
        ))}
      </div>
      {mode === 'table' ? <TeamTable report={report} onPerson={onPerson} /> : <Leaderboard report={report} onPerson={onPerson} />}
      <AutomationShare report={report} />
    </>
  );
}

export function TeamView({ api, query, onPerson }: { api: ApiClient; query: ReportQuery; onPerson(p: Person): void }) {
  const report = usePolling(() => api.agents(query), 0, [api, JSON.stringify(query)]);
  let body;
  if (report.state === 'loading') body = <Loading what={t('team.heading')} />;
  else if (report.state === 'error') body = <ErrorNotice message={describeApiError(report.error)} onRetry={report.reload} />;
  else body = <TeamReport report={report.data} onPerson={onPerson} />;
  return (
    <section class="card team" aria-labelledby="team-heading">
      <header class="card-header">
        <h2 id="team-heading">{t('team.heading')}</h2>
      </header>
      <p class="range">{t('team.basis')}</p>
      {body}
    </section>
  );
}
