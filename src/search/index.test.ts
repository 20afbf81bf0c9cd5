import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import type { Service } from '../directory/model';
import { everyDay, session } from '../demo/hours';
import { Random } from '../demo/random';
import { search } from './engine';
import { HOME, makeService, offsetKm, TEST_AT as AT, testQuery, type TestService } from './fixtures';
import { DirectoryIndex } from './index';
import type { Capacity, SearchOutcome, SearchQuery } from './model';
import { reference } from './reference';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();

function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return testQuery(catalogue.disposition('Dx05')!, { ageDays: 11_000, ...overrides });
}

const ids = (o: SearchOutcome) => o.results.map((r) => r.serviceId);
const gaps = (o: SearchOutcome) => o.gaps.map((g) => `${g.serviceId}:${g.rule}`).sort();
const index = (specs: TestService[], overlayLimit?: number) => new DirectoryIndex(specs.map(makeService), { catalogue, calendar, overlayLimit });

describe('DirectoryIndex mutations are reflected in the next search', () => {
  it('upsert adds a service and replaces one with the same id', () => {
    const ix = index([{ id: 1, km: 3 }]);
    expect(ids(search(ix, query()))).toEqual([1]);
    ix.upsert(makeService({ id: 2, km: 1 }));
    expect(ids(search(ix, query()))).toEqual([2, 1]);
    expect(ix.size).toBe(2);
    // Move service 1 out of range, then change its disposition list: the old version is gone.
    ix.upsert(makeService({ id: 1, km: 30 }));
    expect(ids(search(ix, query()))).toEqual([2]);
    ix.upsert(makeService({ id: 1, km: 2, dispositions: ['Dx06'] }));
    expect(ids(search(ix, query()))).toEqual([2]);
    expect(gaps(search(ix, query()))).toEqual(['1:disposition']);
    expect(ix.get(1)?.coverage.dispositions).toEqual(['Dx06']);
    expect(ix.size).toBe(2);
  });

  it('upsert into a new symptom group, and with a discriminator new to the group', () => {
    const ix = index([{ id: 1 }]);
    ix.upsert(makeService({ id: 2, symptoms: [{ sg: 1004, sd: '14020' }], km: 1 }));
    expect(ids(search(ix, query({ symptomGroup: 1004, symptomDiscriminators: ['14020'] })))).toEqual([2]);
    ix.upsert(makeService({ id: 3, symptoms: [{ sg: 1011, sd: '4003' }, { sg: 1011, sd: '14001' }], km: 2 }));
    expect(ids(search(ix, query({ symptomDiscriminators: ['4003', '14001'] })))).toEqual([3]);
    expect(gaps(search(ix, query({ symptomDiscriminators: ['4003', '14001'] })))).toEqual(['1:discriminator']);
  });

  it('a group with more than 32 discriminators (several mask words), grown by upserts', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ sg: 1011, sd: String(20_000 + i) }));
    const ix = index([{ id: 1, symptoms: many.slice(0, 30) }]);
    ix.upsert(makeService({ id: 2, symptoms: many, km: 1 }));
    expect(ids(search(ix, query({ symptomDiscriminators: ['20035', '20001'] })))).toEqual([2]);
    expect(search(ix, query({ symptomDiscriminators: ['20035', '20001'] })).gaps).toEqual([{ serviceId: 1, rule: 'discriminator', detail: 'profiled for SG 1011 with SD 20035' }]);
    ix.compact();
    expect(ids(search(ix, query({ symptomDiscriminators: ['20039'] })))).toEqual([2]);
  });

  it('remove takes a service out; removing an unknown id is false', () => {
    const ix = index([{ id: 1 }, { id: 2, km: 2 }]);
    expect(ix.remove(1)).toBe(true);
    expect(ids(search(ix, query()))).toEqual([2]);
    expect(ix.remove(1)).toBe(false);
    expect(ix.get(1)).toBeUndefined();
    expect(ix.size).toBe(1);
  });

  it('setCapacity: red excludes (a gap), cleared or expired returns it', () => {
    const ix = index([{ id: 1 }, { id: 2, km: 2 }]);
    const red: Capacity = { status: 'red', reason: 'full', setBy: null, setAt: AT, resetAt: new Date(AT.getTime() + 3600_000) };
    ix.setCapacity(1, red);
    expect(ids(search(ix, query()))).toEqual([2]);
    expect(gaps(search(ix, query()))).toEqual(['1:capacity']);
    expect(ids(search(ix, query({ at: new Date(AT.getTime() + 3600_000) })))).toEqual([1, 2]);
    ix.setCapacity(1, null);
    expect(ids(search(ix, query()))).toEqual([1, 2]);
    // A capacity set before the service arrives applies when it does, and survives an upsert.
    ix.setCapacity(3, red);
    ix.upsert(makeService({ id: 3, km: 0.5 }));
    expect(gaps(search(ix, query()))).toEqual(['3:capacity']);
    ix.upsert(makeService({ id: 3, km: 0.6 }));
    expect(gaps(search(ix, query()))).toEqual(['3:capacity']);
    ix.setCapacity(3, { ...red, status: 'amber', reason: 'busy' });
    expect(search(ix, query()).results.find((x) => x.serviceId === 3)).toMatchObject({ capacity: { status: 'amber', reason: 'busy' } });
  });

  it('setRankings reorders the next search', () => {
    const ix = index([{ id: 1, typeId: 105, km: 1 }, { id: 2, typeId: 135, km: 2 }]);
    expect(ids(search(ix, query()))).toEqual([2, 1]);
    ix.setRankings([{ areaCode: 'ek-canterbury', serviceTypeId: 105, rank: 1 }]);
    expect(ids(search(ix, query()))).toEqual([1, 2]);
  });

  it('catch-all sees upserted and removed emergency departments', () => {
    const ed = (id: number, km: number): TestService => ({ id, typeId: 105, km, symptoms: [{ sg: 1004, sd: '4052' }] });
    const ix = index([ed(1, 20)]);
    expect(ids(search(ix, query()))).toEqual([1]);
    ix.upsert(makeService(ed(2, 10)));
    expect(ids(search(ix, query()))).toEqual([2, 1]);
    ix.remove(2);
    ix.upsert(makeService({ ...ed(1, 5), status: 'closed' }));
    expect(search(ix, query()).results).toEqual([]);
  });

  it('catch-all finds the nearest emergency departments north and south, however they were added', () => {
    const ed = (id: number, northKm: number): TestService => ({ id, typeId: 105, ...offsetKm(HOME, northKm), symptoms: [{ sg: 1004, sd: '4052' }] });
    const ix = index([ed(1, 30), ed(2, -70)]);
    expect(ids(search(ix, query()))).toEqual([1]);
    for (const [id, km] of [[3, -15], [4, 40], [5, 5], [6, 65]]) ix.upsert(makeService(ed(id, km)));
    expect(ids(search(ix, query()))).toEqual([5, 3]);
    ix.remove(5);
    expect(ids(search(ix, query()))).toEqual([3, 1]);
    ix.upsert(makeService(ed(3, -59)));
    expect(ids(search(ix, query()))).toEqual([1, 4]);
  });

  it('stats report services, groups and an estimate of the index’s own memory', () => {
    const ix = index([{ id: 1 }, { id: 2, symptoms: [{ sg: 1004, sd: '4003' }] }]);
    expect(ix.stats()).toMatchObject({ services: 2, symptomGroups: 2, entries: 2 });
    expect(ix.stats().heapEstimate).toBeGreaterThan(0);
  });

  it('rejects duplicate ids at build', () => {
    expect(() => index([{ id: 1 }, { id: 1 }])).toThrow(/duplicate service id 1/);
  });
});

