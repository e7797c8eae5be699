// Every report endpoint declares the one report query schema (shared/report-query.ts): the
// OpenAPI document lists, for each, every parameter the schema has (the period, the zone, the
// hours, each filter of shared/filters.ts, the list's paging and person/target filters), each
// described; and each endpoint refuses a bad value at the parameter's name.
import { describe, expect, it } from 'vitest';
import { FILTERS } from '../../shared/filters';
import { reportQuerySchema } from '../../shared/report-query';
import { call, get, json } from './helpers';
import { reportWorkspace } from './reports-helpers';

const REPORT_PATHS = [
  '/v1/reports/conversations',
  '/v1/reports/conversations/list',
  '/v1/reports/conversations/export.csv',
  '/v1/reports/opened-heatmap',
  '/v1/reports/agents',
];

describe('the report query schema', () => {
  it('documents the same parameters on every report endpoint, each described', async () => {
    const doc = await json(await call('/v1/openapi.json'));
    const expected = Object.keys(reportQuerySchema.shape).sort();
    // 5 period parameters + 12 filters + 10 list and drill-down parameters.
    expect(expected).toHaveLength(27);
    expect(expected).toEqual(expect.arrayContaining(FILTERS.map((f) => f.param)));
    for (const path of REPORT_PATHS) {
      const parameters = doc.paths[path]?.get?.parameters as Array<{ name: string; in: string; description?: string; required?: boolean }>;
      expect(parameters, path).toBeDefined();
      expect(parameters.map((p) => p.name).sort(), path).toEqual(expected);
      for (const p of parameters) {
        expect([p.in, p.required ?? false], `${path} ${p.name}`).toEqual(['query', false]);
        expect(p.description, `${path} ${p.name}`).toEqual(expect.any(String));
      }
    }
  });

  it("describes each filter from its entry: side, vocabulary, and the value that means none", async () => {
    const doc = await json(await call('/v1/openapi.json'));
    const described = Object.fromEntries(
      (doc.paths['/v1/reports/conversations'].get.parameters as Array<{ name: string; description: string }>).map((p) => [p.name, p.description]),
    );
    expect(described.closed_source).toMatch(/closed-side components only.*user, bot, workflow, api, zapier, make, auto_close, merge, unknown/);
    expect(described.contact_type).toMatch(/every component.*new, returning/);
    expect(described.category).toMatch(/`none`/);
    expect(described.first_assignee).toMatch(/`unassigned`/);
  });

  it.each(REPORT_PATHS)('%s refuses a bad filter value, a bad list parameter and an unknown parameter by name', async (path) => {
    const { manager } = await reportWorkspace('UTC');
    for (const [query, param] of [
      ['contact_type=vip', 'contact_type'],
      ['sort=mood', 'sort'],
      ['shoe_size=44', 'shoe_size'],
    ] as const) {
      const res = await get(`${path}?${query}`, manager);
      expect(res.status, `${path}?${query}`).toBe(400);
      expect((await json(res)).error.path).toBe(param);
    }
  });
});
