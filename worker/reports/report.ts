// The Conversations report (product.md §4, api.md GET /v1/reports/conversations): every
// component's queries go to D1 in one batch, then each component is shaped from its rows.
// A component a selected filter does not apply to is `not_applicable` and costs no query.
import { componentApplies, type ReportComponentKey, type ReportQuery } from '../../shared/report';
import type { ReportResponse } from '../../shared/api';
import type { Database } from '../app';
import { QueryBatch } from './batch';
import { BREAKDOWNS, breakdownJson, breakdownRowsQuery, type BreakdownKey } from './breakdowns';
import { heatmapJson } from './heatmap';
import { countsByQuarterQuery, historyStartQuery, totalQuery } from './quarters';
import { comparisonSpan, summaryJson } from './summary';
import { timingsJson, timingValuesQuery } from './timings';

const NOT_APPLICABLE = { status: 'not_applicable' } as const;

export async function conversationsReport(
  db: Database,
  workspaceId: string,
  query: ReportQuery,
  firstResponseTargetMs: number | null,
  now: number = Date.now(),
): Promise<ReportResponse> {
  const { period, filters, hours } = query;
  const applies = (key: ReportComponentKey) => componentApplies(key, filters);
  const batch = new QueryBatch();

  // Opened and closed per quarter-hour serve the summary and both heatmaps. The summary accepts
  // only opened-side filters, so when it applies its filters are exactly the heatmaps'.
  const openedSide = applies('opened_heatmap');
  const opened = openedSide ? batch.add(countsByQuarterQuery(db, workspaceId, 'opened', period, filters)) : null;
  const closed = batch.add(countsByQuarterQuery(db, workspaceId, 'closed', period, filters));
  const compared = comparisonSpan(period, now);
  const previous = applies('summary')
    ? {
        opened: batch.add(totalQuery(db, workspaceId, 'opened', period.previous, filters)),
        closed: batch.add(totalQuery(db, workspaceId, 'closed', period.previous, filters)),
        comparedOpened: batch.add(totalQuery(db, workspaceId, 'opened', compared, filters)),
        comparedClosed: batch.add(totalQuery(db, workspaceId, 'closed', compared, filters)),
        // The workspace's first conversation: a previous period before it has no figures to compare.
        historyStart: batch.add(historyStartQuery(db, workspaceId)),
      }
    : null;
  // All three breakdowns of a side accept the same filters: one query per side serves them.
  const breakdownRows = {
    opened: openedSide ? batch.add(breakdownRowsQuery(db, workspaceId, 'opened', period, filters)) : null,
    closed: batch.add(breakdownRowsQuery(db, workspaceId, 'closed', period, filters)),
  };
  const timingValues = batch.add(timingValuesQuery(db, workspaceId, period, filters, hours));

  await batch.run(db);

  const components = {
    summary:
      previous && opened
        ? summaryJson(period, {
            opened: opened(),
            closed: closed(),
            previousOpened: previous.opened()[0]?.count ?? 0,
            previousClosed: previous.closed()[0]?.count ?? 0,
          })
        : NOT_APPLICABLE,
    opened_heatmap: opened ? heatmapJson(period, opened()) : NOT_APPLICABLE,
    closed_heatmap: applies('closed_heatmap') ? heatmapJson(period, closed()) : NOT_APPLICABLE,
    ...Object.fromEntries(
      (Object.keys(BREAKDOWNS) as BreakdownKey[]).map((key) => {
        const rows = breakdownRows[BREAKDOWNS[key].side];
        return [key, rows && applies(key) ? breakdownJson(period, key, rows()) : NOT_APPLICABLE];
      }),
    ),
    timings: applies('timings') ? timingsJson(timingValues(), firstResponseTargetMs) : NOT_APPLICABLE,
  } as ReportResponse['components'];

  return {
    range: {
      from: period.from,
      to: period.to,
      tz: period.tz,
      bucket: period.bucket,
      buckets: period.buckets.map((b) => b.key),
    },
    hours,
    components,
    comparison: previous
      ? {
          opened: previous.comparedOpened()[0]?.count ?? 0,
          closed: previous.comparedClosed()[0]?.count ?? 0,
          basis: compared.basis,
          earlier_data: (() => {
            const first = previous.historyStart()[0]?.first ?? null;
            return first !== null && first <= period.previous.startMs;
          })(),
        }
      : null,
  };
}
