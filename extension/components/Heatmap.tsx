// A heatmap as an HTML grid (rows × 24 hours) with a sequential colour scale and its legend.
// Every cell carries its count as text and a full description for screen readers and tooltips.
import { gridMax, heatLevel, heatScale, hourRange, WEEKDAY_NAMES, WEEKDAYS } from '../view-models/heatmap';

export interface HeatmapProps {
  /** Rows of 24 counts. */
  rows: readonly (readonly number[])[];
  /** Short row labels (shown) and long ones (read out); default Monday…Sunday. */
  rowLabels?: readonly string[];
  rowNames?: readonly string[];
  /** What the grid counts, e.g. "Opened heatmap". */
  label: string;
  /** Unit in descriptions: "12 conversations opened". */
  unit?: string;
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export function Heatmap({ rows, rowLabels = WEEKDAYS, rowNames = WEEKDAY_NAMES, label, unit = 'conversations' }: HeatmapProps) {
  const max = gridMax(rows);
  const scale = heatScale(max);
  return (
    <div class="heatmap-wrap">
      <div class="heatmap" role="table" aria-label={label}>
        <div class="heat-row heat-head" role="row">
          <span class="heat-corner" role="columnheader" aria-label="Day" />
          {HOURS.map((h) => (
            <span key={h} class="heat-hour" role="columnheader" aria-label={hourRange(h)}>
              {h % 3 === 0 ? String(h).padStart(2, '0') : ''}
            </span>
          ))}
        </div>
        {rows.map((row, r) => (
          <div key={r} class="heat-row" role="row">
            <span class="heat-day" role="rowheader" aria-label={rowNames[r] ?? rowLabels[r]}>
              {rowLabels[r] ?? ''}
            </span>
            {HOURS.map((h) => {
              const value = row[h] ?? 0;
              const level = heatLevel(value, max);
              return (
                <span
                  key={h}
                  role="cell"
                  class={`heat-cell level-${level}`}
                  data-level={level}
                  style={{ background: scale[level]?.colour }}
                  title={`${rowNames[r] ?? rowLabels[r]} ${hourRange(h)}: ${value} ${unit}`}
                  aria-label={`${rowNames[r] ?? rowLabels[r]} ${hourRange(h)}: ${value} ${unit}`}
                >
                  {value > 0 ? value : ''}
                </span>
              );
            })}
          </div>
        ))}
      </div>
      <ul class="heat-legend" aria-label={`${label} colour scale`}>
        {scale.map((step) => (
          <li key={step.level}>
            <span class="heat-swatch" style={{ background: step.colour }} aria-hidden="true" />
            {step.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
