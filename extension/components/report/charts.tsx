// chart.js, tree-shaken: only the controllers, elements and scales the report draws are
// registered (bars and doughnuts on category/linear scales, with legend and tooltips).
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

/** Distinguishable colours, in series order. */
export const SERIES_COLOURS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#64748b', '#a16207'];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#64748b';
}

function ChartCanvas({ config, label, height }: { config: ChartConfiguration; label: string; height: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Redraw only when the data changes, not on every render of the report.
  const signature = `${config.type}|${JSON.stringify(config.data)}`;
  useEffect(() => {
    if (!canvas.current || !canvas.current.getContext('2d')) return; // no canvas (tests): the tables carry the data
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [signature]);
  return (
    <div class="chart" style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

export interface Series {
  label: string;
  values: number[];
}

/** Bars per bucket; several series stack (breakdowns) or stand side by side (opened vs closed). */
export function BarChart({ labels, series, label, stacked = false, height = 180 }: { labels: string[]; series: Series[]; label: string; stacked?: boolean; height?: number }) {
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: seriesColour(i), borderRadius: 2 })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked, grid: { display: false } },
        y: { stacked, beginAtZero: true, ticks: { precision: 0 } },
      },
      plugins: { legend: { display: series.length > 1, position: 'bottom', labels: { boxWidth: 12 } } },
    },
  };
  return <ChartCanvas config={config as ChartConfiguration} label={label} height={height} />;
}

export interface Slice {
  label: string;
  count: number;
  percent: string;
}

/**
 * The doughnut's drawing. Its legend is the counts table beside it (a swatch per row, in the
 * slices' colours): chart.js' canvas legend cut long labels off at every width.
 */
export function doughnutConfig(slices: readonly Slice[]): ChartConfiguration<'doughnut'> {
  return {
    type: 'doughnut',
    data: {
      labels: slices.map((s) => `${s.label} ${s.percent}`),
      datasets: [{ data: slices.map((s) => s.count), backgroundColor: slices.map((_, i) => seriesColour(i)) }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: { legend: { display: false } },
    },
  };
}

/** Shares of a total; the percentages and names are in the table that serves as its legend. */
export function DoughnutChart({ slices, label, height = 180 }: { slices: readonly Slice[]; label: string; height?: number }) {
  return <ChartCanvas config={doughnutConfig(slices) as ChartConfiguration} label={label} height={height} />;
}
