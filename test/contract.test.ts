// The route definition is the contract: every route declares its reply, the OpenAPI document lists
// it with the error shape, and in tests a reply that does not match its schema fails loudly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpApp, mountRoutes, route, type RouteDef } from '../src/platform/http';
import { systemClock } from '../src/platform/clock';
import { createLogger } from '../src/platform/log';
import type { Db } from '../src/platform/database';
import { NoContent, Reply } from '../src/platform/replies';
import { ORIGIN, testApp, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }>; $ref?: string }>; 'x-signpost-access': unknown };

describe('the OpenAPI document', () => {
  it('lists a success reply with its schema for every route, and the error replies', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    const routes = t.signpost.routes;
    expect(routes.length).toBeGreaterThan(100);
    for (const def of routes) {
      const path = def.path.replace(/:([A-Za-z_]+)/g, '{$1}');
      const operation: Operation = doc.paths[path][def.method];
      const where = `${def.method.toUpperCase()} ${def.path}`;
      const status = String(def.status ?? 200);
      const success = operation.responses[status];
      expect(success, `${where}: success reply ${status}`).toBeDefined();
      if (status !== '204') {
        const [content] = Object.values(success.content ?? {});
        expect(content?.schema, `${where}: success schema`).toBeTruthy();
        if (typeof def.response !== 'string') expect(content.schema, `${where}: a described reply, not "anything"`).not.toEqual({});
      }
      for (const other of def.alsoStatus ?? []) expect(operation.responses[String(other)], `${where}: also ${other}`).toBeDefined();
      const errors = Object.keys(operation.responses).filter((s) => s >= '400');
      expect(errors, where).toContain('400');
      if (def.access !== 'public') expect(errors, where).toEqual(expect.arrayContaining(['401', '403']));
      if (def.path.includes(':')) expect(errors, where).toContain('404');
      if (def.method !== 'get') expect(errors, where).toEqual(expect.arrayContaining(['409', '422']));
      for (const s of errors) expect(operation.responses[s].$ref, `${where} ${s}`).toBe('#/components/responses/Error');
    }
    const errorSchema = doc.components.schemas.Error;
    expect(errorSchema.properties.error.required).toEqual(['code', 'message', 'details']);
    expect(Object.keys(errorSchema.properties.error.properties)).toEqual(['code', 'message', 'details', 'choices', 'requestId']);
    expect(errorSchema.properties.error.properties.details.items.required).toEqual(['path', 'message']);
  });

  it('describes instants as date-time text and names the declared extra errors', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    const capacity = doc.paths['/api/capacity/services/{id}'].put.responses['200'].content['application/json'].schema;
    expect(capacity.properties.setAt).toEqual({ type: 'string', format: 'date-time' });
    expect(doc.paths['/api/auth/login'].post.responses['429']).toBeDefined();
    expect(doc.paths['/api/inbox/stream'].get.responses['200'].content['text/event-stream']).toBeDefined();
    expect(doc.paths['/api/cases/{id}/referrals'].post.responses).toHaveProperty('200');
    expect(doc.paths['/api/cases/{id}/referrals'].post.responses).toHaveProperty('201');
  });

  it('documents the safety sign-off (201, with the review) and the safety part of the impact report', async () => {
    const doc = (await t.request('GET', '/api/openapi.json')).body;
    const signoff = doc.paths['/api/triage/content/versions/{id}/safety-signoff'].post;
    expect(signoff.responses['201'].content['application/json'].schema.required).toEqual(['signoff', 'review']);
    expect(signoff.requestBody.content['application/json'].schema.required).toEqual(['reason']);
    const impact = doc.paths['/api/triage/content/versions/{id}/impact'].get.responses['200'].content['application/json'].schema;
    expect(impact.required).toContain('safety');
    expect(Object.keys(impact.properties.safety.properties)).toEqual(['versionId', 'against', 'findings', 'signoffRequired', 'signedOff', 'signoffs']);
  });
});

describe('replies are checked against their schemas in tests', () => {
  const Thing = z.object({ id: z.number().int(), name: z.string() });
  // A handler whose reply does not match is a compile error …
  route({
    method: 'get',
    path: '/typed',
    summary: 'typed',
    tag: 'test',
    access: 'public',
    response: Thing,
    // @ts-expect-error: `name` must be a string
    async handle() {
      return { id: 1, name: 2 };
    },
  });

  // … and one that slips past the compiler (here by a cast) is caught when it replies.
  const routes: RouteDef[] = [
    route({ method: 'get', path: '/good', summary: 'good', tag: 'test', access: 'public', response: Thing, handle: async () => ({ id: 1, name: 'one' }) }),
    route({ method: 'get', path: '/bad', summary: 'bad', tag: 'test', access: 'public', response: Thing, handle: async () => ({ id: 'one' }) as unknown as z.input<typeof Thing> }),
    route({
      method: 'get',
      path: '/bad-text',
      summary: 'bad serialised',
      tag: 'test',
      access: 'public',
      response: Thing,
      handle: async () => Reply.serialised({ id: 1, name: 'one' }, () => '{"id":1}'),
    }),
    route({ method: 'get', path: '/empty', summary: 'no content', tag: 'test', access: 'public', status: 204, response: NoContent, handle: async () => undefined }),
    route({ method: 'get', path: '/missing', summary: 'no body', tag: 'test', access: 'public', response: Thing, handle: async () => undefined as unknown as z.input<typeof Thing> }),
  ];

  const appWith = (checkReplies: boolean) => {
    const app = createHttpApp({ log: createLogger({ log: 'silent' }) });
    mountRoutes(app, routes, { db: undefined as unknown as Db, clock: systemClock, checkReplies });
    return app;
  };

  it('fails a reply that does not match with a 500 naming the route and the field', async () => {
    const app = appWith(true);
    expect((await app.request(`${ORIGIN}/good`)).status).toBe(200);
    expect((await app.request(`${ORIGIN}/empty`)).status).toBe(204);
    const messages: string[] = [];
    for (const path of ['/bad', '/bad-text', '/missing']) {
      const res = await app.request(`${ORIGIN}${path}`);
      expect(res.status, path).toBe(500);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('reply_schema_mismatch');
      messages.push(body.error.message);
    }
    expect(messages.join('\n')).toContain('The reply of GET /bad does not match its response schema: id: Invalid input: expected number, received string; name:');
    expect(messages.join('\n')).toContain('The reply of GET /bad-text does not match its response schema: name:');
    expect(messages.join('\n')).toContain('The reply of GET /missing does not match its response schema: no content where a body was declared');
  });

  it('costs nothing when switched off (production): the reply goes out unchecked', async () => {
    const app = appWith(false);
    const res = await app.request(`${ORIGIN}/bad`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: 'one' });
  });

  it('is on in tests and off by default elsewhere', async () => {
    const { loadConfig } = await import('../src/platform/config');
    expect(loadConfig({ VITEST: 'true' }).checkReplies).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).checkReplies).toBe(true);
    expect(loadConfig({}).checkReplies).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', SIGNPOST_CHECK_REPLIES: 'on' }).checkReplies).toBe(true);
  });
});
