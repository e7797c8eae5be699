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
  type ChartOptions,
} from 'chart.js';
import { useEffect, useRef, useState } from 'preact/hooks';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip);

/** Distinguishable colours, in series order. */
export const SERIES_COLOURS = ['#2563eb', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16', '#64748b', '#a16207'];

export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? '#64748b';
}

/** The colours a chart draws its text, grid lines and slice borders in. */
export interface ChartColours {
  text: string;
  grid: string;
  surface: string;
}

/** app.css' chart variables, which follow the system's colour scheme (light or dark). */
export function chartColours(root: Element = document.documentElement): ChartColours {
  const styles = getComputedStyle(root);
  const read = (name: string, fallback: string) => styles.getPropertyValue(name).trim() || fallback;
  return { text: read('--chart-text', '#475569'), grid: read('--chart-grid', '#e2e8f0'), surface: read('--surface', '#ffffff') };
}

/** The configuration drawn in these colours: chart.js' own defaults are for a light page only. */
export function withColours(config: ChartConfiguration, colours: ChartColours): ChartConfiguration {
  const scales = Object.fromEntries(
    Object.entries(config.options?.scales ?? {}).map(([axis, scale]) => [
      axis,
      { ...scale, ticks: { ...(scale as { ticks?: object }).ticks, color: colours.text }, grid: { ...(scale as { grid?: object }).grid, color: colours.grid } },
    ]),
  );
  return {
    ...config,
    data: config.type === 'doughnut' ? { ...config.data, datasets: config.data.datasets.map((d) => ({ ...d, borderColor: colours.surface })) } : config.data,
    options: {
      ...config.options,
      color: colours.text,
      borderColor: colours.grid,
      ...(config.options?.scales ? { scales } : {}),
      plugins: {
        ...config.options?.plugins,
        legend: { ...config.options?.plugins?.legend, labels: { ...config.options?.plugins?.legend?.labels, color: colours.text } },
      },
    },
  } as ChartConfiguration;
}

const DARK = '(prefers-color-scheme: dark)';

/** 'dark' or 'light' as the system says now, updated when the user switches. */
function useColourScheme(): 'dark' | 'light' {
  const query = typeof matchMedia === 'function' ? matchMedia(DARK) : null;
  const [dark, setDark] = useState(query?.matches ?? false);
  useEffect(() => {
    if (!query) return;
    const changed = (e: MediaQueryListEvent) => setDark(e.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return dark ? 'dark' : 'light';
}

/** A click on a bar or a slice: its dataset (series) and its index within it. */
export type ChartElementClick = (datasetIndex: number, index: number) => void;

/**
 * chart.js' `onClick` (and `onHover`, for the pointer) calling `click` with the element under
 * the pointer (the default interaction: nearest, intersecting), if any.
 */
export function chartClickOptions(click: () => ChartElementClick | undefined): Pick<ChartOptions, 'onClick' | 'onHover'> {
  return {
    onClick: (_event, elements) => {
      const element = elements[0];
      if (element) click()?.(element.datasetIndex, element.index);
    },
    onHover: (event, elements) => {
      const target = event.native?.target;
      if (click() && target instanceof HTMLElement) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
    },
  };
}

function ChartCanvas({ config, label, height, onElement }: { config: ChartConfiguration; label: string; height: number; onElement?: ChartElementClick }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const scheme = useColourScheme();
  // The chart is drawn once per data; a click reaches the latest handler through this ref.
  const handler = useRef<ChartElementClick | undefined>(onElement);
  handler.current = onElement;
  // Redraw only when the data or the colour scheme changes, not on every render of the report.
  const signature = `${config.type}|${scheme}|${JSON.stringify(config.data)}`;
  useEffect(() => {
    if (!canvas.current || !canvas.current.getContext('2d')) return; // no canvas (tests): the tables carry the data
    const coloured = withColours(config, chartColours());
    const chart = new Chart(canvas.current, { ...coloured, options: { ...coloured.options, ...chartClickOptions(() => handler.current) } } as ChartConfiguration);
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
export function BarChart({
  labels,
  series,
  label,
  stacked = false,
  height = 180,
  onBar,
}: {
  labels: string[];
  series: Series[];
  label: string;
  stacked?: boolean;
  height?: number;
  /** A click on a bar (product.md §8 drill-down): its series and bucket indexes. */
  onBar?: ChartElementClick;
}) {
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
  return <ChartCanvas config={config as ChartConfiguration} label={label} height={height} onElement={onBar} />;
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
export function DoughnutChart({ slices, label, height = 180, onSlice }: { slices: readonly Slice[]; label: string; height?: number; onSlice?: (index: number) => void }) {
  return (
    <ChartCanvas config={doughnutConfig(slices) as ChartConfiguration} label={label} height={height} onElement={onSlice ? (_dataset, index) => onSlice(index) : undefined} />
  );
}
