// One report component in one of its three states (product.md §4): ok with its data, or the
// message for `not_applicable` / `no_data`.
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { ComponentStatus } from '../../shared/api';
import { t } from '../i18n';

/** Whether the report shown has any filter selected (ReportView provides it). */
export const FilteredContext = createContext(true);

/**
 * The seed's two messages (product.md §4), in the current language. With no filter selected an
 * empty component is an empty period ("nothing yet"), not a matter of filters.
 */
export function statusMessage(status: Exclude<ComponentStatus, 'ok'>, filtered = true): string {
  if (status === 'not_applicable') return t('status.notApplicable');
  return filtered ? t('status.noData') : t('status.emptyPeriod');
}

export function StatusMessage({ status }: { status: Exclude<ComponentStatus, 'ok'> }) {
  const filtered = useContext(FilteredContext);
  return (
    <p class={`component-state state-${status}`} role="status">
      {statusMessage(status, filtered)}
    </p>
  );
}

export interface ReportSectionProps<T extends { status: ComponentStatus }> {
  heading: string;
  /** Anchor id, so a heading can be linked to. */
  id: string;
  component: T;
  children: (ok: Extract<T, { status: 'ok' }>) => ComponentChildren;
  /** Shown next to the heading (e.g. a toggle), only when the component is ok. */
  actions?: (ok: Extract<T, { status: 'ok' }>) => ComponentChildren;
}

/** A report card: its heading, then its data or its state's message. */
export function ReportSection<T extends { status: ComponentStatus }>({ heading, id, component, children, actions }: ReportSectionProps<T>) {
  const ok = component.status === 'ok' ? (component as Extract<T, { status: 'ok' }>) : null;
  return (
    <section class="card report-section" aria-labelledby={`${id}-heading`} data-component={id} data-status={component.status}>
      <header class="card-header">
        <h2 id={`${id}-heading`}>{heading}</h2>
        {ok && actions ? actions(ok) : null}
      </header>
      {ok ? children(ok) : <StatusMessage status={component.status as Exclude<ComponentStatus, 'ok'>} />}
    </section>
  );
}
