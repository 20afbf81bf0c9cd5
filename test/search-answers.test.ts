// Right answers from POST /api/directory/search (issue 11, items 14–17): ages at every boundary of
// the catalogue (also from a case's date of birth), working-day windows, codes in any case, and
// explanations for what the catch-all offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { yearsToDays } from '../src/directory/age';
import { ServiceProfileSchema } from '../src/directory/model';
import { emptyWeek } from '../src/directory/opening-hours';
import { signpostItself } from '../src/platform/actor';
import { aSearch, aService } from './builders';
import { aPatient, openCase } from './case-helpers';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
const AT = '2026-11-18T10:00:00Z'; // a Wednesday morning
const FRIDAY_EVENING = '2026-11-20T19:00:00Z';

const request = (overrides: Record<string, unknown> = {}) => aSearch({ at: AT, limit: 50, ...overrides });
const searchFor = <T = Reply>(overrides: Record<string, unknown>) => t.request<T>('POST', '/api/directory/search', { as: 'callhandler', body: request(overrides) });

type Reply = ApiReply<'/api/directory/search', 'post'>;
const ids = (body: { results: { serviceId: number }[] }) => body.results.map((r) => r.serviceId);
const failed = (body: Reply, id: number) => body.excluded!.find((e) => e.serviceId === id)?.rules.map((r) => r.rule) ?? [];

/** Each boundary: the patient's age as given at it, one step under it, and its limit in days. */
const BOUNDARIES = [
  { label: '28 days', limit: 28, at: { value: 28, unit: 'days' }, under: { value: 27, unit: 'days' } },
  { label: '1 year', limit: yearsToDays(1), at: { value: 12, unit: 'months' }, under: { value: 364, unit: 'days' } },
  { label: '2 years', limit: yearsToDays(2), at: { value: 2, unit: 'years' }, under: { value: 23, unit: 'months' } },
  { label: '5 years', limit: yearsToDays(5), at: { value: 5, unit: 'years' }, under: { value: 4, unit: 'years' } },
  { label: '16 years', limit: yearsToDays(16), at: { value: 16, unit: 'years' }, under: { value: 15, unit: 'years' } },
  { label: '18 years', limit: yearsToDays(18), at: { value: 18, unit: 'years' }, under: { value: 17, unit: 'years' } },
  { label: '65 years', limit: yearsToDays(65), at: { value: 65, unit: 'years' }, under: { value: 64, unit: 'years' } },
];
/** label → [the "and over" service, the "under" service] */
const pairs = new Map<string, [number, number]>();
let allAges: number;
let practiceOnly: number;
let ownGp: number;
let gp: number;
let ed: number;
let adults4003: number;

