// GET /api/insight/coverage (issue 11, item 12): the sweep never holds up other requests, results
// are kept per directory version, the default is the caller's own areas, areas without any service
// are listed once, and the reply is bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceProfileSchema } from '../src/directory/model';
import { MAX_RANGES_PER_PAGE } from '../src/insight/coverage-model';
import { signpostItself } from '../src/platform/actor';
import { aService } from './builders';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
const AT = '2026-11-18T10:00:00Z'; // a Wednesday
const WEEK = '2026-11-16';
const coverage = <T = ApiReply<'/api/insight/coverage'>>(query: string, as: 'commissioner' | 'doslead' | 'admin' = 'commissioner') => t.request<T>('GET', `/api/insight/coverage?${query}`, { as });

async function importAndFollow(profiles: ReturnType<typeof aService>[]): Promise<number[]> {
  const ids = await t.signpost.directory.importServices(signpostItself, profiles.map((p) => ServiceProfileSchema.parse(p)), { reason: 'test' });
  await t.signpost.events.catchUp();
  return ids;
}

beforeAll(async () => {
  t = await testApp({ now: AT });
  // A Canterbury UTC open on weekdays 08:00–20:00: the evenings, nights and weekends are holes.
  await importAndFollow([aService({ publicName: 'Canterbury UTC' })]);
  // The ICB commissions Canterbury and Thanet; the platform team (admin) commissions nothing.
  await t.signpost.geo.setAreaCommissioner(signpostItself, 'ek-canterbury', 'icb');
  await t.signpost.geo.setAreaCommissioner(signpostItself, 'ek-thanet', 'icb');
});
afterAll(async () => t?.close());

