import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

describe('GET /v1/openapi.json', () => {
  it('publishes an OpenAPI 3.1 document', async () => {
    const res = await exports.default.fetch('http://convolens.test/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; info: { title: string } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('ConvoLens API');
  });
});
