// The Conversations report (product.md §4, api.md GET /v1/reports/conversations): every
// component's queries go to D1 in one batch, then each component is shaped from its rows.
// A component a selected filter does not apply to is `not_applicable` and costs no query.
import { componentApplies, type ReportComponentKey, type ReportQuery } from '../../shared/report';
import type { OpenedHeatmapResponse, ReportResponse } from '../../shared/api';
import type { Database } from '../app';
import {
  dimensionBreakdownRowsQuery,
  dimensionCountsByQuarterQuery,
  dimensionRollupsAnswer,
  rollupBreakdownRowsQuery,
  rollupCountsByQuarterQuery,
  rollupsAnswer,
  sideTotalQuery,
} from '../db/rollups';
import type { Span } from '../db/report-filters';
import { QueryBatch } from './batch';
import { channelDirectoryQuery, toChannelNames } from '../db/channels';
import { breakdownRowsQuery, type BreakdownRow } from '../db/report-breakdowns';
import { BREAKDOWNS, breakdownJson, withChannelNames, type BreakdownKey } from './breakdowns';
import { heatmapJson } from './heatmap';
import { countsByQuarterQuery, historyStartQuery } from '../db/report-counts';
import { sumCounts } from './quarters';
import { comparisonSpan, summaryJson } from './summary';
import { durationRollupsAnswer, timingsFromRollups, timingsInSlices } from './timings';
import { EXACT_STATISTICS_MAX } from '../../shared/statistics';
import { countsGrain } from '../../shared/rollups';

const NOT_APPLICABLE = { status: 'not_applicable' } as const;

export async function conversationsReport(
  db: Database,
  workspaceId: string,
  query: ReportQuery,
  firstResponseTargetMs: number | null,
  now: number = Date.now(),
  /** product.md §4: medians and p90 exact up to this many matches (tests lower it). */
  exactMax: number = EXACT_STATISTICS_MAX,
): Promise<ReportResponse> {
  const { period, filters, hours } = query;
  const applies = (key: ReportComponentKey) => componentApplies(key, filters);
  const batch = new QueryBatch();

  // Opened and closed per quarter-hour serve the summary and both heatmaps. The summary accepts
  // only opened-side filters, so when it applies its filters are exactly the heatmaps'.
  // Counts come from the rollups unless a filter names a person, a contact or a conversation.
  const fromRollups = rollupsAnswer(filters, [period, period.previous]);
  // Unfiltered, the breakdown rollups answer with a few cells per quarter-hour, or per hour where
  // every local hour is a UTC hour (countsGrain).
  const unfiltered = dimensionRollupsAnswer(filters, [period, period.previous]);
  const counts = unfiltered
    ? (db: Database, ws: string, side: 'opened' | 'closed', span: Span) => dimensionCountsByQuarterQuery(db, ws, side, span, countsGrain(period.tz, span))
    : fromRollups
      ? rollupCountsByQuarterQuery
      : countsByQuarterQuery;
  const breakdown = fromRollups ? rollupBreakdownRowsQuery : breakdownRowsQuery;
  const openedSide = applies('opened_heatmap');
  const opened = openedSide ? batch.add(counts(db, workspaceId, 'opened', period, filters)) : null;
  const closed = batch.add(counts(db, workspaceId, 'closed', period, filters));
  // While the period runs, the comparison is the same elapsed part of the previous period: a span
  // ending at `now`, which the rollups answer only when it ends on a quarter-hour.
  const compared = comparisonSpan(period, now);
  const previous = applies('summary')
    ? {
        opened: batch.add(sideTotalQuery(db, workspaceId, 'opened', period.previous, filters)),
        closed: batch.add(sideTotalQuery(db, workspaceId, 'closed', period.previous, filters)),
        comparedOpened: batch.add(sideTotalQuery(db, workspaceId, 'opened', compared, filters)),
        comparedClosed: batch.add(sideTotalQuery(db, workspaceId, 'closed', compared, filters)),
        // The workspace's first conversation: a previous period before it has no figures to compare.
        historyStart: batch.add(historyStartQuery(db, workspaceId)),
      }
    : null;
  // All three breakdowns of a side accept the same filters: one query per side serves them.
  const sideRows = unfiltered
    ? null
    : {
        opened: openedSide ? batch.add(breakdown(db, workspaceId, 'opened', period, filters)) : null,
        closed: batch.add(breakdown(db, workspaceId, 'closed', period, filters)),
      };
  const breakdownRows = Object.fromEntries(
    (Object.keys(BREAKDOWNS) as BreakdownKey[]).map((key) => {
      const side = BREAKDOWNS[key].side;
      if (side === 'opened' && !openedSide) return [key, null];
      return [key, sideRows ? sideRows[side] : batch.add(dimensionBreakdownRowsQuery(db, workspaceId, key, period))];
    }),
  ) as Record<BreakdownKey, (() => BreakdownRow[]) | null>;
  // Channels are labelled by the directory, as in the list, the CSV and the side panel.
  const directory = openedSide ? batch.add(channelDirectoryQuery(db, workspaceId)) : null;
  // Without a filter the duration rollups answer the timings, read in this same batch.
  const rollupTimings =
    applies('timings') && durationRollupsAnswer(filters, period, firstResponseTargetMs)
      ? timingsFromRollups(batch, db, workspaceId, query, firstResponseTargetMs)
      : null;

  await batch.run(db);
  // Timings read every closed conversation's values, so they follow the closed counts: exact up
  // to EXACT_STATISTICS_MAX matches, histograms above, in slices of bounded results either way.
  // Without a filter the duration rollups answer: above the limit from their histograms alone,
  // at or below it exactly, reading only the values in the buckets holding each median and p90.
  const timings = !applies('timings')
    ? NOT_APPLICABLE
    : rollupTimings
      ? await rollupTimings(closed(), sumCounts(closed()) <= exactMax)
      : await timingsInSlices(db, workspaceId, query, closed(), firstResponseTargetMs, undefined, exactMax);

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
        const rows = breakdownRows[key];
        if (!rows || !applies(key)) return [key, NOT_APPLICABLE];
        const json = breakdownJson(period, key, rows());
        return [key, key === 'opened_by_channel' && directory ? withChannelNames(json, toChannelNames(directory())) : json];
      }),
    ),
    timings,
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

/**
 * The opened heatmap alone (the side panel's, product.md §5): one query, on the rollups unless a
 * filter names a person, a contact or a conversation; `not_applicable` under a closed-side filter.
 */
export async function openedHeatmapReport(db: Database, workspaceId: string, query: ReportQuery): Promise<OpenedHeatmapResponse> {
  const { period, filters } = query;
  const range = { from: period.from, to: period.to, tz: period.tz, bucket: period.bucket, buckets: period.buckets.map((b) => b.key) };
  if (!componentApplies('opened_heatmap', filters)) return { range, opened_heatmap: NOT_APPLICABLE };
  const rows = dimensionRollupsAnswer(filters, [period])
    ? await dimensionCountsByQuarterQuery(db, workspaceId, 'opened', period, countsGrain(period.tz, period))
    : await (rollupsAnswer(filters, [period]) ? rollupCountsByQuarterQuery : countsByQuarterQuery)(db, workspaceId, 'opened', period, filters);
  return { range, opened_heatmap: heatmapJson(period, rows) };
}
