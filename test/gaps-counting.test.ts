// Which directory searches count in commissioners' gaps and unmet need (issue 11, item 20;
// docs/decisions/0017): searches for patients do; DoS leads' sweeps, explain runs, test searches and a
// patient online told to look after themselves do not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProfileSchema } from '../src/directory/model';
import { alwaysOpenTimes } from '../src/directory/opening-hours';
import { signpostItself } from '../src/platform/actor';
import { aSearch, aService } from './builders';
import type { TestUser } from './fixture';
import { selfCareSession } from './online-helpers';
import { testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
const AT = '2026-11-18T10:00:00Z'; // a Wednesday morning

/** The UTC fails only the disposition rule for Dx02: one gap per search. */
const gapSearch = (overrides: Record<string, unknown> = {}) => aSearch({ disposition: 'Dx02', at: AT, ...overrides });
/** Nothing near Canterbury accepts Dx05 for a child at night: the catch-all, so unmet need. */
const unmetSearch = (overrides: Record<string, unknown> = {}) => gapSearch({ disposition: 'Dx05', at: '2026-11-18T23:30:00Z', age: { value: 8, unit: 'years' }, ...overrides });

beforeAll(async () => {
  t = await testApp({ now: AT });
  const profiles = [
    aService({ publicName: 'Canterbury UTC', organisationId: 'kcht' }),
    aService({ typeId: 105, publicName: 'William Harvey ED', organisationId: 'ekhuft', address: { lines: ['Kennington Road'], town: 'Ashford', postcode: 'TN24 0LZ' }, openingTimes: alwaysOpenTimes(), coverage: { dispositions: ['Dx02', 'Dx03'], symptoms: [{ sg: 1011, sd: '4052' }] } }),
  ].map((p) => ServiceProfileSchema.parse(p));
  const [, ed] = await t.signpost.directory.importServices(signpostItself, profiles, { reason: 'test' });
  for (let i = 0; i < 100 && !t.signpost.search.directoryIndex.get(ed); i++) {
    await t.signpost.events.catchUp();
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => t?.close());

/** The commissioners' totals, once every queued gap event is written. */
async function counted() {
  await t.signpost.search.flush();
  const summary = await t.request<ApiReply<'/api/insight/gaps'>>('GET', '/api/insight/gaps?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z', { as: 'commissioner' });
  expect(summary.status).toBe(200);
  return { gaps: summary.body.gaps.total as number, unmet: summary.body.unmetNeed.total as number };
}

async function searchAs(as: TestUser, body: Record<string, unknown>) {
  const res = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', { as, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

describe('searches that do not show patients’ need', () => {
  it('a DoS lead’s sweep, a commissioner’s or administrator’s check, an explain run and a search marked test are not counted', async () => {
    const before = await counted();
    for (const as of ['doslead', 'commissioner', 'admin'] as const) {
      await searchAs(as, gapSearch());
      expect((await searchAs(as, unmetSearch())).catchAll).toBe(true);
    }
    // The DoS lead's "which searches return me" sweep runs with explain.
    await searchAs('doslead', gapSearch({ explain: true, limit: 50 }));
    // A call handler's explain (the case page's "services not offered, and why") re-runs a search already counted.
    await searchAs('callhandler', gapSearch({ explain: true }));
    await searchAs('callhandler', unmetSearch({ explain: true }));
    // A training or monitoring search says so.
    await searchAs('callhandler', gapSearch({ purpose: 'test' }));
    await searchAs('clinician', unmetSearch({ purpose: 'test' }));
    expect(await counted()).toEqual(before);
  });

  it('a call handler’s search for a patient is counted, and so is one marked for a patient by anyone', async () => {
    const before = await counted();
    await searchAs('callhandler', gapSearch());
    await searchAs('callhandler', unmetSearch());
    const after = await counted();
    expect(after.gaps).toBeGreaterThan(before.gaps);
    expect(after.unmet).toBe(before.unmet + 1);
    await searchAs('doslead', unmetSearch({ purpose: 'patient' }));
    expect((await counted()).unmet).toBe(after.unmet + 1);
  });

  it('names a wrong purpose with 400', async () => {
    const res = await t.request<ErrorReply>('POST', '/api/directory/search', { as: 'callhandler', body: gapSearch({ purpose: 'sweep' }) });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.purpose');
  });
});

describe('patient online, self-care outcome', () => {
  it('offers no services (no A&E "if you cannot wait"), runs no search and counts no unmet need', async () => {
    const view = await selfCareSession(t);
    expect(view.outcome?.disposition).toBe('Dx39');
    const before = await counted();
    const services = await t.request<ApiReply<'/api/online/sessions/{id}/services', 'post'>>('POST', `/api/online/sessions/${view.session.id}/services`, { body: { postcode: 'CT1 1AA' } });
    expect(services.status, JSON.stringify(services.body)).toBe(200);
    expect(services.body).toEqual({ results: [], catchAll: false, selfCare: true });
    expect(await counted()).toEqual(before);
  });
});
