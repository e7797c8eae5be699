// The typed client of the ConvoLens HTTP API (api.md). Response types come from shared/api.ts
// by `import type` only: the schemas there are zod, and zod stays out of the extension's
// bundles. The token goes in the Authorization header to the configured server and nowhere else.
import type {
  AgentsResponse,
  ContactConversationsResponse,
  ConversationResponse,
  ThreadsCurrentResponse,
  ErrorResponse,
  ListResponse,
  LiveResponse,
  MeResponse,
  OpenedHeatmapResponse,
  ReportResponse,
} from '../shared/api';
import { MAX_THREADS_PER_REQUEST } from '../shared/vocabulary';
import { t } from './i18n';
import { reportSearchParams, type ListPage, type ReportQuery } from './report-query';
import { drillDownSearchParams } from './view-models/drill-down';
import { apiTokenItem, serverUrlItem } from './storage';

export interface ApiConfig {
  /** Base URL of the worker, e.g. `https://convolens.example.com`. */
  serverUrl: string;
  token: string;
}

/** What went wrong, in the terms a screen needs to choose its message. */
export type ApiErrorKind =
  | 'not_configured' // no server URL or token yet
  | 'unreachable' // network error, DNS, CORS, timeout
  | 'unauthorized' // 401: wrong or revoked token
  | 'forbidden' // 403: the role may not see this
  | 'not_found' // 404: unknown to the server
  | 'bad_request' // other 4xx
  | 'server_error' // 5xx
  | 'bad_response'; // a 2xx that is not the expected JSON

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | null;
  readonly code: string | null;

  constructor(kind: ApiErrorKind, message: string, status: number | null = null, code: string | null = null) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
  }
}

/** The error in plain words for a person, whatever screen shows it. */
export function describeApiError(error: unknown): string {
  if (!(error instanceof ApiError)) return t('error.unknown');
  switch (error.kind) {
    case 'not_configured':
      return t('setup.notConfigured');
    case 'unreachable':
      return t('error.unreachable');
    case 'unauthorized':
      return t('error.unauthorized');
    case 'forbidden':
      return t('error.forbidden');
    case 'not_found':
      return t('error.notFound');
    case 'bad_request':
      // The server's own message names the field (api.md errors); it is English, as the API is.
      return t('error.badRequest', { detail: error.message });
    case 'server_error':
      return t('error.serverError', { status: error.status ?? '?' });
    case 'bad_response':
      return t('error.badResponse');
  }
}

const REQUEST_TIMEOUT_MS = 20_000;

/** Join the base URL and an API path; a trailing slash on the base is tolerated. */
export function apiUrl(serverUrl: string, path: string, params?: URLSearchParams): string {
  const base = serverUrl.trim().replace(/\/+$/, '');
  const query = params && [...params.keys()].length > 0 ? `?${params.toString()}` : '';
  return `${base}${path}${query}`;
}

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status >= 500) return 'server_error';
  return 'bad_request';
}

