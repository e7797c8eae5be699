// The one error shape of the API (api.md): {"error": {"code", "message", "path"?}}.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ValidationIssue } from '../shared/events';

export class ApiError extends Error {
  /** Seconds a client should wait before retrying (503 answers send it as Retry-After). */
  retryAfterSec?: number;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, path?: string) {
  return { error: { code, message, ...(path !== undefined && path !== '' ? { path } : {}) } };
}

export function errorResponse(c: Context, err: ApiError): Response {
  if (err.retryAfterSec !== undefined) c.header('Retry-After', String(err.retryAfterSec));
  return c.json(errorBody(err.code, err.message, err.path), err.status);
}

/** A validation failure naming its first offending field; the message lists every issue. */
export function validationError(issues: ValidationIssue[], code = 'invalid_request', status: ContentfulStatusCode = 400): ApiError {
  const first = issues[0] ?? { path: '', message: 'invalid input' };
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  return new ApiError(status, code, message, first.path);
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** Storage could not take the request now; nothing of it was kept, and the source should retry. */
export function unavailable(message: string, retryAfterSec = 5): ApiError {
  const err = new ApiError(503, 'unavailable', message);
  err.retryAfterSec = retryAfterSec;
  return err;
}
