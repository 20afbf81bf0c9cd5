// Scenarios and runs through the API on the demo community: save, validate, run with progress and
// results, cancel, an idempotent start, and who sees what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemoCommunity } from '../src/demo/seed';
import type { Actor } from '../src/platform/actor';
import { AppError } from '../src/platform/errors';
import { ORIGIN, testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedDemoCommunity(t.signpost);
}, 180_000);
afterAll(() => t.close());

// The demo community has its own users (the fixture's names are taken): sign in as them.
const cookies = new Map<string, string>();
async function cookieOf(username: string): Promise<string> {
  if (!cookies.has(username)) {
    const response = await t.signpost.app.request(`${ORIGIN}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(200);
    cookies.set(username, response.headers.get('set-cookie')!.split(';')[0]);
  }
  return cookies.get(username)!;
}
async function call<T = unknown>(method: string, path: string, options: { as?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = { ...(options.headers ?? {}), ...(options.as ? { cookie: await cookieOf(options.as) } : {}) };
  return t.request<T>(method, path, { body: options.body, headers });
}

type Run = ApiReply<'/api/modelling/runs/{id}'>;
type Scenario = ApiReply<'/api/modelling/scenarios', 'post'>;

const flu = {
  name: 'Flu surge',
  description: 'Flu: +30% calls for the first week',
  sharedWithCommissioners: true,
  replications: 3,
  horizonDays: 7,
  seed: 11,
  changes: [{ kind: 'demand-surge', percent: 30, startDay: 0, days: 7 }],
};

async function saveScenario(body: unknown) {
  const reply = await call<Scenario>('POST', '/api/modelling/scenarios', { as: 'commissioner', body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return reply.body;
}

/** Waits for a run to leave queued/running (the event follower picks it up after the commit). */
async function settled(id: string, timeoutMs = 150_000): Promise<Run> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await t.signpost.events.catchUp();
    const reply = await call<Run>('GET', `/api/modelling/runs/${id}`, { as: 'commissioner' });
    expect(reply.status).toBe(200);
    if (reply.body.status !== 'queued' && reply.body.status !== 'running') return reply.body;
    if (Date.now() > until) throw new Error(`run ${id} still ${reply.body.status} (${reply.body.done}/${reply.body.replications})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('modelling scenarios and runs', () => {
  it('describes the baseline built from the directory', async () => {
    const reply = await call<ApiReply<'/api/modelling/baseline'>>('GET', '/api/modelling/baseline', { as: 'commissioner' });
    expect(reply.status).toBe(200);
    expect(reply.body.population).toBe(720_500);
    expect(reply.body.areas.map((a) => a.code)).toEqual(['ek-ashford', 'ek-canterbury', 'ek-south-kent-coast', 'ek-thanet']);
    expect(reply.body.areas.find((a) => a.code === 'ek-thanet')?.name).toBe('Thanet');
    expect(reply.body.serviceList.length).toBeGreaterThan(400);
    expect(reply.body.oohServiceIds.length).toBeGreaterThan(0);
  });

  it('refuses unknown services, organisations and areas, and impossible values, naming the field (in the body)', async () => {
    const refused = async (changes: unknown[], extra: Record<string, unknown> = {}) => {
      const reply = await call<ErrorReply>('POST', '/api/modelling/scenarios', { as: 'commissioner', body: { name: 'bad', changes, ...extra } });
      expect(reply.status).toBe(400);
      return reply.body.error.details.map((d) => d.path);
    };
    expect(await refused([{ kind: 'service-capacity', serviceId: '999999', scale: 2 }])).toEqual(['body.changes.0.serviceId']);
    expect(await refused([{ kind: 'new-service', serviceId: 'new-hub', name: 'Hub', organisationId: 'nobody', areas: ['ek-nowhere'], groups: ['contact-primary-care'], capacityPerHour: 2 }])).toEqual([
      'body.changes.0.organisationId',
      'body.changes.0.areas.0',
    ]);
    expect(await refused([{ kind: 'demand-surge', percent: 30, startDay: 0, days: 7, areas: ['ek-nowhere'] }])).toEqual(['body.changes.0.areas.0']);
    expect(await refused([], { replications: 1001 })).toEqual(['body.replications']);
    expect(await refused([], { horizonDays: 5 * 366 + 5 })).toEqual(['body.horizonDays']);
    expect(await refused([{ kind: 'staffing', staff: 'clinicians', scale: -1 }])).toEqual(['body.changes.0.scale']);
    expect(await refused([{ kind: 'service-capacity', serviceId: '1', capacityPerHour: -3 }])).toEqual(['body.changes.0.capacityPerHour']);
  });

  it('says why a scenario cannot run (422) and starts nothing', async () => {
    const scenario = await saveScenario({ name: 'No call handlers', replications: 2, horizonDays: 3, changes: [{ kind: 'staffing', staff: 'call-handlers', scale: 0 }] });
    const reply = await call<ErrorReply>('POST', '/api/modelling/runs', { as: 'commissioner', body: { scenarioId: scenario.id } });
    expect(reply.status).toBe(422);
    expect(reply.body.error.code).toBe('scenario_cannot_run');
    expect(reply.body.error.message).toMatch(/no call handlers/);
    const runs = await call<ApiReply<'/api/modelling/runs'>>('GET', `/api/modelling/runs?scenarioId=${scenario.id}`, { as: 'commissioner' });
    expect(runs.body.runs).toEqual([]);
  });

  it('runs a scenario against the baseline: progress, then means, intervals and real differences', async () => {
    const scenario = await saveScenario(flu);
    expect(scenario).toMatchObject({ name: 'Flu surge', replications: 3, horizonDays: 7, sharedWithCommissioners: true, mine: true });

    // An Idempotency-Key makes a retried start answer the first run, never start a second.
    const headers = { 'idempotency-key': 'flu-run-1' };
    const first = await call<Run>('POST', '/api/modelling/runs', { as: 'commissioner', body: { scenarioId: scenario.id }, headers });
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'queued', done: 0, replications: 3, results: null });
    const retry = await call<Run>('POST', '/api/modelling/runs', { as: 'commissioner', body: { scenarioId: scenario.id }, headers });
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');

    const run = await settled(first.body.id);
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.done).toBe(3);
    const runs = await call<ApiReply<'/api/modelling/runs'>>('GET', `/api/modelling/runs?scenarioId=${scenario.id}`, { as: 'commissioner' });
    expect(runs.body.runs.map((r) => r.id)).toEqual([first.body.id]);

    const results = run.results!;
    expect(results.replications).toBe(3);
    const contacts = results.measures.find((m) => m.key === 'contactsPerDay')!.comparison;
    expect(contacts.real).toBe(true);
    expect(contacts.difference.mean / contacts.baseline.mean).toBeGreaterThan(0.2);
    expect(contacts.difference.mean / contacts.baseline.mean).toBeLessThan(0.4);
    expect(contacts.baseline.halfWidth).toBeGreaterThan(0);
    expect(results.byHour).toHaveLength(168);
    expect(results.staffing.baseline).toHaveLength(336);
    expect(results.staffing.surgePeak?.factor).toBeCloseTo(1.3);
    const needed = (rows: typeof results.staffing.baseline) => rows.reduce((a, r) => a + r.handlersNeeded, 0);
    expect(needed(results.staffing.surgePeak!.rows)).toBeGreaterThan(needed(results.staffing.baseline));
    expect(results.services.length).toBeGreaterThan(100);
    const ooh = results.organisations.find((o) => o.organisationId === 'demo-iuc-ooh')!;
    expect(ooh.accepted.scenario.mean).toBeGreaterThan(0);
    // Priced with the commissioner's cost model (the shipped defaults: everyone paid by activity).
    expect(results.commissionerCost!.difference.mean).toBeGreaterThan(0);
    expect(results.commissionerCost!.real).toBe(true);
    expect(ooh.income!.scenario.mean).toBeGreaterThan(ooh.income!.baseline.mean);

    // Every step is an event, and the start an audited act of the commissioner.
    const events = await t.signpost.modelling.runEventsAfter(0);
    const mine = events.filter((e) => e.subjectIds[0] === run.id).map((e) => e.type);
    expect(mine[0]).toBe('modelling.run.queued');
    expect(mine).toContain('modelling.run.progress');
    expect(mine.at(-1)).toBe('modelling.run.finished');
  });

  it('prices a payment model change: a block contract pays the same whatever the activity', async () => {
    const scenario = await saveScenario({
      ...flu,
      name: 'Flu, OOH on a block',
      replications: 2,
      changes: [...flu.changes, { kind: 'payment-model', organisationId: 'demo-iuc-ooh', payment: { kind: 'block', annualAmount: 3_650_000 } }],
    });
    const started = await call<Run>('POST', '/api/modelling/runs', { as: 'commissioner', body: { scenarioId: scenario.id } });
    const run = await settled(started.body.id);
    expect(run.status, run.error ?? '').toBe('done');
    const ooh = run.results!.organisations.find((o) => o.organisationId === 'demo-iuc-ooh')!;
    // £3,650,000 a year is £10,000 a day: 7 counted days, every replication.
    expect(ooh.income!.scenario.mean).toBeCloseTo(70_000, 0);
    expect(ooh.income!.scenario.halfWidth).toBeCloseTo(0, 6);
    // Under activity payment (the baseline) the same activity earns something else.
    expect(ooh.income!.baseline.mean).not.toBeCloseTo(70_000, 0);
    // A risk pool needs a budget in the cost model: refused, naming the change.
    const refused = await call<ErrorReply>('POST', '/api/modelling/scenarios', { as: 'commissioner', body: { name: 'Pool', changes: [{ kind: 'payment-model', organisationId: 'demo-iuc-ooh', payment: { kind: 'risk-pool' } }] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('body.changes.0.payment');
    const unknown = await call<ErrorReply>('POST', '/api/modelling/scenarios', { as: 'commissioner', body: { name: 'Nobody', changes: [{ kind: 'payment-model', organisationId: 'nobody', payment: { kind: 'activity' } }] } });
    expect(unknown.body.error.details.map((d) => d.path)).toEqual(['body.changes.0.organisationId']);
  });

  it('pushes a run’s progress live over Server-Sent Events', async () => {
    const scenario = await saveScenario({ ...flu, name: 'Streamed', replications: 2 });
    const started = await call<Run>('POST', '/api/modelling/runs', { as: 'commissioner', body: { scenarioId: scenario.id } });
    const response = await t.signpost.app.request(`${ORIGIN}/api/modelling/runs/${started.body.id}/events`, { headers: { origin: ORIGIN, cookie: await cookieOf('commissioner') } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const until = Date.now() + 150_000;
    while (!text.includes('event: modelling.run.finished') && Date.now() < until) {
      void t.signpost.events.catchUp();
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value);
    }
    await reader.cancel();
    expect(text).toContain('event: ready');
    expect(text).toMatch(/event: modelling\.run\.progress\ndata: \{"done":\d,"total":2\}/);
    expect(text).toContain('event: modelling.run.finished');
  });

  it('cancels a run: its threads end and it is marked cancelled', async () => {
    const scenario = await saveScenario({ ...flu, name: 'Long', replications: 40, horizonDays: 120 });
    const started = await call<Run>('POST', '/api/modelling/runs', { as: 'commissioner', body: { scenarioId: scenario.id } });
    for (let i = 0; i < 100; i++) {
      await t.signpost.events.catchUp();
      const now = await call<Run>('GET', `/api/modelling/runs/${started.body.id}`, { as: 'commissioner' });
      if (now.body.status === 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const cancelled = await call<Run>('POST', `/api/modelling/runs/${started.body.id}/cancel`, { as: 'commissioner' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.done).toBeLessThan(40);
    const again = await call<ErrorReply>('POST', `/api/modelling/runs/${started.body.id}/cancel`, { as: 'commissioner' });
    expect(again.status).toBe(409);
    // It stays cancelled: nothing the threads had in flight finishes it afterwards.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await settled(started.body.id)).status).toBe('cancelled');
  });

  it('shows a scenario to its owner and, when shared, to other commissioners; only the owner changes it', async () => {
    const mine = await saveScenario({ name: 'Private', replications: 2, horizonDays: 3 });
    const shared = await saveScenario({ name: 'Shared', replications: 2, horizonDays: 3, sharedWithCommissioners: true });
    const other: Actor = { kind: 'user', id: 'someone-else', name: 'Another commissioner', organisationId: 'icb', roles: ['commissioner'] };
    const modelling = t.signpost.modelling;
    const seen = (await modelling.listScenarios(other)).map((s) => s.id);
    expect(seen).toContain(shared.id);
    expect(seen).not.toContain(mine.id);
    await expect(modelling.getScenario(other, mine.id)).rejects.toMatchObject({ status: 404 });
    expect((await modelling.getScenario(other, shared.id)).mine).toBe(false);
    const attempt = modelling.updateScenario(other, shared.id, { name: 'Taken', description: '', sharedWithCommissioners: true, replications: 2, horizonDays: 3, seed: 1, changes: [] });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ status: 403 });

    const updated = await call<Scenario>('PUT', `/api/modelling/scenarios/${mine.id}`, { as: 'commissioner', body: { name: 'Private, renamed', replications: 4, horizonDays: 3 } });
    expect(updated.body).toMatchObject({ name: 'Private, renamed', replications: 4 });
    expect((await call('DELETE', `/api/modelling/scenarios/${mine.id}`, { as: 'commissioner' })).status).toBe(204);
    expect((await call('GET', `/api/modelling/scenarios/${mine.id}`, { as: 'commissioner' })).status).toBe(404);
  });

  it('is for commissioners only', async () => {
    for (const user of ['callhandler', 'clinician', 'provider', 'doslead', 'governance']) {
      expect((await call('GET', '/api/modelling/scenarios', { as: user })).status).toBe(403);
    }
    expect((await call('GET', '/api/modelling/scenarios')).status).toBe(401);
  });
});
