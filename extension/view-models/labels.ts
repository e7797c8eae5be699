// The product's words for the API's keys (product.md §2–§4), in one place for every view.
import { channelDisplayName } from '../../shared/channels';
import { BREAKDOWNS, type BreakdownKey } from '../../shared/breakdowns';
import { filterDefinition, NONE_VALUES, type FilterDefinition, type FilterParam } from '../../shared/filters';
import { formatWallClock, t } from '../i18n';

// product.md §2's sources: the seeds name user, contact, workflow, API, Zapier, Make and bot;
// auto-close, contact merge and unknown are ConvoLens' own.
const SOURCES = ['user', 'contact', 'workflow', 'api', 'zapier', 'make', 'bot', 'auto_close', 'merge', 'unknown'] as const;
type SourceKey = (typeof SOURCES)[number];
const isSource = (key: string): key is SourceKey => (SOURCES as readonly string[]).includes(key);

/** A source key in words; a key the catalogue lacks stays as sent. */
export function sourceLabel(source: string | null): string {
  if (!source) return '-';
  return isSource(source) ? t(`source.${source}`) : source;
}

export const openSourceLabel = sourceLabel;
export const closeSourceLabel = sourceLabel;

export function contactTypeLabel(type: string | null): string {
  if (type === 'new' || type === 'returning') return t(`contactType.${type}`);
  return type ?? '-';
}

/** A value of a filter's fixed vocabulary in words (shared/filters.ts `valueLabels`). */
export function vocabularyLabel(vocabulary: NonNullable<FilterDefinition['valueLabels']>, key: string): string {
  return vocabulary === 'source' ? sourceLabel(key) : contactTypeLabel(key);
}

/**
 * Label of one item of a breakdown (shared/breakdowns.ts `items`): the name the item carries
 * (channels), its filter's vocabulary in words (sources, contact types), or the key ("-" for none).
 */
export function breakdownKeyLabel(component: BreakdownKey, key: string, label?: string | null): string {
  if (label) return label;
  const breakdown = BREAKDOWNS.find((b) => b.key === component)!;
  const vocabulary = filterDefinition(breakdown.filter as FilterParam).valueLabels;
  if (breakdown.items === 'vocabulary' && vocabulary) return vocabularyLabel(vocabulary, key);
  if (key === '' || key === NONE_VALUES.value_or_none) return '-';
  return key;
}

/** A person, team or channel reference as shown: its name, else its id, else "-". */
export function refLabel(ref: { id: string; name: string | null } | null | undefined): string {
  if (!ref) return '-';
  return ref.name ?? ref.id;
}

/** A channel by the one name every view gives it (shared/channels.ts; the API sends the directory's). */
export function channelLabel(channel: { id: string; name: string | null; type: string | null } | null | undefined): string {
  if (!channel) return '-';
  return channelDisplayName({ id: channel.id, name: channel.name, kind: channel.type });
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/;

/**
 * A timestamp as the workspace's wall clock, in the current language. The API writes timestamps
 * in the workspace's offset (api.md), so the digits are already local: reading them as written
 * needs no zone database. `2026-11-21T09:58:12-06:00` → `Nov 21, 2026, 09:58` / `21 nov 2026, 09:58`.
 */
export function formatWorkspaceDateTime(iso: string | null): string {
  if (!iso) return '-';
  const m = DATE_TIME.exec(iso);
  if (!m) return iso;
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (!m[4]) return formatWallClock(parts, { day: 'numeric', month: 'short', year: 'numeric' });
  return formatWallClock(
    { ...parts, hour: Number(m[4]), minute: Number(m[5]) },
    { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  );
}

/**
 * A timestamp with its zone, where the reader may be elsewhere (the side panel): the workspace's
 * offset as the API wrote it. `2026-11-21T09:58:12-06:00` → `Nov 21, 2026, 09:58 (UTC−06:00)`.
 */
export function formatWorkspaceDateTimeWithZone(iso: string | null): string {
  if (!iso) return '-';
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  const zone = offset ? `UTC${offset[1] === '-' ? '−' : '+'}${offset[2]}:${offset[3]}` : 'UTC';
  return `${formatWorkspaceDateTime(iso)} (${zone})`;
}

/** A report day bucket: `2026-11-15` → `Nov 15` / `15 nov`; anything else as it is. */
export function formatDayMonth(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  return formatWallClock({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, { day: 'numeric', month: 'short' });
}

/** Only the date part: `2026-11-21T09:58:12-06:00` → `Nov 21, 2026`. */
export function formatWorkspaceDate(iso: string | null): string {
  if (!iso) return '-';
  return formatWorkspaceDateTime(iso.slice(0, 10));
}
