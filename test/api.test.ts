import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

/** The document's operations, as far as these tests read them (its paths are open JSON in the reply schema). */
type OpenApiJson = ApiReply<'/api/openapi.json'> & { paths: Record<string, Record<string, { 'x-signpost-access'?: unknown; requestBody?: unknown }>> };

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => t?.close());

describe('platform', () => {
  it('reports health with the database kind', async () => {
    const res = await t.request<ApiReply<'/api/health'>>('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(['pglite', 'postgres']).toContain(res.body.database);
  });

  it('serves an OpenAPI document listing the routes with who may call them', async () => {
    const res = await t.request<OpenApiJson>('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/api/directory/services/{id}'].patch['x-signpost-access']).toEqual(['dos_lead', 'admin', 'provider_staff']);
    expect(res.body.paths['/api/directory/services'].post.requestBody).toBeDefined();
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await t.request<ErrorReply>('GET', '/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('rejects malformed JSON with a 400 naming the problem', async () => {
    const res = await t.request<ErrorReply>('POST', '/api/directory/services', { as: 'doslead', body: '{"reason": ' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('serves reference data without sign-in', async () => {
    const res = await t.request<ApiReply<'/api/reference/dispositions'>>('GET', '/api/reference/dispositions');
    expect(res.status).toBe(200);
    expect(res.body.dispositions.find((d) => d.code === 'Dx02')?.timeframe).toEqual({ kind: 'minutes', minutes: 60 });
  });
});