describe('cells passed over whole', () => {
  it('count their services as considered: by sex, within the exact distance, leaving out the closed, the removed and those for certain practices', () => {
    // Near the patient, three results and 25 gaps (the wrong disposition) within 1.5 km; 15–25 km away,
    // cells of pharmacies that can be neither (the wrong disposition, beyond the twentieth gap):
    // the search passes over them and counts them from the cell summary.
    const r = new Random(5);
    const specs: TestService[] = [1, 2, 3].map((id) => ({ id, km: 0.2 * id }));
    for (let id = 10; id < 35; id++) specs.push({ id, typeId: 13, dispositions: ['Dx06'], ...offsetKm(HOME, r.next() * 2 - 1, r.next() * 2 - 1) });
    for (let id = 100; id < 220; id++) {
      const far = 15 + r.next() * 10;
      const angle = r.next() * 2 * Math.PI;
      specs.push({
        id,
        typeId: 13,
        dispositions: ['Dx06'],
        ...offsetKm(HOME, far * Math.sin(angle), far * Math.cos(angle)),
        sexes: r.pick([['female'], ['male'], ['female', 'male']] as const).slice(),
        status: r.chance(0.15) ? 'closed' : 'active',
      });
    }
    specs.push({ id: 300, typeId: 13, dispositions: ['Dx06'], ...offsetKm(HOME, 20, 0), registeredPractices: ['G10001'] });
    // Just inside and just outside 20 km to the south, where only the exact distance decides.
    for (let id = 400; id < 420; id++) specs.push({ id, typeId: 13, dispositions: ['Dx06'], ...offsetKm(HOME, id % 2 === 0 ? -19.99 : -20.01) });
    const ix = index(specs);
    const live = new Map(specs.map((spec) => [spec.id, makeService(spec)]));
    for (const id of [101, 102, 103]) {
      ix.remove(id);
      live.delete(id);
    }
    const considered: number[] = [];
    for (const [sex, registeredPractice, distanceKm] of [['female', null, 40], ['male', null, 40], ['unknown', null, 40], ['unknown', 'G10001', 40], ['unknown', null, 20]] as const) {
      const q = query({ sex, registeredPractice, distanceKm });
      const plain = reference([...live.values()], new Map(), [], catalogue, calendar, q);
      const every = search(ix, q);
      const kept = search(ix, { ...q, keepGaps: 20 });
      expect(every.considered).toBe(plain.considered);
      expect(kept.considered).toBe(plain.considered);
      expect(ids(kept)).toEqual(plain.results);
      expect(kept.gaps).toEqual(every.nearestGaps!(20));
      considered.push(kept.considered);
    }
    expect(new Set(considered).size).toBe(5);
  });
});

