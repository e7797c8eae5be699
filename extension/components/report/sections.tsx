// The report's components (product.md §4), each in its three states.
import { useState } from 'preact/hooks';
import type { ReportComponents, ReportResponse } from '../../../shared/api';
import {
  breakdownHeadings,
  breakdownRows,
  breakdownSeries,
  bucketLabel,
  componentHeading,
  durationLabel,
  firstResponseBucketRows,
  timingRows,
  type BreakdownKey,
} from '../../view-models/report';
import { formatNumber, t } from '../../i18n';
import { ReportSection } from '../ComponentState';
import { activateOnKey, Heatmap } from '../Heatmap';
import { breakdownBarDrill, breakdownItemDrill, heatmapCellDrill, summaryBarDrill, type DrillDown } from '../../view-models/drill-down';
import { BarChart, DoughnutChart, seriesColour } from './charts';
import { SummaryFigures } from './SummaryFigures';

/** Opens the list on what was clicked (product.md §8). */
export type OnDrill = (drill: DrillDown) => void;

export function SummarySection({ report, onDrill }: { report: ReportResponse; onDrill?: OnDrill }) {
  const summary = report.components.summary;
  return (
    <ReportSection id="summary" heading={componentHeading('summary')} component={summary}>
      {(ok) => {
        const byBucket = new Map(ok.series.map((s) => [s.bucket, s]));
        const buckets = report.range.buckets.length > 0 ? report.range.buckets : ok.series.map((s) => s.bucket);
        return (
          <>
            <SummaryFigures summary={ok} comparison={report.comparison} />
            <BarChart
              label={t('summary.chart')}
              labels={buckets.map(bucketLabel)}
              series={[
                { label: t('summary.opened'), values: buckets.map((b) => byBucket.get(b)?.opened ?? 0) },
                { label: t('summary.closed'), values: buckets.map((b) => byBucket.get(b)?.closed ?? 0) },
              ]}
              onBar={onDrill ? (dataset, index) => buckets[index] !== undefined && onDrill(summaryBarDrill(buckets[index]!, dataset)) : undefined}
            />
          </>
        );
      }}
    </ReportSection>
  );
}

type HeatmapData = ReportComponents['opened_heatmap'];

export function HeatmapSection({ id, component, onDrill }: { id: 'opened_heatmap' | 'closed_heatmap'; component: HeatmapData; onDrill?: OnDrill }) {
  const counted = id === 'opened_heatmap' ? 'opened' : 'closed';
  const [byDate, setByDate] = useState(false);
  const heading = componentHeading(id);
  return (
    <ReportSection
      id={id}
      heading={heading}
      component={component}
      actions={(ok) =>
        ok.date_hour && ok.date_hour.length > 0 ? (
          <div class="toggle" role="group" aria-label={t('heatmap.rowsOf', { heading })}>
            <button type="button" aria-pressed={!byDate} onClick={() => setByDate(false)}>
              {t('heatmap.byWeekday')}
            </button>
            <button type="button" aria-pressed={byDate} onClick={() => setByDate(true)}>
              {t('heatmap.byDate')}
            </button>
          </div>
        ) : null
      }
    >
      {(ok) =>
        byDate && ok.date_hour ? (
          <Heatmap
            label={t('heatmap.byDateOf', { heading })}
            counted={counted}
            rows={ok.date_hour.map((d) => d.hours)}
            rowLabels={ok.date_hour.map((d) => bucketLabel(d.date))}
            rowNames={ok.date_hour.map((d) => d.date)}
            onCell={onDrill ? (row, hour) => ok.date_hour?.[row] && onDrill(heatmapCellDrill(counted, { date: ok.date_hour[row]!.date }, hour)) : undefined}
          />
        ) : (
          <Heatmap
            label={heading}
            counted={counted}
            rows={ok.weekday_hour}
            onCell={onDrill ? (weekday, hour) => onDrill(heatmapCellDrill(counted, { weekday }, hour)) : undefined}
          />
        )
      }
    </ReportSection>
  );
}

