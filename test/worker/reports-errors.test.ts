// Bad report parameters answer 400 naming the parameter; reports need the manager role; the
// three endpoints are in the OpenAPI document.
import { describe, expect, it } from 'vitest';
import { env } from 'cloudflare:workers';
import { createExecutionContext } from 'cloudflare:test';
import worker from '../../worker/index';
import { BASE, call, createToken, get, json } from './helpers';
import { insertConversations, reportWorkspace } from './reports-helpers';

const REPORT = '/v1/reports/conversations';
const LIST = '/v1/reports/conversations/list';
const EXPORT = '/v1/reports/conversations/export.csv';

describe('bad parameters → 400 {"error": {code, message, path}}', () => {
  it.each([
    [REPORT, 'preset=last_year', 'preset'],
    [REPORT, 'preset=today&from=2026-11-01&to=2026-11-02', 'preset'],
    [REPORT, 'from=2026-11-20&to=2026-11-19', 'to'], // reversed
    [REPORT, 'from=2026-13-01&to=2026-13-02', 'from'], // not a date
    [REPORT, 'from=20261101&to=2026-11-02', 'from'], // malformed
    [REPORT, 'from=2026-11-01', 'to'], // half a range
    [REPORT, 'from=2025-01-01&to=2026-01-02', 'to'], // 367 days: over 366
    [REPORT, 'tz=Mars/Olympus_Mons', 'tz'],
    [REPORT, 'tz=%2B05:00', 'tz'], // offsets are not zones
    [REPORT, 'hours=overtime', 'hours'],
    [REPORT, 'channel=wa', 'channel'], // unknown filter
    [REPORT, 'open_source=carrier_pigeon', 'open_source'],
    [REPORT, 'contact_type=vip', 'contact_type'],
    [LIST, 'sort=mood', 'sort'],
    [LIST, 'order=sideways', 'order'],
    [LIST, 'limit=0', 'limit'],
    [LIST, 'limit=501', 'limit'],
    [LIST, 'limit=ten', 'limit'],
    [LIST, 'cursor=not-a-cursor', 'cursor'],
    [LIST, `cursor=${btoa('["closed_at","desc"]')}`, 'cursor'],
    [EXPORT, 'preset=someday', 'preset'],
    [EXPORT, 'sort=mood', 'sort'],
    [EXPORT, 'closed_by_robot=1', 'closed_by_robot'],
  ])('%s?%s → path %s', async (path, query, param) => {
    const { manager } = await reportWorkspace('America/Mexico_City');
    const res = await get(`${path}?${query}`, manager);
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error).toEqual({ code: expect.any(String), message: expect.any(String), path: param });
  });

  it('a cursor made for another sort is refused', async () => {
    const { ws, manager, report } = await reportWorkspace('UTC');
    const t = Date.parse('2026-11-19T10:00:00Z');
    await insertConversations(ws.id, [0, 1, 2].map((i) => ({ id: `c-${i}`, openedAt: t + i * 60_000 })));
    const page = await report('/v1/reports/conversations/list?from=2026-11-19&to=2026-11-19&limit=1');
    expect(page.next_cursor).toEqual(expect.any(String));
    const res = await get(`${LIST}?from=2026-11-19&to=2026-11-19&limit=1&sort=opened_at&cursor=${page.next_cursor}`, manager);
    expect(res.status).toBe(400);
    expect((await json(res)).error.path).toBe('cursor');
  });
});

describe('roles', () => {
  it.each([REPORT, LIST, EXPORT])('%s: agent → 403, no token → 401, manager and owner → 200', async (path) => {
    const { ws, manager } = await reportWorkspace('UTC');
    const agent = await createToken(ws, 'agent');
    expect((await get(path, agent)).status).toBe(403);
    expect((await call(path)).status).toBe(401);
    expect((await get(path, manager)).status).toBe(200);
    expect((await get(path, ws.ownerToken)).status).toBe(200);
  });
});

describe('one token lookup a request', () => {
  it.each([REPORT, LIST, EXPORT])('%s reads the token and its workspace once, though two route patterns check its role', async (path) => {
    // '/reports/conversations' and '/reports/conversations/*' both match the report's path.
    const { manager } = await reportWorkspace('UTC');
    const statements: string[] = [];
    const DB = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === 'prepare') return (text: string) => (statements.push(text), target.prepare(text));
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const res = await worker.fetch(new Request(`${BASE}${path}`, { headers: { authorization: `Bearer ${manager}` } }), { ...env, DB }, createExecutionContext());
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(statements.filter((text) => text.includes('"api_tokens"'))).toHaveLength(1);
    // The workspace comes with the token, not from a round trip of its own.
    expect(statements.filter((text) => text.includes('from "workspaces"'))).toHaveLength(0);
  });
});

describe('OpenAPI', () => {
  it('documents the three report endpoints with their parameters', async () => {
    const doc = await json(await call('/v1/openapi.json'));
    const report = doc.paths['/v1/reports/conversations']?.get;
    expect(report).toBeDefined();
    const params = report.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['preset', 'from', 'to', 'tz', 'hours', 'closed_source', 'first_assignee', 'contact', 'conversation_id']));
    expect(report.responses['200'].content['application/json'].schema).toBeDefined();
    const list = doc.paths['/v1/reports/conversations/list']?.get;
    expect(list.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor', 'sort', 'order']));
    expect(doc.paths['/v1/reports/conversations/export.csv']?.get.responses['200'].content['text/csv']).toBeDefined();
    // first_assignee / last_assignee document the `unassigned` value.
    expect(report.parameters.find((p: any) => p.name === 'last_assignee').description).toMatch(/unassigned/);
  });
});
