// The report's filters (product.md §4 "Filters"), one entry each: the query parser and the
// applicability rule (shared/report.ts), the SQL (worker/db/report-filters.ts), the rollups
// (worker/db/rollups.ts), the OpenAPI document and the extension's filter bar read this table, so a
// new filter is one entry here (and its words in the extension's catalogue). Values within one
// filter are OR-ed, different filters AND-ed. Free of any library, so the extension can import it.
import { CLOSE_SOURCES, OPEN_SOURCES } from './vocabulary';

/**
 * How a filter matches a conversation row. Columns are the row's properties
 * (worker/db/schema.ts `conversations`; worker/db/report-filters.ts checks them at compile time).
 * - `equals`: the column is one of the values;
 * - `value_or_none`: the same, and `none` matches rows without a value (the breakdowns' "-" item);
 * - `assignee`: user ids, and `unassigned` matches an assignment that was an unassignment
 *   (`at` set, assignee null; product.md §3 "Unassigned");
 * - `sender`: ids, and a sender without an id (an echo) by its type, as the API reports it;
 * - `contact`: contact ids, or parts of the contact's name (case-insensitive).
 */
export type FilterMatch =
  | { kind: 'equals'; column: string }
  | { kind: 'value_or_none'; column: string }
  | { kind: 'assignee'; column: string; at: string }
  | { kind: 'sender'; column: string; type: string }
  | { kind: 'contact'; column: string; name: string };

/** The value that selects rows without the property, per kind of match (api.md filters). */
export const NONE_VALUES = { value_or_none: 'none', assignee: 'unassigned' } as const;

export const CONTACT_TYPES = ['new', 'returning'] as const;

export interface FilterDefinition {
  param: string;
  /** Its name in English as the seed's filter menu says it (the API's documentation). */
  label: string;
  /**
   * 'opened': describes how the conversation opened, so every component accepts it.
   * 'closed': known only once closed, so only closed-side components accept it.
   */
  side: 'opened' | 'closed';
  match: FilterMatch;
  /** A fixed vocabulary; without one, values are ids or free text. */
  values?: readonly string[];
  /** Catalogue prefix of the vocabulary's words (`source.user`, `contactType.new`). */
  valueLabels?: 'source' | 'contactType';
  /** Catalogue key of the filter's name (extension/locales/*.yml). */
  labelKey: `filter.${string}`;
  /** Catalogue key of the words for its "none" value (NONE_VALUES), where its match has one. */
  noneLabelKey?: string;
  /** The report's rollups are keyed by its column (shared/rollups.ts), so they answer it without the rows. */
  inRollups?: true;
}

/** The twelve filters of product.md §4, in spec order, labelled as in the seed's filter menu. */
export const FILTERS = [
  { param: 'closed_source', label: 'Closed source', side: 'closed', match: { kind: 'equals', column: 'closedSource' }, values: CLOSE_SOURCES, valueLabels: 'source', labelKey: 'filter.closed_source', inRollups: true },
  { param: 'first_assignee', label: 'First assignee', side: 'closed', match: { kind: 'assignee', column: 'firstAssigneeId', at: 'firstAssignmentAt' }, labelKey: 'filter.first_assignee', noneLabelKey: 'person.unassigned' },
  { param: 'first_response_by', label: 'First response by', side: 'closed', match: { kind: 'sender', column: 'firstResponseById', type: 'firstResponseByType' }, labelKey: 'filter.first_response_by' },
  { param: 'last_assignee', label: 'Last assignee', side: 'closed', match: { kind: 'assignee', column: 'lastAssigneeId', at: 'lastAssignmentAt' }, labelKey: 'filter.last_assignee', noneLabelKey: 'person.unassigned' },
  { param: 'closed_by_team', label: 'Closed by team', side: 'closed', match: { kind: 'equals', column: 'closedByTeamId' }, labelKey: 'filter.closed_by_team' },
  { param: 'closed_by_user', label: 'Closed by user', side: 'closed', match: { kind: 'equals', column: 'closedById' }, labelKey: 'filter.closed_by_user' },
  { param: 'category', label: 'Category', side: 'closed', match: { kind: 'value_or_none', column: 'category' }, labelKey: 'filter.category', noneLabelKey: 'filter.noCategory', inRollups: true },
  { param: 'open_channel', label: 'Open channel', side: 'opened', match: { kind: 'value_or_none', column: 'openChannelId' }, labelKey: 'filter.open_channel', noneLabelKey: 'filter.noChannel', inRollups: true },
  { param: 'open_source', label: 'Open source', side: 'opened', match: { kind: 'equals', column: 'openSource' }, values: OPEN_SOURCES, valueLabels: 'source', labelKey: 'filter.open_source', inRollups: true },
  { param: 'contact_type', label: 'Contact type', side: 'opened', match: { kind: 'equals', column: 'contactType' }, values: CONTACT_TYPES, valueLabels: 'contactType', labelKey: 'filter.contact_type', inRollups: true },
  { param: 'contact', label: 'Contact', side: 'opened', match: { kind: 'contact', column: 'contactId', name: 'contactName' }, labelKey: 'filter.contact' },
  { param: 'conversation_id', label: 'Conversation ID', side: 'opened', match: { kind: 'equals', column: 'id' }, labelKey: 'filter.conversation_id' },
] as const satisfies readonly FilterDefinition[];
export type Filter = (typeof FILTERS)[number];
export type FilterParam = Filter['param'];

/** The filters' query parameters, in the table's order. */
export const FILTER_PARAMS = FILTERS.map((f) => f.param) as unknown as ParamsOf<typeof FILTERS>;
type ParamsOf<T extends readonly Filter[]> = { readonly [I in keyof T]: T[I] extends { param: infer P } ? P : never };

/** Selected filter values by parameter; an absent or empty list means "not filtered". */
export type ReportFilters = Partial<Record<FilterParam, string[]>>;

const FILTER_BY_PARAM = new Map<string, FilterDefinition>(FILTERS.map((f) => [f.param, f]));

/** A filter's definition by its query parameter. */
export function filterDefinition(param: FilterParam): FilterDefinition {
  return FILTER_BY_PARAM.get(param)!;
}
