// The product's words for the API's keys (product.md §2–§4), in one place for every view.

const OPEN_SOURCE_LABELS: Record<string, string> = {
  user: 'User',
  contact: 'Contact',
  workflow: 'Workflow',
  api: 'Developer API',
  zapier: 'Zapier',
  make: 'Make',
};

const CLOSE_SOURCE_LABELS: Record<string, string> = {
  ...OPEN_SOURCE_LABELS,
  bot: 'Bot',
  auto_close: 'Auto-close',
  merge: 'Contact merge',
  unknown: 'Unknown',
};

const CONTACT_TYPE_LABELS: Record<string, string> = { new: 'New', returning: 'Returning' };

export function openSourceLabel(source: string | null): string {
  return source ? (OPEN_SOURCE_LABELS[source] ?? source) : '-';
}

export function closeSourceLabel(source: string | null): string {
  return source ? (CLOSE_SOURCE_LABELS[source] ?? source) : '-';
}

export function contactTypeLabel(type: string | null): string {
  return type ? (CONTACT_TYPE_LABELS[type] ?? type) : '-';
}

/** Label of one key of a breakdown component (items may carry their own label, e.g. channels). */
export function breakdownKeyLabel(component: string, key: string, label?: string | null): string {
  if (label) return label;
  if (component.endsWith('_source')) return component.startsWith('opened') ? openSourceLabel(key) : closeSourceLabel(key);
  if (component.endsWith('_contact_type')) return contactTypeLabel(key);
  if (key === '' || key === 'none') return '-';
  return key;
}

/** A person, team or channel reference as shown: its name, else its id, else "-". */
export function refLabel(ref: { id: string; name: string | null } | null | undefined): string {
  if (!ref) return '-';
  return ref.name ?? ref.id;
}

/** A channel by its name, else its kind in words (`web_widget` → "Web widget"), else its id. */
export function channelLabel(channel: { id: string; name: string | null; type: string | null } | null | undefined): string {
  if (!channel) return '-';
  if (channel.name) return channel.name;
  if (channel.type) {
    const words = channel.type.replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return channel.id;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A timestamp as the workspace's wall clock. The API writes timestamps in the workspace's offset
 * (api.md), so the digits are already local: reading them as written needs no zone database.
 * `2026-11-21T09:58:12-06:00` → `21 Nov 2026, 09:58`.
 */
export function formatWorkspaceDateTime(iso: string | null): string {
  if (!iso) return '-';
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(iso);
  if (!m) return iso;
  const date = `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
  return m[4] ? `${date}, ${m[4]}:${m[5]}` : date;
}

/** A report day bucket: `2026-11-15` → `15 Nov`; anything else as it is. */
export function formatDayMonth(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]}` : date;
}

/** Only the date part: `2026-11-21T09:58:12-06:00` → `21 Nov 2026`. */
export function formatWorkspaceDate(iso: string | null): string {
  if (!iso) return '-';
  return formatWorkspaceDateTime(iso.slice(0, 10));
}