beforeAll(async () => {
  t = await testApp({ now: AT });
  const profiles = [];
  for (const b of BOUNDARIES) {
    profiles.push(aService({ publicName: `${b.label} and over`, eligibility: { ageFromDays: b.limit, ageToDays: 47482, sexes: ['female', 'male'], registeredPractices: [] } }));
    profiles.push(aService({ publicName: `under ${b.label}`, eligibility: { ageFromDays: 0, ageToDays: b.limit - 1, sexes: ['female', 'male'], registeredPractices: [] } }));
  }
  const weekdays = { ...emptyWeek(), ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ open: '08:00', close: '18:30' }]])) };
  const gpTimes = { alwaysOpen: false, weekly: weekdays, bankHoliday: [], specifiedDates: [] };
  profiles.push(aService({ publicName: 'All ages' }));
  // Codes in lower case are made canonical by the profile schema.
  profiles.push(aService({ typeId: 136, publicName: 'Practice-only hub', odsCode: 'y00001', eligibility: { ageFromDays: 0, ageToDays: 47482, sexes: ['female', 'male'], registeredPractices: ['g82001'] } }));
  profiles.push(aService({ typeId: 100, publicName: 'The patient’s own practice', odsCode: 'g82001', openingTimes: gpTimes, coverage: { dispositions: ['dx03', 'Dx05', 'Dx115'], symptoms: [{ sg: 1011, sd: '4052' }] } }));
  profiles.push(aService({ typeId: 100, publicName: 'Another practice', odsCode: 'G82999', openingTimes: gpTimes, coverage: { dispositions: ['Dx115'], symptoms: [{ sg: 1011, sd: '4052' }] } }));
  // An emergency department for children only that does not take Dx05.
  profiles.push(aService({ typeId: 105, publicName: 'Children’s ED', coverage: { dispositions: ['Dx02'], symptoms: [{ sg: 1011, sd: '4052' }] }, eligibility: { ageFromDays: 0, ageToDays: yearsToDays(16) - 1, sexes: ['female', 'male'], registeredPractices: [] } }));
  // For the case search: only these two profile SD 4003, one for adults, one for under-18s.
  const sd4003 = { dispositions: ['Dx03'], symptoms: [{ sg: 1011, sd: '4003' }] };
  profiles.push(aService({ publicName: 'Adults (SD 4003)', coverage: sd4003, eligibility: { ageFromDays: yearsToDays(18), ageToDays: 47482, sexes: ['female', 'male'], registeredPractices: [] } }));
  profiles.push(aService({ typeId: 136, publicName: 'Under 18 (SD 4003)', coverage: sd4003, eligibility: { ageFromDays: 0, ageToDays: yearsToDays(18) - 1, sexes: ['female', 'male'], registeredPractices: [] } }));
  const created = await t.signpost.directory.importServices(signpostItself, profiles.map((p) => ServiceProfileSchema.parse(p)), { reason: 'test' });
  BOUNDARIES.forEach((b, i) => pairs.set(b.label, [created[2 * i], created[2 * i + 1]]));
  [allAges, practiceOnly, ownGp, gp, ed, adults4003] = created.slice(BOUNDARIES.length * 2);
  for (let i = 0; i < 100 && t.signpost.search.directoryIndex.get(ed) === undefined; i++) {
    await t.signpost.events.catchUp();
    await new Promise((r) => setTimeout(r, 25));
  }
});
afterAll(async () => t?.close());

