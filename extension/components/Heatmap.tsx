// A heatmap as an HTML grid (rows × 24 hours) with a sequential colour scale and its legend; the
// colours are app.css' per level, for the light and the dark scheme.
// Every cell carries its count as text and a full description for screen readers and tooltips.
import { t, tn } from '../i18n';
import { gridMax, heatLevel, heatScale, hourRange, weekdayNames } from '../view-models/heatmap';

export interface HeatmapProps {
  /** Rows of 24 counts. */
  rows: readonly (readonly number[])[];
  /** Short row labels (shown) and long ones (read out); default Monday…Sunday. */
  rowLabels?: readonly string[];
  rowNames?: readonly string[];
  /** The grid's name, e.g. "Opened heatmap". */
  label: string;
  /** What a cell counts, for its description: "12 conversations opened". */
  counted?: 'opened' | 'closed';
  /**
   * A click, Enter or Space on a cell with conversations (product.md §8 drill-down): its row
   * index and hour. Without it the cells are plain.
   */
  onCell?: (row: number, hour: number) => void;
}

/** Enter and Space act on a focused cell or row, as on a button. */
export function activateOnKey(action: () => void) {
  return (event: KeyboardEvent) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    action();
  };
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);

export function Heatmap({ rows, rowLabels = weekdayNames('short'), rowNames = weekdayNames('long'), label, counted, onCell }: HeatmapProps) {
  const max = gridMax(rows);
  const describe = (day: string, hour: number, value: number) =>
    tn(counted === 'opened' ? 'heatmap.cellOpened' : counted === 'closed' ? 'heatmap.cellClosed' : 'heatmap.cell', value, {
      day,
      hours: hourRange(hour),
    });
  const scale = heatScale(max);
  return (
    <div class="heatmap-wrap">
      <div class="heatmap" role="table" aria-label={label}>
        <div class="heat-row heat-head" role="row">
          <span class="heat-corner" role="columnheader" aria-label={t('heatmap.day')} />
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
              const description = describe(rowNames[r] ?? rowLabels[r] ?? '', h, value);
              // Cells with conversations open the list of them; an empty cell has nothing to list.
              const drill = onCell && value > 0 ? () => onCell(r, h) : undefined;
              return (
                <span
                  key={h}
                  role="cell"
                  class={`heat-cell level-${level}${drill ? ' drill' : ''}`}
                  data-level={level}
                  data-hour={h}
                  title={drill ? `${description}. ${t('drill.show')}` : description}
                  aria-label={drill ? `${description}. ${t('drill.show')}` : description}
                  tabIndex={drill ? 0 : undefined}
                  onClick={drill}
                  onKeyDown={drill ? activateOnKey(drill) : undefined}
                >
                  {value > 0 ? value : ''}
                </span>
              );
            })}
          </div>
        ))}
      </div>
      <ul class="heat-legend" aria-label={t('heatmap.scale', { label })}>
        {scale.map((step) => (
          <li key={step.level}>
            <span class={`heat-swatch level-${step.level}`} aria-hidden="true" />
            {step.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
