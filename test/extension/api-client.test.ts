// The API client against a stubbed fetch: what it asks for, and what a person is told when it fails.
import { describe, expect, it, vi } from 'vitest';
import { ApiError, apiUrl, createApiClient, describeApiError, type FetchLike } from '../../extension/api';
import { reportSearchParams } from '../../extension/report-query';

const ME = {
  workspace: { id: 'ws_1', name: 'Acme Support', timezone: 'America/Mexico_City', first_response_target_ms: 300000, categories: [], business_hours: null },
  role: 'manager',
  name: 'Maria',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** A fetch that answers every call with a fresh copy of `response` (a body is read once). */
function stub(response: Response | (() => Promise<Response>)) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchImpl: FetchLike = async (url, init) => {
    calls.push({ url, init });
    return typeof response === 'function' ? response() : response.clone();
  };
  return { calls, fetchImpl };
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('API client', () => {
  it('sends the token as a bearer header to the configured server', async () => {
    const { calls, fetchImpl } = stub(json(200, ME));
    const api = createApiClient({ serverUrl: 'https://convolens.example.com/', token: ' tok_123 ' }, fetchImpl);
    const me = await api.me();
    expect(me.workspace.name).toBe('Acme Support');
    expect(calls[0]?.url).toBe('https://convolens.example.com/v1/me');
    expect(new Headers(calls[0]?.init?.headers).get('Authorization')).toBe('Bearer tok_123');
  });

  it('encodes thread and contact ids into the path', async () => {
    const { calls, fetchImpl } = stub(json(200, {}));
    const api = createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl);
    await api.currentInThread('a/b 1');
    await api.contactConversations('c#7', 5);
    await api.conversation('conv:9');
    expect(calls.map((c) => c.url)).toEqual([
      'https://cl.test/v1/threads/a%2Fb%201/current',
      'https://cl.test/v1/contacts/c%237/conversations?limit=5',
      'https://cl.test/v1/conversations/conv%3A9',
    ]);
  });

  it('asks for many threads in one request, comma-separated in the order given', async () => {
    const answer = { threads: [{ thread_id: '1:42', conversation: null }, { thread_id: '2:42', conversation: null }] };
    const { calls, fetchImpl } = stub(json(200, answer));
    const api = createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl);
    await expect(api.currentInThreads(['1:42', '2:42'])).resolves.toEqual(answer);
    expect(calls).toHaveLength(1);
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/v1/threads/current');
    expect(url.searchParams.get('ids')).toBe('1:42,2:42');
  });

  it.each([
    ['no ids', []],
    ['101 ids (api.md: at most 100)', Array.from({ length: 101 }, (_, i) => `1:${i}`)],
    ['an id holding a comma', ['a,b']],
  ])('refuses a bulk request with %s, without asking the server', async (_name, ids) => {
    const { calls, fetchImpl } = stub(json(200, { threads: [] }));
    const api = createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl);
    await expect(api.currentInThreads(ids)).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });

  it('asks for the report and the list with the same period, filters and hours', async () => {
    const { calls, fetchImpl } = stub(json(200, {}));
    const api = createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl);
    const query = {
      period: { from: '2026-11-01', to: '2026-11-15' },
      filters: { category: ['Billing', 'Refunds'], open_channel: ['wa_1'], contact_type: [] },
      hours: 'business' as const,
    };
    await api.report(query);
    await api.list(query, { limit: 50, cursor: 'abc', sort: 'resolution_time_ms', order: 'asc' });
    expect(calls[0]?.url).toBe(
      'https://cl.test/v1/reports/conversations?from=2026-11-01&to=2026-11-15&category=Billing%2CRefunds&open_channel=wa_1&hours=business',
    );
    expect(calls[1]?.url).toBe(
      'https://cl.test/v1/reports/conversations/list?from=2026-11-01&to=2026-11-15&category=Billing%2CRefunds&open_channel=wa_1&hours=business&limit=50&cursor=abc&sort=resolution_time_ms&order=asc',
    );
  });

  it('uses the preset alone when one is chosen and leaves calendar hours implicit', () => {
    expect(reportSearchParams({ period: { preset: 'last_7_days' }, filters: {}, hours: 'calendar' }).toString()).toBe(
      'preset=last_7_days',
    );
  });

  it('downloads the export as a blob with the token', async () => {
    const { calls, fetchImpl } = stub(new Response('conversation_id,contact_id\nc1,k1\n', { status: 200 }));
    const api = createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl);
    const blob = await api.exportCsv({ period: { preset: 'today' }, filters: {}, hours: 'calendar' });
    expect(await blob.text()).toBe('conversation_id,contact_id\nc1,k1\n');
    expect(calls[0]?.url).toBe('https://cl.test/v1/reports/conversations/export.csv?preset=today');
  });

  it('exports what the list shows: its order and its person filter (agent=) on top of the report filters', async () => {
    const { calls, fetchImpl } = stub(new Response('conversation_id\n', { status: 200 }));
    const api = createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl);
    await api.exportCsv({ period: { preset: 'today' }, filters: { category: ['Billing'] }, hours: 'calendar' }, { sort: 'resolution_time_ms', order: 'asc', agent: 'u-ana' });
    expect(calls[0]?.url).toBe('https://cl.test/v1/reports/conversations/export.csv?preset=today&category=Billing&sort=resolution_time_ms&order=asc&agent=u-ana');
  });

  it.each([
    [401, { error: { code: 'unauthorized', message: 'Invalid token' } }, 'unauthorized', 'did not accept the API token'],
    [403, { error: { code: 'forbidden', message: 'Managers only' } }, 'forbidden', 'role does not give access'],
    [404, { error: { code: 'not_found', message: 'Unknown thread' } }, 'not_found', 'does not know'],
    [502, '<html>Bad gateway</html>', 'server_error', 'status 502'],
  ])('status %i → %s, told as "%s"', async (status, body, kind, words) => {
    const { fetchImpl } = stub(
      typeof body === 'string' ? new Response(body, { status }) : json(status, body),
    );
    const error = await failure(createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl).live());
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(describeApiError(error)).toContain(words);
  });

  it('keeps the server error code and message', async () => {
    const { fetchImpl } = stub(json(400, { error: { code: 'invalid_query', message: 'Unknown preset', path: 'preset' } }));
    const error = await failure(createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl).live());
    expect(error.code).toBe('invalid_query');
    expect(describeApiError(error)).toBe('The server could not answer this request: Unknown preset');
  });

  it('calls a network failure unreachable, without the token in the message', async () => {
    const { fetchImpl } = stub(() => Promise.reject(new TypeError('Failed to fetch')));
    const error = await failure(createApiClient({ serverUrl: 'https://down.test', token: 'secret-token' }, fetchImpl).me());
    expect(error.kind).toBe('unreachable');
    expect(describeApiError(error)).toBe('Cannot reach the ConvoLens server. Check the server URL and your connection.');
    expect(JSON.stringify(error) + error.message).not.toContain('secret-token');
  });

  it('does not call the server before it is set up', async () => {
    const fetchImpl = vi.fn<FetchLike>();
    const error = await failure(createApiClient({ serverUrl: '', token: '' }, fetchImpl).me());
    expect(error.kind).toBe('not_configured');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('tells a non-JSON success apart (a wrong server URL)', async () => {
    const { fetchImpl } = stub(new Response('<html>Welcome</html>', { status: 200 }));
    const error = await failure(createApiClient({ serverUrl: 'https://cl.test', token: 't' }, fetchImpl).me());
    expect(error.kind).toBe('bad_response');
  });

  it('joins base URLs with and without a trailing slash', () => {
    expect(apiUrl('https://cl.test/api/', '/v1/me')).toBe('https://cl.test/api/v1/me');
    expect(apiUrl('https://cl.test', '/v1/me', new URLSearchParams())).toBe('https://cl.test/v1/me');
  });
});