describe('GET /api/insight/coverage', () => {
  it('refuses a sweep beyond the queue with 429 and Retry-After, and a repeat of a running one joins it', async () => {
    await t.cookieFor('commissioner');
    const release = t.signpost.coverage.holdThread();
    try {
      const weeks = ['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26'];
      const queued = weeks.map((week) => coverage(`week=${week}&area=ek-canterbury`));
      // Requests run concurrently on a PostgreSQL server: wait until all four are queued.
      for (let i = 0; i < 500 && t.signpost.coverage.sweepsInFlight < weeks.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(t.signpost.coverage.sweepsInFlight).toBe(weeks.length);
      const repeat = coverage(`week=${weeks[0]}&area=ek-canterbury`);
      const refused = await coverage<ErrorReply>('week=2026-11-02&area=ek-canterbury');
      expect(refused.status, JSON.stringify(refused.body)).toBe(429);
      expect(refused.body.error.code).toBe('coverage_busy');
      expect(refused.headers.get('retry-after')).toBe('60');
      release();
      for (const res of await Promise.all([...queued, repeat])) expect(res.status, JSON.stringify(res.body)).toBe(200);
    } finally {
      release();
    }
  });

  it('keeps serving other requests while a sweep is in flight (the sweep runs in a worker thread)', async () => {
    // The worker thread is stopped as if on an endless sweep: the request thread must not care.
    const release = t.signpost.coverage.holdThread();
    const order: string[] = [];
    const inFlight = coverage(`week=2026-11-09&area=ek-canterbury`).then((res) => {
      order.push('coverage');
      return res;
    });
    const health = await t.request('GET', '/api/health');
    order.push('health');
    const search = await t.request<ApiReply<'/api/directory/search', 'post'>>('POST', '/api/directory/search', {
      as: 'callhandler',
      body: { location: { postcode: 'CT1 1AA' }, age: { value: 40, unit: 'years' }, sex: 'female', disposition: 'Dx05', symptomGroup: 1011, symptomDiscriminators: ['4052'], at: AT },
    });
    order.push('search');
    expect(health.status).toBe(200);
    expect(search.status).toBe(200);
    expect(search.body.results.length).toBeGreaterThan(0);
    expect(order).toEqual(['health', 'search']);
    release();
    const res = await inFlight;
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(order).toEqual(['health', 'search', 'coverage']);
    expect(res.body.gaps.map((g: { label: string }) => g.label)).toContain('Mon 20:00–24:00');
  });

  it('defaults to the areas the caller’s organisation commissions', async () => {
    for (const as of ['commissioner', 'doslead'] as const) {
      const res = await coverage(`week=${WEEK}`, as);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.areas.map((a: { areaCode: string }) => a.areaCode)).toEqual(['ek-canterbury', 'ek-thanet']);
      expect(new Set(res.body.gaps.map((g: { areaCode: string }) => g.areaCode))).toEqual(new Set(['ek-canterbury', 'ek-thanet']));
    }
  });

  it('covers the areas of organisations below the caller’s (an ICB sees its place teams’ areas)', async () => {
    await t.signpost.identity.createOrganisation(signpostItself, { id: 'icb-ashford', name: 'Ashford place team', kind: 'commissioner', parentId: 'icb' });
    await t.signpost.geo.setAreaCommissioner(signpostItself, 'ek-ashford', 'icb-ashford');
    try {
      const res = await coverage(`week=${WEEK}`);
      expect(res.body.areas.map((a: { areaCode: string }) => a.areaCode)).toEqual(['ek-ashford', 'ek-canterbury', 'ek-thanet']);
    } finally {
      await t.signpost.geo.setAreaCommissioner(signpostItself, 'ek-ashford', null);
    }
  });

  it('asks for an area (400 naming query.area) when the caller’s organisation commissions none, or an area is unknown', async () => {
    const none = await coverage<ErrorReply>(`week=${WEEK}`, 'admin');
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ path: 'query.area', message: expect.stringMatching(/commissions none/) }]);
    expect((await coverage(`week=${WEEK}&area=ek-canterbury`, 'admin')).status).toBe(200);

    const unknown = await coverage<ErrorReply>(`week=${WEEK}&area=nowhere`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'query.area', message: 'unknown area nowhere' }]);
    const badDx = await coverage<ErrorReply>(`week=${WEEK}&area=ek-canterbury&disposition=Dx999`);
    expect(badDx.status).toBe(400);
    expect(badDx.body.error.details[0].path).toBe('query.disposition');
  });

  it('lists areas with no service in reach once, instead of a range for every need and day', async () => {
    const res = await coverage(`week=${WEEK}&area=ek-canterbury&area=lancs-preston&area=lancs-blackpool`);
    expect(res.status).toBe(200);
    expect(res.body.areasWithoutServices).toEqual([
      { areaCode: 'lancs-preston', name: expect.any(String) },
      { areaCode: 'lancs-blackpool', name: expect.any(String) },
    ]);
    expect(res.body.totals.placesWithoutServices).toBe(2);
    expect(res.body.gaps.every((g: { areaCode: string }) => g.areaCode === 'ek-canterbury')).toBe(true);
    expect(res.body.summary.byArea.map((a: { areaCode: string }) => a.areaCode)).toEqual(['ek-canterbury']);
  });

  it('keeps the result per directory version: a repeat is answered from the cache, a directory change sweeps again', async () => {
    const query = `week=2026-11-23&area=ek-canterbury&disposition=Dx05`;
    const first = await coverage(query);
    expect(first.status).toBe(200);
    expect(first.body.cached).toBe(false);
    const repeat = await coverage(query);
    expect(repeat.body).toMatchObject({ cached: true, directoryVersion: first.body.directoryVersion, totals: first.body.totals });
    expect(repeat.body.gaps).toEqual(first.body.gaps);
    expect(first.body.gaps.map((g: { label: string }) => g.label)).toContain('Sat 00:00–24:00');

    // A weekend service opens: the directory changed, so the next request sweeps again and sees it.
    const weekend = { alwaysOpen: false, weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [{ open: '00:00', close: '24:00' }], sun: [] }, bankHoliday: [], specifiedDates: [] };
    await importAndFollow([aService({ publicName: 'Canterbury weekend clinic', openingTimes: weekend })]);
    const after = await coverage(query);
    expect(after.body.cached).toBe(false);
    expect(after.body.directoryVersion).not.toBe(first.body.directoryVersion);
    expect(after.body.gaps.map((g: { label: string }) => g.label)).not.toContain('Sat 00:00–24:00');
    expect((await coverage(query)).body.cached).toBe(true);

    // A bank holiday override changes the directory's week too.
    await t.signpost.directory.setHolidayOverride(signpostItself, { nation: 'england-and-wales', date: '2026-11-25', kind: 'add', name: 'Test holiday' });
    await t.signpost.events.catchUp();
    const holiday = await coverage(query);
    expect(holiday.body.cached).toBe(false);
    expect(holiday.body.gaps.map((g: { label: string }) => g.label)).toContain('Wed 00:00–24:00');
  });

  it('bounds the reply: one page of gap ranges with the total, and a summary by area and disposition', async () => {
    // A service accepting hundreds of needs, open two hours a day: thousands of gap ranges.
    const { symptomGroups, discriminators } = t.signpost.catalogue;
    const symptoms = symptomGroups.slice(0, 25).flatMap((sg) => discriminators.slice(0, 20).map((sd) => ({ sg: sg.code, sd: sd.code })));
    const twoHours = { open: '10:00', close: '12:00' };
    const daily = { mon: [twoHours], tue: [twoHours], wed: [twoHours], thu: [twoHours], fri: [twoHours], sat: [twoHours], sun: [twoHours] };
    await importAndFollow([aService({ publicName: 'Thanet many-needs clinic', address: { lines: ['1 High Street'], town: 'Margate', postcode: 'CT9 1AA' }, coverage: { dispositions: ['Dx11'], symptoms }, openingTimes: { alwaysOpen: false, weekly: daily, bankHoliday: [], specifiedDates: [] } })]);

    const first = await coverage(`week=${WEEK}&area=ek-thanet&disposition=Dx11`);
    expect(first.status).toBe(200);
    const total = first.body.page.total;
    expect(total).toBe(symptoms.length * 7 * 2);
    expect(first.body.totals.ranges).toBe(total);
    expect(first.body.gaps).toHaveLength(500);
    expect(first.body.page).toEqual({ offset: 0, limit: 500, total, nextOffset: 500 });
    expect(first.body.summary.byArea).toEqual([expect.objectContaining({ areaCode: 'ek-thanet', ranges: total, triplesWithGaps: symptoms.length })]);
    expect(first.body.summary.byArea[0].rangesByHourOfWeek).toHaveLength(168);
    expect(first.body.summary.byArea[0].rangesByHourOfWeek[10]).toBe(0); // Monday 10:00–11:00 is open
    expect(first.body.summary.byArea[0].rangesByHourOfWeek[0]).toBe(symptoms.length);
    expect(first.body.summary.byDisposition).toEqual([{ disposition: 'Dx11', ranges: total, uncoveredSlots: symptoms.length * 7 * 44 }]);

    const biggest = await t.signpost.app.request(`http://signpost.test/api/insight/coverage?week=${WEEK}&area=ek-thanet&disposition=Dx11&limit=${MAX_RANGES_PER_PAGE}`, {
      headers: { cookie: await t.cookieFor('commissioner') },
    });
    const text = await biggest.text();
    expect(JSON.parse(text).gaps).toHaveLength(MAX_RANGES_PER_PAGE);
    expect(text.length).toBeLessThan(1024 * 1024);

    const last = await coverage(`week=${WEEK}&area=ek-thanet&disposition=Dx11&offset=${total - 10}`);
    expect(last.body.gaps).toHaveLength(10);
    expect(last.body.page.nextOffset).toBeNull();
    expect(last.body.cached).toBe(true);

    const tooMany = await coverage<ErrorReply>(`week=${WEEK}&area=ek-thanet&limit=${MAX_RANGES_PER_PAGE + 1}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('query.limit');
  });
});