async function errorFromResponse(response: Response): Promise<ApiError> {
  let code: string | null = null;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as Partial<ErrorResponse>;
    if (body.error && typeof body.error.message === 'string') {
      message = body.error.message;
      code = typeof body.error.code === 'string' ? body.error.code : null;
    }
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return new ApiError(kindOfStatus(response.status), message, response.status, code);
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClient {
  me(): Promise<MeResponse>;
  conversation(conversationId: string): Promise<ConversationResponse>;
  /** The open (or else the latest) conversation of a thread. */
  currentInThread(threadId: string): Promise<ConversationResponse>;
  /**
   * The same for up to 100 threads in one request (api.md), in the order asked. Ids are
   * comma-separated in the query, so an id holding a comma cannot be asked this way.
   */
  currentInThreads(threadIds: readonly string[]): Promise<ThreadsCurrentResponse>;
  contactConversations(contactId: string, limit?: number): Promise<ContactConversationsResponse>;
  live(): Promise<LiveResponse>;
  report(query: ReportQuery): Promise<ReportResponse>;
  /** The opened heatmap alone (the side panel's). */
  openedHeatmap(query: ReportQuery): Promise<OpenedHeatmapResponse>;
  list(query: ReportQuery, page: ListPage): Promise<ListResponse>;
  /** The whole filtered list as CSV: the list's order, person and drill-down. */
  exportCsv(query: ReportQuery, listed?: ListOrderAndPerson): Promise<Blob>;
  /** Team performance (product.md §7); an agent's token gets their own row only. */
  agents(query: ReportQuery): Promise<AgentsResponse>;
}

/** What the list and its CSV export share beyond the report's query: the order, the person and the drill-down. */
export type ListOrderAndPerson = Pick<ListPage, 'sort' | 'order' | 'agent' | 'drill'>;

/** Adds the list's order and person filter to a report query (api.md list; the export takes the same). */
function withListParams(params: URLSearchParams, listed: ListOrderAndPerson): URLSearchParams {
  if (listed.sort) params.set('sort', listed.sort);
  if (listed.order) params.set('order', listed.order);
  if (listed.agent) params.set('agent', listed.agent);
  return params;
}

export function createApiClient(config: ApiConfig, fetchImpl: FetchLike = (input, init) => fetch(input, init)): ApiClient {
  async function send(path: string, params?: URLSearchParams, accept = 'application/json'): Promise<Response> {
    if (!config.serverUrl.trim() || !config.token.trim()) {
      throw new ApiError('not_configured', 'Server URL or API token missing');
    }
    let response: Response;
    try {
      response = await fetchImpl(apiUrl(config.serverUrl, path, params), {
        method: 'GET',
        headers: { Authorization: `Bearer ${config.token.trim()}`, Accept: accept },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (cause) {
      // fetch only rejects for network-level failures (and our timeout); never echo the request.
      const reason = cause instanceof Error && cause.name === 'TimeoutError' ? 'timed out' : 'network error';
      throw new ApiError('unreachable', `Request ${reason}`);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  async function getJson<T>(path: string, params?: URLSearchParams): Promise<T> {
    const response = await send(path, params);
    try {
      return (await response.json()) as T;
    } catch {
      throw new ApiError('bad_response', 'Response is not JSON', response.status);
    }
  }

  const enc = encodeURIComponent;
  return {
    me: () => getJson('/v1/me'),
    conversation: (id) => getJson(`/v1/conversations/${enc(id)}`),
    currentInThread: (threadId) => getJson(`/v1/threads/${enc(threadId)}/current`),
    currentInThreads: async (threadIds) => {
      if (threadIds.length === 0 || threadIds.length > MAX_THREADS_PER_REQUEST) {
        throw new RangeError(`between 1 and ${MAX_THREADS_PER_REQUEST} thread ids per request, got ${threadIds.length}`);
      }
      if (threadIds.some((id) => id.includes(','))) throw new RangeError('a thread id with a comma cannot be asked in bulk');
      return getJson('/v1/threads/current', new URLSearchParams({ ids: threadIds.join(',') }));
    },
    contactConversations: (contactId, limit = 10) =>
      getJson(`/v1/contacts/${enc(contactId)}/conversations`, new URLSearchParams({ limit: String(limit) })),
    live: () => getJson('/v1/live'),
    report: (query) => getJson('/v1/reports/conversations', reportSearchParams(query)),
    openedHeatmap: (query) => getJson('/v1/reports/opened-heatmap', reportSearchParams(query)),
    list: (query, page) => {
      const params = drillDownSearchParams(query, page.drill ?? null);
      params.set('limit', String(page.limit));
      if (page.cursor) params.set('cursor', page.cursor);
      return getJson('/v1/reports/conversations/list', withListParams(params, page));
    },
    exportCsv: async (query, listed = {}) => {
      const params = withListParams(drillDownSearchParams(query, listed.drill ?? null), listed);
      const response = await send('/v1/reports/conversations/export.csv', params, 'text/csv');
      return response.blob();
    },
    agents: (query) => getJson('/v1/reports/agents', reportSearchParams(query)),
  };
}

/** A client with the server URL and token the user saved (extension pages and background only). */
export async function storedApiClient(fetchImpl?: FetchLike): Promise<ApiClient> {
  const [serverUrl, token] = await Promise.all([serverUrlItem.getValue(), apiTokenItem.getValue()]);
  return createApiClient({ serverUrl, token }, fetchImpl);
}
