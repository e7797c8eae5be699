import { describe, expect, it } from 'vitest';
import { call, json } from './helpers';

describe('GET /v1/openapi.json', () => {
  it('describes every endpoint, generated from the route definitions', async () => {
    const res = await call('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await json(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('ConvoLens API');
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /v1/admin/workspaces',
        'POST /v1/workspaces/{id}/tokens',
        'POST /v1/workspaces/{id}/secrets',
        'PATCH /v1/workspaces/{id}',
        'GET /v1/me',
        'POST /v1/webhooks/{workspaceId}/{dialect}',
        'GET /v1/conversations/{conversationId}',
        'GET /v1/contacts/{contactId}/conversations',
        'GET /v1/threads/{threadId}/current',
        'GET /v1/live',
        'GET /v1/workspaces/{id}/ingest',
        'GET /v1/admin/workspaces/{id}/ingest',
        'GET /v1/reports/agents',
      ]),
    );
  });

  it('documents the drill-down parameters of the list and the export', async () => {
    const doc = await json(await call('/v1/openapi.json'));
    for (const path of ['/v1/reports/conversations/list', '/v1/reports/conversations/export.csv']) {
      const params = (doc.paths[path].get.parameters as Array<{ name: string; in: string; description?: string }>).filter((p) => p.in === 'query');
      const named = new Map(params.map((p) => [p.name, p.description ?? '']));
      expect(named.get('basis')).toMatch(/opened/);
      expect(named.get('bucket')).toMatch(/range\.buckets/);
      expect(named.get('weekday')).toMatch(/0 = Monday/);
      expect(named.get('hour')).toMatch(/0–23/);
    }
  });
});
