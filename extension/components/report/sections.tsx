// The report's components (product.md §4), each in its three states.
import { useState } from 'preact/hooks';
import type { ReportComponents, ReportResponse } from '../../../shared/api';
import {
  breakdownRows,
  breakdownSeries,
  bucketLabel,
  componentHeading,
  firstResponseBucketRows,
  summaryFigures,
  timingRows,
  type BreakdownKey,
} from '../../view-models/report';
import { ReportSection } from '../ComponentState';
import { Heatmap } from '../Heatmap';
import { BarChart, DoughnutChart } from './charts';

export function SummarySection({ report }: { report: ReportResponse }) {
  const summary = report.components.summary;
  return (
    <ReportSection id="summary" heading={componentHeading('summary')} component={summary}>
      {(ok) => {
        const byBucket = new Map(ok.series.map((s) => [s.bucket, s]));
        const buckets = report.range.buckets.length > 0 ? report.range.buckets : ok.series.map((s) => s.bucket);
        return (
          <>
            <dl class="figures">
              {summaryFigures(ok).map((f) => (
                <div key={f.label} class="figure">
                  <dt>{f.label}</dt>
                  <dd>
                    <span class="figure-value">{f.value}</span>
                    <span class="figure-compare">{f.comparison}</span>
                  </dd>
                </div>
              ))}
            </dl>
            <BarChart
              label="Opened and closed conversations per bucket"
              labels={buckets.map(bucketLabel)}
              series={[
                { label: 'Opened', values: buckets.map((b) => byBucket.get(b)?.opened ?? 0) },
                { label: 'Closed', values: buckets.map((b) => byBucket.get(b)?.closed ?? 0) },
              ]}
            />
          </>
        );
      }}
    </ReportSection>
  );
}

type HeatmapData = ReportComponents['opened_heatmap'];

export function HeatmapSection({ id, component, unit }: { id: 'opened_heatmap' | 'closed_heatmap'; component: HeatmapData; unit: string }) {
  const [byDate, setByDate] = useState(false);
  const heading = componentHeading(id);
  return (
    <ReportSection
      id={id}
      heading={heading}
      component={component}
      actions={(ok) =>
        ok.date_hour && ok.date_hour.length > 0 ? (
          <div class="toggle" role="group" aria-label={`${heading} rows`}>
            <button type="button" aria-pressed={!byDate} onClick={() => setByDate(false)}>
              By weekday
            </button>
            <button type="button" aria-pressed={byDate} onClick={() => setByDate(true)}>
              By date
            </button>
          </div>
        ) : null
      }
    >
      {(ok) =>
        byDate && ok.date_hour ? (
          <Heatmap
            label={`${heading} by date`}
            unit={unit}
            rows={ok.date_hour.map((d) => d.hours)}
            rowLabels={ok.date_hour.map((d) => bucketLabel(d.date))}
            rowNames={ok.date_hour.map((d) => d.date)}
          />
        ) : (
          <Heatmap label={heading} unit={unit} rows={ok.weekday_hour} />
        )
      }
    </ReportSection>
  );
}

export function BreakdownSection({ id, report }: { id: BreakdownKey; report: ReportResponse }) {
  const heading = componentHeading(id);
  return (
    <ReportSection id={id} heading={heading} component={report.components[id]}>
      {(ok) => {
        const rows = breakdownRows(id, ok);
        const { labels, series } = breakdownSeries(id, ok, report.range.buckets);
        return (
          <>
            <div class="breakdown">
              <table class="counts">
                <thead>
                  <tr>
                    <th scope="col">{heading.replace(/^(Opened|Closed) by /, '').replace(/^./, (c) => c.toUpperCase())}</th>
                    <th scope="col" class="num">
                      Count
                    </th>
                    <th scope="col" class="num">
                      Share
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.key}>
                      <td>{row.label}</td>
                      <td class="num">{row.count}</td>
                      <td class="num">{row.percent}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    <td class="num">{ok.total}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
              <DoughnutChart label={`${heading}: shares`} slices={rows} />
            </div>
            <BarChart label={`${heading} per bucket`} labels={labels} series={series} stacked />
          </>
        );
      }}
    </ReportSection>
  );
}

export function TimingsSection({ report }: { report: ReportResponse }) {
  const hoursNote = report.hours === 'business' ? 'in business hours' : 'in calendar time';
  return (
    <ReportSection id="timings" heading={componentHeading('timings')} component={report.components.timings}>
      {(ok) => {
        const buckets = firstResponseBucketRows(ok.first_response_buckets);
        return (
          <>
            <p class="hint">Over conversations closed in the period, {hoursNote}.</p>
            <table class="timings">
              <thead>
                <tr>
                  <th scope="col">Metric</th>
                  <th scope="col" class="num">
                    Average
                  </th>
                  <th scope="col" class="num">
                    Median
                  </th>
                  <th scope="col" class="num">
                    90th percentile
                  </th>
                  <th scope="col" class="num">
                    Conversations
                  </th>
                </tr>
              </thead>
              <tbody>
                {timingRows(ok).map((row) => (
                  <tr key={row.key}>
                    <th scope="row">{row.label}</th>
                    <td class="num">{row.average}</td>
                    <td class="num">{row.median}</td>
                    <td class="num">{row.p90}</td>
                    <td class="num">{row.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {ok.first_response_target ? (
              <p class="target">
                First-response target {formatTarget(ok.first_response_target.target_ms)}: met by {ok.first_response_target.met},
                missed by {ok.first_response_target.missed}.
              </p>
            ) : null}
            <h3>First response time</h3>
            <BarChart
              label="Conversations per first-response-time bucket"
              labels={buckets.map((b) => b.label)}
              series={[{ label: 'Conversations', values: buckets.map((b) => b.count) }]}
              height={150}
            />
            <ul class="bucket-counts">
              {buckets.map((b) => (
                <li key={b.key}>
                  <span>{b.label}</span> <strong>{b.count}</strong>
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
  return Number.isInteger(minutes) ? `${minutes} min` : `${Math.round(ms / 1000)} s`;
}
