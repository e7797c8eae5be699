// The §3 durations as columns, calendar or business hours (product.md §6: `hours=business`).
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { DURATION_FIELDS, type DurationField } from '../../shared/api';
import type { HoursMode } from '../../shared/report';
import { conversations as c } from '../db/schema';

const CALENDAR: Record<DurationField, SQLiteColumn> = {
  time_to_first_assignment_ms: c.timeToFirstAssignmentMs,
  first_response_time_ms: c.firstResponseTimeMs,
  first_assignment_to_first_response_ms: c.firstAssignmentToFirstResponseMs,
  last_assignment_to_response_ms: c.lastAssignmentToResponseMs,
  resolution_time_ms: c.resolutionTimeMs,
  first_assignment_to_close_ms: c.firstAssignmentToCloseMs,
  last_assignment_to_close_ms: c.lastAssignmentToCloseMs,
  average_response_time_ms: c.averageResponseTimeMs,
  bot_time_ms: c.botTimeMs,
};

const BUSINESS: Record<DurationField, SQLiteColumn> = {
  time_to_first_assignment_ms: c.bhTimeToFirstAssignmentMs,
  first_response_time_ms: c.bhFirstResponseTimeMs,
  first_assignment_to_first_response_ms: c.bhFirstAssignmentToFirstResponseMs,
  last_assignment_to_response_ms: c.bhLastAssignmentToResponseMs,
  resolution_time_ms: c.bhResolutionTimeMs,
  first_assignment_to_close_ms: c.bhFirstAssignmentToCloseMs,
  last_assignment_to_close_ms: c.bhLastAssignmentToCloseMs,
  average_response_time_ms: c.bhAverageResponseTimeMs,
  bot_time_ms: c.bhBotTimeMs,
};

export function durationColumn(field: DurationField, hours: HoursMode): SQLiteColumn {
  return (hours === 'business' ? BUSINESS : CALENDAR)[field];
}

export function isDurationField(name: string): name is DurationField {
  return (DURATION_FIELDS as readonly string[]).includes(name);
}