describe('ages at every boundary of the catalogue (item 14)', () => {
  it.each(BOUNDARIES)('$label: a patient of exactly that age is in "$label and over" and out of "under $label"; a step younger, the reverse', async ({ label, at, under }) => {
    const [andOver, below] = pairs.get(label)!;
    const exactly = await searchFor({ age: at, explain: true });
    expect(exactly.status, JSON.stringify(exactly.body)).toBe(200);
    expect(failed(exactly.body, andOver)).not.toContain('age');
    expect(failed(exactly.body, below)).toContain('age');
    const younger = await searchFor({ age: under, explain: true });
    expect(failed(younger.body, andOver)).toContain('age');
    expect(failed(younger.body, below)).not.toContain('age');
  });

  it('0 days: a newborn is in an all-ages service and the under-28-days one, not in "28 days and over"', async () => {
    const res = await searchFor({ age: { value: 0, unit: 'days' }, explain: true });
    expect(failed(res.body, allAges)).not.toContain('age');
    expect(failed(res.body, pairs.get('28 days')![1])).not.toContain('age');
    expect(failed(res.body, pairs.get('28 days')![0])).toContain('age');
  });

  it('a case’s patient on their 18th birthday is 18: the case search offers the 18-and-over service', async () => {
    // Born 18 years before today, with 4 leap days between: 6574 days lived, the limit is 6575.
    const opened = await openCase(t, aPatient({ dateOfBirth: '2008-11-18' }));
    const res = await t.request<ApiReply<'/api/cases/{id}/searches', 'post'>>('POST', `/api/cases/${opened.case.id}/searches`, {
      as: 'callhandler',
      body: { disposition: 'Dx03', symptomGroup: 1011, symptomDiscriminators: ['4003'], at: AT, limit: 50 },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(ids(res.body)).toEqual([adults4003]);
  });
});

describe('working days (item 15)', () => {
  it('Friday evening, "next working day": practices opening on Monday are offered, the window ends Monday night', async () => {
    const res = await searchFor({ disposition: 'Dx115', at: FRIDAY_EVENING });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.catchAll).toBe(false);
    // One GP practice a search (the type's maximum), opening on Monday morning.
    expect(res.body.results[0]).toMatchObject({ serviceId: expect.toBeOneOf([ownGp, gp]), openNow: false, opensAt: '2026-11-23T08:00:00.000Z' });
    expect(res.body.windowEnd).toBe('2026-11-23T23:59:59.999Z');
  });
});

describe("working days of a case, by the patient's nation (item 15)", () => {
  it("counts a Scottish patient's next working day past St Andrew's Day, an English patient's not", () => {
    const fridayEvening = new Date('2026-11-27T19:00:00Z'); // Monday 30 November is St Andrew's Day
    const dueFor = (postcode: string) => {
      const nation = t.signpost.cases.nationOfCase({ currentLocation: null, patient: aPatient({ postcode }) });
      return t.signpost.cases.clinicianDisposition(signpostItself, 'Dx115', fridayEvening, { nation }).dueBy?.toISOString();
    };
    expect(dueFor('CT1 3NG')).toBe('2026-11-30T23:59:59.999Z');
    expect(dueFor('EH1 1YZ')).toBe('2026-12-01T23:59:59.999Z');
  });
});

describe('codes in any case (item 16)', () => {
  it('a lower-case practice code finds practice-restricted services and puts the own practice first', async () => {
    const res = await searchFor({ registeredPractice: ' g82001 ', disposition: 'dx03', symptomDiscriminators: ['4052'], location: { postcode: 'ct1  1aa' } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(ids(res.body)).toContain(practiceOnly);
    expect(res.body.results[0]).toMatchObject({ serviceId: ownGp, tier: 'own-gp' });
    expect(res.body.query).toMatchObject({ disposition: 'Dx03' });
  });

  it('a practice code that is not one is a 400 naming the field', async () => {
    const res = await searchFor<ErrorReply>({ registeredPractice: 'G8-2001' });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.registeredPractice');
  });

  it('profiles keep the canonical codes', async () => {
    const service = t.signpost.search.directoryIndex.get(ownGp)!;
    expect(service.odsCode).toBe('G82001');
    expect(service.coverage.dispositions).toContain('Dx03');
    expect(t.signpost.search.directoryIndex.get(practiceOnly)!.eligibility.registeredPractices).toEqual(['G82001']);
  });
});

describe('explain and the catch-all (item 17)', () => {
  it('the emergency department the catch-all offered is listed with both rules it failed', async () => {
    // A 30-year-old, Dx02: the children's ED takes Dx02, but not adults; nothing else takes Dx02.
    const res = await searchFor({ disposition: 'Dx05', age: { value: 30, unit: 'years' }, symptomDiscriminators: ['4052'], explain: true, location: { postcode: 'CT1 1AA' }, sex: 'male', referralRole: 'patient' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.catchAll).toBe(true);
    expect(ids(res.body)).toContain(ed);
    const exclusion = res.body.excluded!.find((e: { serviceId: number }) => e.serviceId === ed);
    expect(exclusion).toMatchObject({ offeredByCatchAll: true });
    expect(exclusion!.rules.map((r: { rule: string }) => r.rule)).toEqual(['disposition', 'referral-role', 'age']);
  });
});

describe('triage ages through the API (item 14)', () => {
  const start = <T = ApiReply<'/api/triage/sessions', 'post'>>(age: unknown, pathwayId: string) => t.request<T>('POST', '/api/triage/sessions', { as: 'callhandler', body: { age, sex: 'female', entry: { pathwayId } } });

  it('a first birthday in days is a toddler: the toddler pathway opens, the day before it does not', async () => {
    expect((await start({ value: 365, unit: 'days' }, 'dental-injury')).status).toBe(201);
    expect((await start({ value: 364, unit: 'days' }, 'dental-injury')).status).toBe(409);
  });

  it('an age may be given as a date of birth, counted by the calendar on the server’s date', async () => {
    const sixteen = await start({ dateOfBirth: '2010-11-18' }, 'falls');
    expect(sixteen.status, JSON.stringify(sixteen.body)).toBe(201);
    expect(sixteen.body.session.patient.ageDays).toBe(yearsToDays(16));
    expect((await start({ dateOfBirth: '2010-11-19' }, 'falls')).status).toBe(409);
    const bad = await start<ErrorReply>({ dateOfBirth: '2010-02-30' }, 'falls');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toMatch(/^body\.age/);
  });

  it('the pathway list by age in days agrees with the session', async () => {
    const list = async (ageDays: number) => (await t.request<ApiReply<'/api/triage/pathways'>>('GET', `/api/triage/pathways?ageDays=${ageDays}`, { as: 'callhandler' })).body.pathways.map((p: { pathwayId: string }) => p.pathwayId);
    expect(await list(365)).toContain('dental-injury');
    expect(await list(364)).not.toContain('dental-injury');
  });
});
