// The summary's figures (opened, closed, each with its comparison): in the report's summary and in
// the popup's compact summary, which must not load the charts.
import type { ReportComponents, ReportResponse } from '../../../shared/api';
import { formatNumber } from '../../i18n';
import { summaryFigures } from '../../view-models/report';

/** Opened and closed with their comparison: the summary's figures, in the report and the popup. */
export function SummaryFigures({ summary, comparison }: { summary: Extract<ReportComponents['summary'], { status: 'ok' }>; comparison?: ReportResponse['comparison'] }) {
  return (
    <dl class="figures">
      {summaryFigures(summary, comparison).map((f) => (
        <div key={f.label} class="figure">
          <dt>{f.label}</dt>
          <dd>
            <span class="figure-value">{formatNumber(f.value)}</span>
            <span class="figure-compare">{f.comparison}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
