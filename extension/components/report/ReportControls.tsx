// The report's period, business-hours switch and filters (product.md §4, §6).
import { useState } from 'preact/hooks';
import type { ReportQuery } from '../../report-query';
import { FILTER_DEFINITIONS, PERIOD_OPTIONS, type Option } from '../../view-models/report';
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
  const rangeError = from && to && from > to ? 'The start date must not be after the end date.' : null;

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
      text: `${f.label}: ${filterOptions[f.param]?.find((o) => o.value === value)?.label ?? value}`,
    })),
  );

  return (
    <div class="report-controls">
      <div class="control-row">
        <label class="inline">
          Period
          <select
            aria-label="Period"
            value={choosingCustom ? CUSTOM : 'preset' in query.period ? query.period.preset : CUSTOM}
            onChange={(e) => setPreset(e.currentTarget.value)}
          >
            {PERIOD_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
            <option value={CUSTOM}>Custom dates</option>
          </select>
        </label>
        {choosingCustom ? (
          <>
            <label class="inline">
              From
              <input type="date" value={from} max={to || undefined} onChange={(e) => setRange(e.currentTarget.value, to)} />
            </label>
            <label class="inline">
              To
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
          Business hours
        </label>
      </div>
      {rangeError ? (
        <p class="error-text" role="alert">
          {rangeError}
        </p>
      ) : null}
      <div class="filters" role="group" aria-label="Filters">
        {FILTER_DEFINITIONS.map((f) => (
          <MultiSelect
            key={f.param}
            id={f.param}
            label={f.label}
            options={filterOptions[f.param] ?? []}
            selected={query.filters[f.param] ?? []}
            onChange={(values) => setFilter(f.param, values)}
            note={f.side === 'closed' ? 'Applies to the closed-side components and the list only.' : undefined}
          />
        ))}
        <button type="button" class="link" disabled={chips.length === 0} onClick={() => onChange({ ...query, filters: {} })}>
          Clear all
        </button>
      </div>
      {chips.length > 0 ? (
        <ul class="chips" aria-label="Selected filters">
          {chips.map((chip) => (
            <li key={`${chip.param}=${chip.value}`}>
              {chip.text}
              <button
                type="button"
                aria-label={`Remove ${chip.text}`}
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
