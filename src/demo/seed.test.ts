import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../test/fixture';
import { createSignpost, type Signpost } from '../app';
import { loadConfig } from '../platform/config';
import { AppError } from '../platform/errors';
import { DEMO_PASSWORD, seedDemoCommunity, seedNationalDirectory } from './seed';
import { ServiceListQuery } from '../directory/model';

let signpost: Signpost;
let seeded: Awaited<ReturnType<typeof seedDemoCommunity>>;
let seedMs = 0;
const steps = new Map<string, { done: number; total: number }>();

beforeAll(async () => {
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-demo-test'), SIGNPOST_LOG: 'silent' });
  signpost = await createSignpost({ database: await testDatabase(), config, sleep: async () => undefined });
  const started = performance.now();
  seeded = await seedDemoCommunity(signpost, (step, done, total) => steps.set(step, { done, total }));
  seedMs = performance.now() - started;
  console.log(`demo community seeded in ${Math.round(seedMs)} ms`);
});

afterAll(async () => {
  await signpost?.close();
});

describe('seeding the demo community', () => {
  it('writes every service, organisation, user and ranking', async () => {
    expect(seeded.services).toBeGreaterThanOrEqual(600);
    expect((await signpost.directory.list(ServiceListQuery.parse({ limit: 1 }))).total).toBe(seeded.services);
    expect((await signpost.identity.listOrganisations()).length).toBeGreaterThan(150);
    expect(await signpost.identity.countUsers()).toBe(seeded.users.length);
    expect((await signpost.directory.listRankings()).length).toBeGreaterThanOrEqual(4);
    expect(steps.get('Services')).toEqual({ done: seeded.services, total: seeded.services });
  });

  it('places services in their East Kent areas', async () => {
    const thanet = await signpost.directory.list(ServiceListQuery.parse({ areaCode: 'ek-thanet', limit: 1 }));
    const ashford = await signpost.directory.list(ServiceListQuery.parse({ areaCode: 'ek-ashford', limit: 1 }));
    expect(thanet.total).toBeGreaterThan(50);
    expect(ashford.total).toBeGreaterThan(50);
    const eds = await signpost.directory.list(ServiceListQuery.parse({ typeId: 105 }));
    expect(eds.services.map((s) => s.areaCode).sort()).toEqual(['ek-ashford', 'ek-thanet']);
  });

  it('gives each East Kent area its place commissioning team, so the ICB commissions all four', async () => {
    expect(await signpost.geo.areasCommissionedBy(['demo-icb-thanet'])).toEqual(['ek-thanet']);
    expect(await signpost.geo.areasCommissionedBy(await signpost.identity.organisationScope('demo-icb'))).toEqual(['ek-ashford', 'ek-canterbury', 'ek-south-kent-coast', 'ek-thanet']);
  });

  it('lets a demo user sign in with the demo password', async () => {
    const { user, sessionToken } = await signpost.identity.login({ username: 'callhandler', password: DEMO_PASSWORD });
    expect(user.roles).toEqual(['call_handler']);
    expect(sessionToken).toBeTruthy();
    expect(seeded.users.find((u) => u.username === 'doslead2')?.roles).toEqual(['dos_lead']);
    expect(seeded.users.find((u) => u.username === 'governance2')?.roles).toEqual(['clinical_governance']);
    expect(seeded.users.find((u) => u.username === 'admin')?.organisation).toMatch(/Signpost/);
  });

  it('refuses to seed the community twice', async () => {
    await expect(seedDemoCommunity(signpost)).rejects.toBeInstanceOf(AppError);
  });

  it('adds a generated national directory beside it', async () => {
    const before = (await signpost.directory.list(ServiceListQuery.parse({ limit: 1 }))).total;
    const result = await seedNationalDirectory(signpost, 400);
    expect(result.services).toBe(400);
    expect((await signpost.directory.list(ServiceListQuery.parse({ limit: 1 }))).total).toBe(before + 400);
    // Running again adds more under the same generated organisations.
    await seedNationalDirectory(signpost, 50, undefined, 2);
    expect((await signpost.directory.list(ServiceListQuery.parse({ limit: 1 }))).total).toBe(before + 450);
  });
});
