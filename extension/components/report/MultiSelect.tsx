// A multi-select filter: the known values as checkboxes, plus any value typed in (ids of
// people, teams or contacts the report has not shown yet).
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import type { Option } from '../../view-models/report';

export interface MultiSelectProps {
  id: string;
  label: string;
  options: readonly Option[];
  selected: readonly string[];
  onChange(values: string[]): void;
  /** Greyed out with a hint: the filter does not apply to any component shown. */
  note?: string;
  /** Open or closed is the parent's: one filter open at a time, closed by Escape, a click outside or Clear all. */
  open: boolean;
  onOpenChange(open: boolean): void;
}

export function MultiSelect({ id, label, options, selected, onChange, note, open, onOpenChange }: MultiSelectProps) {
  const [typed, setTyped] = useState('');
  const known = new Set(options.map((o) => o.value));
  const all = [...options, ...selected.filter((v) => !known.has(v)).map((v) => ({ value: v, label: v }))];
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected.filter((v) => v !== value), value] : selected.filter((v) => v !== value));
  const addTyped = () => {
    const value = typed.trim();
    if (value && !selected.includes(value)) onChange([...selected, value]);
    setTyped('');
  };
  return (
    <details
      class="multi-select"
      data-filter={id}
      open={open}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open) return;
        e.preventDefault();
        onOpenChange(false);
        (e.currentTarget as HTMLElement).querySelector('summary')?.focus();
      }}
    >
      <summary
        onClick={(e) => {
          e.preventDefault();
          onOpenChange(!open);
        }}
      >
        {label}
        {selected.length > 0 ? <span class="count"> ({selected.length})</span> : null}
      </summary>
      <fieldset>
        <legend class="visually-hidden">{label}</legend>
        {note ? <p class="hint">{note}</p> : null}
        <div class="options">
          {all.length === 0 ? <p class="hint">{t('controls.noValues')}</p> : null}
          {all.map((option) => (
            <label key={option.value} class="option">
              <input
                type="checkbox"
                checked={selected.includes(option.value)}
                onChange={(e) => toggle(option.value, e.currentTarget.checked)}
              />
              {option.label}
            </label>
          ))}
        </div>
        <div class="add-value">
          <input
            type="text"
            aria-label={t('controls.addValueOf', { filter: label })}
            placeholder={t('controls.addValue')}
            value={typed}
            onInput={(e) => setTyped(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                addTyped();
              }
            }}
          />
          <button type="button" onClick={addTyped}>
            {t('action.add')}
          </button>
        </div>
      </fieldset>
    </details>
  );
}
