// Logs an operator can use: one JSON line per request (never patient data), the request id in every
// error body and log line, levels from SIGNPOST_LOG, and a quiet shutdown.
import os from 'node:os';
import path from 'node:path';
import type { KyselyPlugin, QueryId } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSignpost } from '../src/app';
import { loadConfig } from '../src/platform/config';
import { createHttpApp } from '../src/platform/http';
import { createLogger } from '../src/platform/log';
import { aPatient } from './case-helpers';
import { captureLogs, testApp, testDatabase, type TestApp, type ApiReply, type ErrorReply } from './fixture';

const NAME = { firstName: 'Zebedee', lastName: 'Quackenbush' };
const NHS_NUMBER = '9434765919';

let t: TestApp;
const logs = captureLogs();
beforeAll(async () => {
  t = await testApp({ log: { level: 'info', capture: logs } });
  await t.cookieFor('callhandler');
});
afterAll(async () => t?.close());
beforeEach(() => logs.clear());

describe('one log line per request', () => {
  it('logs method, route pattern, status, time, request id and actor — and no patient data from path, query or body', async () => {
    const me = await t.request<ApiReply<'/api/auth/me'>>('GET', '/api/auth/me', { as: 'callhandler' });
    const actorId = me.body.actor.id;
    logs.clear();

    const opened = await t.request<ApiReply<'/api/cases', 'post'>>('POST', `/api/cases?name=${NAME.firstName}&nhs=${NHS_NUMBER}`, {
      as: 'callhandler',
      body: { patient: aPatient({ ...NAME, nhsNumber: NHS_NUMBER }), presentingProblem: `${NAME.firstName} has a cough` },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const found = await t.request<ApiReply<'/api/cases'>>('GET', `/api/cases?nhsNumber=${NHS_NUMBER}`, { as: 'callhandler' });
    expect(found.body.cases).toHaveLength(1);
    const read = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${opened.body.case.id}`, { as: 'callhandler' });
    const missing = await t.request('GET', `/api/patients/${NHS_NUMBER}/${NAME.lastName}`);
    const replies = [opened, found, read, missing];

    const lines = logs.records();
    expect(lines).toHaveLength(replies.length);
    expect(lines.map((line) => [line.method, line.route, line.status])).toEqual([
      ['POST', '/api/cases', 201],
      ['GET', '/api/cases', 200],
      ['GET', '/api/cases/:id', 200],
      ['GET', null, 404],
    ]);
    lines.forEach((line, i) => {
      expect(line).toMatchObject({ level: 'info', msg: 'request', requestId: replies[i].headers.get('x-request-id') });
      expect(line.ms).toBeGreaterThanOrEqual(0);
      expect(Object.keys(line).sort()).toEqual(['actorId', 'hostname', 'level', 'method', 'ms', 'msg', 'pid', 'requestId', 'route', 'status', 'time']);
    });
    expect(lines.map((line) => line.actorId)).toEqual([actorId, actorId, actorId, null]);
    const text = logs.text();
    for (const secret of [NAME.firstName, NAME.lastName, NHS_NUMBER, '943 476 5919', String(opened.body.case.id)]) expect(text).not.toContain(secret);
  });
});

describe('request ids', () => {
  it('echoes a safe X-Request-Id in the header, the error body and the log line', async () => {
    const id = 'trace-42.A_b';
    const res = await t.request<ApiReply<'/api/cases/{id}'>>('GET', '/api/cases/case_00000000-0000-0000-0000-000000000000', { as: 'callhandler', headers: { 'x-request-id': id } });
    expect(res.status).toBe(404);
    expect(res.headers.get('x-request-id')).toBe(id);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [], requestId: id } });
    expect(logs.records()).toEqual([expect.objectContaining({ requestId: id, status: 404, route: '/api/cases/:id' })]);
  });

  it('replaces an unsafe X-Request-Id with a fresh UUID, everywhere', async () => {
    const unsafe = ['with space', 'x'.repeat(65), '{"level":"fatal"}', `patient ${NAME.lastName}`, 'tab\tforged', 'ünïcode', '../../etc'];
    for (const given of unsafe) {
      logs.clear();
      const res = await t.request<ErrorReply>('GET', '/api/cases/case_00000000-0000-0000-0000-000000000000', { as: 'callhandler', headers: { 'x-request-id': given } });
      const id = res.headers.get('x-request-id');
      expect(id, given).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(res.body.error.requestId).toBe(id);
      expect(logs.records()).toEqual([expect.objectContaining({ requestId: id })]);
      expect(logs.text()).not.toContain(NAME.lastName);
    }
  });

  it('puts the request id in every error body, also for a path no route answers', async () => {
    const res = await t.request<ErrorReply>('GET', '/api/no-such-thing', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', requestId: 'abc-123' });
    const refused = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: { patient: {} }, headers: { 'x-request-id': 'abc-124' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_request', requestId: 'abc-124' });
  });
});

describe('log levels from SIGNPOST_LOG', () => {
  function appLoggingAt(level: string) {
    const capture = captureLogs();
    const app = createHttpApp({ log: createLogger(loadConfig({ SIGNPOST_LOG: level }), capture.destination) });
    app.get('/ok', (c) => c.json({ ok: true }));
    app.get('/boom', () => {
      throw new Error('unexpected');
    });
    return { app, capture };
  }

  it('logs requests at info, only failures at warn and error, nothing when silent', async () => {
    const levelsLogged = async (level: string) => {
      const { app, capture } = appLoggingAt(level);
      expect((await app.request('/ok', { headers: { 'x-request-id': 'ok-1' } })).status).toBe(200);
      expect((await app.request('/boom', { headers: { 'x-request-id': 'boom-1' } })).status).toBe(500);
      return capture.records().map((line) => `${line.level} ${line.msg} ${line.requestId}`);
    };
    expect(await levelsLogged('info')).toEqual(['info request ok-1', 'error request failed boom-1', 'info request boom-1']);
    expect(await levelsLogged('warn')).toEqual(['error request failed boom-1']);
    expect(await levelsLogged('error')).toEqual(['error request failed boom-1']);
    expect(await levelsLogged('silent')).toEqual([]);
  });

  it('refuses a level it does not know, naming the variable', () => {
    expect(() => loadConfig({ SIGNPOST_LOG: 'verbose' })).toThrow(/SIGNPOST_LOG/);
  });
});

describe('shutting down', () => {
  it('logs nothing at error level when the app closes during an event follower read', async () => {
    // The follower's next read is held until the app has begun to close, then fails as a read does
    // when the database goes away (in words that do not say "closed").
    const gate = holdNextEventsRead();
    const capture = captureLogs();
    const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-test'), SIGNPOST_LOG: 'debug' });
    const log = createLogger(config, capture.destination);
    const database = await testDatabase(log);
    const signpost = await createSignpost({ database: { ...database, db: database.db.withPlugin(gate.plugin) }, config, log, backgroundJobs: false });
    gate.arm();
    const reading = signpost.events.catchUp();
    await gate.held;
    const closing = signpost.close();
    gate.fail(new Error('Connection terminated unexpectedly'));
    await Promise.all([reading, closing]);
    expect(capture.records().filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
    expect(capture.records()).toContainEqual(expect.objectContaining({ level: 'debug', msg: 'event follower could not read events', shuttingDown: true }));
  });
});

/** A Kysely plugin that, once armed, holds the result of the next query on the events table and fails it on demand. */
function holdNextEventsRead() {
  let armed = false;
  let heldQuery: QueryId | null = null;
  let failWith: (error: Error) => void = () => {};
  let signalHeld: () => void = () => {};
  const failure = new Promise<never>((_, reject) => (failWith = reject));
  const held = new Promise<void>((resolve) => (signalHeld = resolve));
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (armed && !heldQuery && args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node.from).includes('"events"')) heldQuery = args.queryId;
      return args.node;
    },
    async transformResult(args) {
      if (heldQuery && args.queryId === heldQuery) {
        signalHeld();
        await failure;
      }
      return args.result;
    },
  };
  return { plugin, held, arm: () => void (armed = true), fail: (error: Error) => failWith(error) };
}
