// The durations of product.md §3, one entry each: every place that lists them (the model's
// record, the D1 columns in calendar and business hours, the API's fields, the report's timings,
// the list's sort columns, the CSV columns, the extension's labels and help) reads this table, so
// a new duration is one entry here plus its formula in shared/conversation.ts (conversationDurations,
// which TypeScript then requires). Free of any library, so the extension can import it.
// Everything derived from the table (the API's field list, the row mappers) lives with its
// readers, never here, so a test that adds an entry sees it flow through every layer.

/** One duration of product.md §3, and the names it goes by in each layer. */
export interface DurationDefinition<F extends string = string, K extends string = string> {
  /** The API's field (api.md: durations in integer milliseconds, in fields ending `_ms`). */
  field: F;
  /** The model's and the conversation row's property (shared/conversation.ts, worker/db/schema.ts). */
  key: K;
  /** The row's property in business hours (product.md §6). */
  businessKey: `bh${Capitalize<K>}`;
  /** D1 column in calendar milliseconds. */
  column: F;
  /** D1 column in business-hours milliseconds. */
  businessColumn: `bh_${F}`;
  /** The extension's catalogue key of its name (extension/locales/*.yml). */
  labelKey: `duration.${F}`;
  /** The catalogue key of what it measures: the seed's formula, shown on hover (product.md §8). */
  helpKey: `formula.${F}`;
  /** The CSV export's header (product.md §4 "List and export"). */
  csvHeader: string;
}

/** Builds an entry; the other names follow from the field and key by the project's conventions. */
export function duration<F extends `${string}_ms`, K extends `${string}Ms`>(field: F, key: K, csvHeader: string): DurationDefinition<F, K> {
  return {
    field,
    key,
    businessKey: `bh${key.charAt(0).toUpperCase()}${key.slice(1)}` as `bh${Capitalize<K>}`,
    column: field,
    businessColumn: `bh_${field}`,
    labelKey: `duration.${field}`,
    helpKey: `formula.${field}`,
    csvHeader,
  };
}

/** In product.md §3's order: the order of the API's fields, the timings, the list and the CSV. */
export const DURATIONS = [
  duration('time_to_first_assignment_ms', 'timeToFirstAssignmentMs', 'Time to first assignment'),
  duration('first_response_time_ms', 'firstResponseTimeMs', 'First response time'),
  duration('first_assignment_to_first_response_ms', 'firstAssignmentToFirstResponseMs', 'First assignment to first response'),
  duration('last_assignment_to_response_ms', 'lastAssignmentToResponseMs', 'Last assignment to response'),
  duration('resolution_time_ms', 'resolutionTimeMs', 'Resolution time'),
  duration('first_assignment_to_close_ms', 'firstAssignmentToCloseMs', 'First assignment to close'),
  duration('last_assignment_to_close_ms', 'lastAssignmentToCloseMs', 'Last assignment to close'),
  duration('average_response_time_ms', 'averageResponseTimeMs', 'Average response time'),
  // How long a bot held the conversation before its hand-off (events.md §4).
  duration('bot_time_ms', 'botTimeMs', 'Bot time'),
] as const;

export type Duration = (typeof DURATIONS)[number];
export type DurationField = Duration['field'];
export type DurationKey = Duration['key'];
export type BusinessDurationKey = Duration['businessKey'];

/** Every duration of a conversation, by the model's key; null where its inputs do not exist (never 0). */
export type DurationValues = Record<DurationKey, number | null>;
