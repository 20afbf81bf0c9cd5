/**
 * Writes demo data into a Signpost: the East Kent demo community (organisations, users, services,
 * rankings) or a generated national directory for benchmarks. The data itself is built by the pure
 * modules `community.ts` and `national.ts`; this file only does the I/O, as Signpost itself.
 */
import type { Signpost } from '../app';
import { signpostItself } from '../platform/actor';
import { conflict } from '../platform/errors';
import { buildDemoCommunity, eastKentDistricts } from './community';
import { generateNationalDirectory } from './national';

/** The password of every demo account. Documented on purpose: for the demo only, never a real installation. */
export const DEMO_PASSWORD = 'signpost-demo';

export type SeedProgress = (step: string, done: number, total: number) => void;

export interface SeededCommunity {
  users: { username: string; roles: string[]; organisation: string }[];
  services: number;
}

/** Creates the East Kent demo community. Refuses (409) if it is already there. */
export async function seedDemoCommunity(signpost: Signpost, onProgress?: SeedProgress, seed?: number): Promise<SeededCommunity> {
  const community = buildDemoCommunity(signpost.catalogue, eastKentDistricts(signpost.geo.listDistricts()), seed);
  const existing = new Set((await signpost.identity.listOrganisations()).map((o) => o.id));
  const clash = community.organisations.find((o) => existing.has(o.id!));
  if (clash) throw conflict(`The demo community is already here (organisation ${clash.id} exists)`, [], 'already_seeded');

  const names = new Map<string, string>();
  for (const [i, org] of community.organisations.entries()) {
    const created = await signpost.identity.createOrganisation(signpostItself, org);
    names.set(created.id, created.name);
    onProgress?.('Organisations', i + 1, community.organisations.length);
  }
  for (const { areaCode, organisationId } of community.commissioners) await signpost.geo.setAreaCommissioner(signpostItself, areaCode, organisationId);
  for (const [i, user] of community.users.entries()) {
    await signpost.identity.createUser(signpostItself, { ...user, password: DEMO_PASSWORD });
    onProgress?.('Users', i + 1, community.users.length);
  }
  const ids = await signpost.directory.importServices(signpostItself, community.services, {
    reason: 'Demo community',
    onProgress: (done, total) => onProgress?.('Services', done, total),
  });
  for (const [i, ranking] of community.rankings.entries()) {
    await signpost.directory.setRanking(signpostItself, ranking);
    onProgress?.('Rankings', i + 1, community.rankings.length);
  }
  return {
    users: community.users.map((u) => ({ username: u.username, roles: [...u.roles], organisation: names.get(u.organisationId) ?? u.organisationId })),
    services: ids.length,
  };
}

/** Services written per `importServices` call (each call is one transaction). */
export const NATIONAL_CHUNK = 10_000;

/**
 * Generates `count` services spread over the UK and imports them in chunks, reporting progress.
 * The generated organisations are created when missing, so it can run again to add more.
 */
export async function seedNationalDirectory(
  signpost: Signpost,
  count: number,
  onProgress?: SeedProgress,
  seed = 1,
): Promise<{ services: number; ms: number }> {
  const started = performance.now();
  const { organisations, services } = generateNationalDirectory(count, signpost.catalogue, seed);
  const existing = new Set((await signpost.identity.listOrganisations()).map((o) => o.id));
  for (const org of organisations) {
    if (!existing.has(org.id!)) await signpost.identity.createOrganisation(signpostItself, org);
  }
  let written = 0;
  onProgress?.('Services', 0, services.length);
  for (let start = 0; start < services.length; start += NATIONAL_CHUNK) {
    const chunk = services.slice(start, start + NATIONAL_CHUNK);
    const ids = await signpost.directory.importServices(signpostItself, chunk, {
      reason: 'Generated national directory (benchmark data)',
      onProgress: (done) => onProgress?.('Services', start + done, services.length),
    });
    written += ids.length;
  }
  return { services: written, ms: Math.round(performance.now() - started) };
}
