// The baseline read from the live directory: the seeded demo community gives the same input as the
// pure demo source (service ids are the directory's own), and it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBaselineSource } from '../src/demo/baseline-source';
import { seedDemoCommunity } from '../src/demo/seed';
import { buildBaseline } from '../src/modelling/baseline';
import { simulate } from '../src/modelling/engine';
import { parseSimulationInput } from '../src/modelling/model';
import { loadBaseline } from '../src/modelling/service';
import { testApp, type TestApp } from './fixture';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedDemoCommunity(t.signpost);
}, 120_000);
afterAll(() => t.close());

describe('the baseline from the live directory', () => {
  it('is built from the directory’s services, organisations and areas, and runs', async () => {
    const { signpost } = t;
    const baseline = await loadBaseline(signpost, { horizonDays: 3, warmUpDays: 1 });
    const ids = new Map<string, string>();
    for await (const page of signpost.directory.allServices()) for (const s of page) ids.set(String(s.id), s.organisationId);
    for (const s of baseline.input.services) expect(ids.get(s.id)).toBe(s.organisationId);
    expect(baseline.summary.population).toBe(720_500);
    expect(baseline.summary.areas.find((a) => a.code === 'ek-thanet')?.name).toBe('Thanet');

    // The same community as the pure demo source: the same services in the same order, ids aside.
    const pure = buildBaseline(demoBaselineSource(signpost.catalogue, signpost.geo.listDistricts()), { horizonDays: 3, warmUpDays: 1 });
    expect(baseline.input.services.length).toBe(pure.input.services.length);
    expect(baseline.input.services.map((s) => s.groups.join())).toEqual(pure.input.services.map((s) => s.groups.join()));

    const out = simulate(parseSimulationInput(baseline.input));
    expect(out.calls.offered).toBeGreaterThan(1_000);
    expect(out.outcomes.referred).toBeGreaterThan(0);
  });
});
