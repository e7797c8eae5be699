// The report's period, business-hours switch and filters (product.md §4, §6).
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReportQuery } from '../../report-query';
import { t } from '../../i18n';
import { FILTER_DEFINITIONS, filterLabel, periodOptions, type Option } from '../../view-models/report';
import { MultiSelect } from './MultiSelect';

const CUSTOM = 'custom';

/** `YYYY-MM-DD` of a local date. */
export function isoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface ReportControlsProps {
  query: ReportQuery;
  onChange(query: ReportQuery): void;
  filterOptions: Record<string, Option[]>;
}

export function ReportControls({ query, onChange, filterOptions }: ReportControlsProps) {
  const custom = 'from' in query.period ? query.period : null;
  const [from, setFrom] = useState(custom?.from ?? isoDate(new Date(Date.now() - 6 * 86_400_000)));
  const [to, setTo] = useState(custom?.to ?? isoDate(new Date()));
  const [choosingCustom, setChoosingCustom] = useState(custom !== null);
  // The one filter whose values are shown; a click anywhere else closes it.
  const [openFilter, setOpenFilter] = useState<string | null>(null);
  const filtersRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!openFilter) return;
    const closeOutside = (event: Event) => {
      const open = filtersRef.current?.querySelector(`[data-filter="${openFilter}"]`);
      if (open && event.target instanceof Node && !open.contains(event.target)) setOpenFilter(null);
    };
    document.addEventListener('mousedown', closeOutside);
    return () => document.removeEventListener('mousedown', closeOutside);
  }, [openFilter]);
  const rangeError = from && to && from > to ? t('controls.rangeError') : null;

  const setPreset = (value: string) => {
    if (value === CUSTOM) {
      setChoosingCustom(true);
      if (from && to && from <= to) onChange({ ...query, period: { from, to } });
      return;
    }
    setChoosingCustom(false);
    onChange({ ...query, period: { preset: value } });
  };
  const setRange = (nextFrom: string, nextTo: string) => {
    setFrom(nextFrom);
    setTo(nextTo);
    if (nextFrom && nextTo && nextFrom <= nextTo) onChange({ ...query, period: { from: nextFrom, to: nextTo } });
  };
  const setFilter = (param: string, values: string[]) => {
    const filters = { ...query.filters, [param]: values };
    if (values.length === 0) delete filters[param];
    onChange({ ...query, filters });
  };
  const chips = FILTER_DEFINITIONS.flatMap((f) =>
    (query.filters[f.param] ?? []).map((value) => ({
      param: f.param,
      value,
      text: `${filterLabel(f.param)}: ${filterOptions[f.param]?.find((o) => o.value === value)?.label ?? value}`,
    })),
  );

  return (
    <div class="report-controls">
      <div class="control-row">
        <label class="inline">
          {t('controls.period')}
          <select
            aria-label={t('controls.period')}
            value={choosingCustom ? CUSTOM : 'preset' in query.period ? query.period.preset : CUSTOM}
            onChange={(e) => setPreset(e.currentTarget.value)}
          >
            {periodOptions().map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
            <option value={CUSTOM}>{t('controls.customDates')}</option>
          </select>
        </label>
        {choosingCustom ? (
          <>
            <label class="inline">
              {t('controls.from')}
              <input type="date" value={from} max={to || undefined} onChange={(e) => setRange(e.currentTarget.value, to)} />
            </label>
            <label class="inline">
              {t('controls.to')}
              <input type="date" value={to} min={from || undefined} onChange={(e) => setRange(from, e.currentTarget.value)} />
            </label>
          </>
        ) : null}
        <label class="inline switch">
          <input
            type="checkbox"
            role="switch"
            checked={query.hours === 'business'}
            onChange={(e) => onChange({ ...query, hours: e.currentTarget.checked ? 'business' : 'calendar' })}
          />
          {t('controls.businessHours')}
        </label>
      </div>
      {rangeError ? (
        <p class="error-text" role="alert">
          {rangeError}
        </p>
      ) : null}
      <div class="filters" role="group" aria-label={t('controls.filters')} ref={filtersRef}>
        {FILTER_DEFINITIONS.map((f) => (
          <MultiSelect
            key={f.param}
            id={f.param}
            label={filterLabel(f.param)}
            options={filterOptions[f.param] ?? []}
            selected={query.filters[f.param] ?? []}
            onChange={(values) => setFilter(f.param, values)}
            note={f.side === 'closed' ? t('controls.closedSideNote') : undefined}
            open={openFilter === f.param}
            onOpenChange={(open) => setOpenFilter(open ? f.param : null)}
          />
        ))}
        <button type="button" class="link" disabled={chips.length === 0} onClick={() => {
            setOpenFilter(null);
            onChange({ ...query, filters: {} });
          }}>
          {t('controls.clearAll')}
        </button>
      </div>
      {chips.length > 0 ? (
        <ul class="chips" aria-label={t('controls.selectedFilters')}>
          {chips.map((chip) => (
            <li key={`${chip.param}=${chip.value}`}>
              {chip.text}
              <button
                type="button"
                aria-label={t('action.removeItem', { item: chip.text })}
                onClick={() => setFilter(chip.param, (query.filters[chip.param] ?? []).filter((v) => v !== chip.value))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
