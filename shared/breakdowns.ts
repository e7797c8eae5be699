// The report's breakdowns (product.md §4: opened by contact type, source and channel; closed by
// category, source and contact type), one entry each. The worker's queries, the API's schema and
// the extension's sections read this table, so a new breakdown is one entry here (and its words
// in the extension's catalogue). Free of any library, so the extension can import it. What is
// derived from the table lives with its readers, so a test that adds an entry sees it everywhere.
import type { FilterParam } from './filters';

export interface BreakdownDefinition {
  /** The component's key in the report (api.md `components`). */
  key: string;
  /** Which conversations it counts: opened in the period, or closed in it (product.md §4). */
  side: 'opened' | 'closed';
  /**
   * The property it counts by, named by the filter that selects it: a click on an item drills
   * into the list with this filter set to the item's key (product.md §8).
   */
  filter: FilterParam;
  /**
   * The key of conversations without the property: `none` ("-", which the filter takes as such),
   * or a word of the vocabulary (a closed conversation without a known source is `unknown`).
   */
  missingKey: string;
  /**
   * How items are named: `vocabulary` (the filter's fixed values, each listed even at zero, in
   * their words), `named` (items carry the name the data gave, e.g. channels), `as_is` (the key).
   */
  items: 'vocabulary' | 'named' | 'as_is';
  /** For `named` items: the row's property holding the name the data gave the key. */
  nameColumn?: string;
  /** Its heading in English (the API's documentation); the extension's words are `titleKey`'s. */
  heading: string;
  /** Catalogue key of the component's heading. */
  titleKey: `component.${string}`;
  /** Catalogue key of the heading of its items' column. */
  itemsKey: `breakdown.${string}`;
}

export const BREAKDOWNS = [
  { key: 'opened_by_contact_type', heading: 'Opened by contact type', side: 'opened', filter: 'contact_type', missingKey: 'none', items: 'vocabulary', titleKey: 'component.opened_by_contact_type', itemsKey: 'breakdown.opened_by_contact_type' },
  { key: 'opened_by_source', heading: 'Opened by source', side: 'opened', filter: 'open_source', missingKey: 'none', items: 'vocabulary', titleKey: 'component.opened_by_source', itemsKey: 'breakdown.opened_by_source' },
  { key: 'opened_by_channel', heading: 'Opened by channel', side: 'opened', filter: 'open_channel', missingKey: 'none', items: 'named', nameColumn: 'openChannelName', titleKey: 'component.opened_by_channel', itemsKey: 'breakdown.opened_by_channel' },
  { key: 'closed_by_category', heading: 'Closed by category', side: 'closed', filter: 'category', missingKey: 'none', items: 'as_is', titleKey: 'component.closed_by_category', itemsKey: 'breakdown.closed_by_category' },
  { key: 'closed_by_source', heading: 'Closed by source', side: 'closed', filter: 'closed_source', missingKey: 'unknown', items: 'vocabulary', titleKey: 'component.closed_by_source', itemsKey: 'breakdown.closed_by_source' },
  { key: 'closed_by_contact_type', heading: 'Closed by contact type', side: 'closed', filter: 'contact_type', missingKey: 'none', items: 'vocabulary', titleKey: 'component.closed_by_contact_type', itemsKey: 'breakdown.closed_by_contact_type' },
] as const satisfies readonly BreakdownDefinition[];

export type Breakdown = (typeof BREAKDOWNS)[number];
export type BreakdownKey = Breakdown['key'];