export function BreakdownSection({ id, report, onDrill }: { id: BreakdownKey; report: ReportResponse; onDrill?: OnDrill }) {
  const { title: heading, items: itemsHeading } = breakdownHeadings(id);
  return (
    <ReportSection id={id} heading={heading} component={report.components[id]}>
      {(ok) => {
        const rows = breakdownRows(id, ok);
        const { labels, series } = breakdownSeries(id, ok, report.range.buckets);
        const buckets = report.range.buckets.length > 0 ? report.range.buckets : ok.series.map((p) => p.bucket);
        const item = (index: number) => (rows[index] && onDrill ? () => onDrill(breakdownItemDrill(id, rows[index]!)) : undefined);
        return (
          <>
            <div class="breakdown">
              <table class="counts">
                <thead>
                  <tr>
                    <th scope="col">{itemsHeading}</th>
                    <th scope="col" class="num">
                      {t('breakdown.count')}
                    </th>
                    <th scope="col" class="num">
                      {t('breakdown.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, i) => (
                    <tr
                      key={row.key}
                      class={onDrill ? 'drill' : undefined}
                      tabIndex={onDrill ? 0 : undefined}
                      title={onDrill ? t('drill.show') : undefined}
                      onClick={item(i)}
                      onKeyDown={onDrill ? activateOnKey(item(i)!) : undefined}
                    >
                      <td>
                        <span class="swatch" style={{ background: seriesColour(i) }} aria-hidden="true" />
                        {row.label}
                      </td>
                      <td class="num">{formatNumber(row.count)}</td>
                      <td class="num">{row.percent}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('breakdown.total')}</th>
                    <td class="num">{formatNumber(ok.total)}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
              <DoughnutChart label={t('breakdown.shares', { heading })} slices={rows} onSlice={onDrill ? (index) => item(index)?.() : undefined} />
            </div>
            <BarChart
              label={t('breakdown.perBucket', { heading })}
              labels={labels}
              series={series}
              stacked
              onBar={
                onDrill
                  ? (dataset, index) => rows[dataset] && buckets[index] !== undefined && onDrill(breakdownBarDrill(id, rows[dataset]!, buckets[index]!))
                  : undefined
              }
            />
          </>
        );
      }}
    </ReportSection>
  );
}

export function TimingsSection({ report }: { report: ReportResponse }) {
  const hoursNote = report.hours === 'business' ? t('timings.businessHours') : t('timings.calendarTime');
  return (
    <ReportSection id="timings" heading={componentHeading('timings')} component={report.components.timings}>
      {(ok) => {
        const buckets = firstResponseBucketRows(ok.first_response_buckets);
        return (
          <>
            <p class="hint">{hoursNote}</p>
            <table class="timings">
              <thead>
                <tr>
                  <th scope="col">{t('timings.metric')}</th>
                  <th scope="col" class="num">
                    {t('timings.average')}
                  </th>
                  <th scope="col" class="num">
                    {t('timings.median')}
                  </th>
                  <th scope="col" class="num">
                    {t('timings.p90')}
                  </th>
                  <th scope="col" class="num">
                    {t('timings.conversations')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {timingRows(ok).map((row) => (
                  <tr key={row.key}>
                    <th scope="row">
                      {/* Help in place: the seed's formula on hover, and on keyboard focus. */}
                      <span class="help" tabIndex={0} title={row.formula} aria-describedby={`formula-${row.key}`}>
                        {row.label}
                      </span>
                      <span id={`formula-${row.key}`} role="tooltip" class="help-text">
                        {row.formula}
                      </span>
                    </th>
                    <td class="num">{row.average}</td>
                    <td class="num">{row.median}</td>
                    <td class="num">{row.p90}</td>
                    <td class="num">{formatNumber(row.count)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {ok.first_response_target ? (
              <p class="target">
                {t('timings.target', {
                  target: formatTarget(ok.first_response_target.target_ms),
                  met: formatNumber(ok.first_response_target.met),
                  missed: formatNumber(ok.first_response_target.missed),
                })}
              </p>
            ) : null}
            <h3>{durationLabel('first_response_time_ms')}</h3>
            <BarChart
              label={t('timings.bucketsChart')}
              labels={buckets.map((b) => b.label)}
              series={[{ label: t('timings.conversations'), values: buckets.map((b) => b.count) }]}
              height={150}
            />
            <ul class="bucket-counts">
              {buckets.map((b) => (
                <li key={b.key}>
                  <span>{b.label}</span> <strong>{formatNumber(b.count)}</strong>
                </li>
              ))}
            </ul>
          </>
        );
      }}
    </ReportSection>
  );
}

function formatTarget(ms: number): string {
  const minutes = ms / 60_000;
  return Number.isInteger(minutes)
    ? formatNumber(minutes, { style: 'unit', unit: 'minute' })
    : formatNumber(Math.round(ms / 1000), { style: 'unit', unit: 'second' });
}