describe('after many random mutations (overlays, grid rebuilds, full rebuilds)', () => {
  it('searches agree with a freshly built index and with the plain rules', () => {
    const r = new Random(3);
    const spec = (id: number): TestService => ({
      id,
      ...offsetKm(HOME, (r.next() - 0.5) * 40, (r.next() - 0.5) * 40),
      typeId: r.pick([100, 135, 136, 25, 105, 13]),
      status: r.chance(0.9) ? 'active' : 'closed',
      dispositions: r.chance(0.7) ? ['Dx05'] : ['Dx06'],
      symptoms: [{ sg: r.pick([1011, 1004]), sd: '4003' }, ...(r.chance(0.4) ? [{ sg: 1011, sd: r.pick(['4052', '14000', '14001']) }] : [])],
      sexes: r.chance(0.8) ? ['female', 'male'] : ['female'],
      referralRoles: r.chance(0.85) ? undefined : ['clinician'],
      openingTimes: r.chance(0.7) ? undefined : everyDay([session('08:00', r.pick(['14:10', '18:00']))]),
      limitedTo: r.chance(0.1) ? ['ek-thanet'] : [],
    });
    // A small overlay limit forces frequent grid rebuilds.
    const live = new Map<number, Service>();
    for (let id = 1; id <= 150; id++) live.set(id, makeService(spec(id)));
    const ix = new DirectoryIndex(live.values(), { catalogue, calendar, overlayLimit: 8 });
    const capacities = new Map<number, Capacity>();
    let nextId = 151;
    for (let step = 0; step < 1500; step++) {
      const u = r.next();
      if (u < 0.5) {
        const id = r.chance(0.7) && live.size ? r.pick([...live.keys()]) : nextId++;
        const s = makeService(spec(id));
        live.set(id, s);
        ix.upsert(s);
      } else if (u < 0.7 && live.size) {
        const id = r.pick([...live.keys()]);
        live.delete(id);
        expect(ix.remove(id)).toBe(true);
      } else {
        const id = r.pick([...live.keys(), nextId]);
        const c: Capacity | null = r.chance(0.3) ? null : { status: r.pick(['red', 'amber', 'green'] as const), reason: 'x', setBy: null, setAt: AT, resetAt: new Date(AT.getTime() + r.pick([-1, 1]) * 600_000) };
        if (c) capacities.set(id, c);
        else capacities.delete(id);
        ix.setCapacity(id, c);
      }
      if (step % 50 === 0) {
        expect(ix.size).toBe(live.size);
        const fresh = new DirectoryIndex(live.values(), { catalogue, calendar, capacities });
        for (const q of [query(), query({ symptomDiscriminators: ['4003', '4052'], distanceKm: 25 }), query({ symptomGroup: 1004, referralRole: 'clinician', sex: 'unknown' })]) {
          const got = search(ix, q);
          const want = search(fresh, q);
          expect(ids(got)).toEqual(ids(want));
          expect(gaps(got)).toEqual(gaps(want));
          expect(got.considered).toBe(want.considered);
          const plain = reference([...live.values()], capacities, [], catalogue, calendar, q);
          expect(ids(got)).toEqual(plain.results);
          expect(gaps(got)).toEqual(plain.gaps);
          expect(got.considered).toBe(plain.considered);
          // Keeping only the nearest gaps lets the search pass over cells, counting from their summaries.
          const kept = search(ix, { ...q, keepGaps: 3 });
          expect(ids(kept)).toEqual(plain.results);
          expect(kept.considered).toBe(plain.considered);
        }
      }
    }
    expect(ix.stats().rebuilds).toBeGreaterThan(10);
  });
});
