import { describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import type { ServiceCapability } from '../directory/model';
import { NeedsMatcher, type MatchedNeed } from '../directory/needs-matcher';
import { emptyWeek, type OpeningTimes } from '../directory/opening-hours';
import { HOME, makeService } from './fixtures';
import type { Capacity } from './model';
import { NeedsIndex, needsWindow, searchByNeeds, type NeedsQuery } from './needs-search';

const catalogue = Catalogue.load();
const calendar = new BankHolidayCalendar();
const matcher = new NeedsMatcher(catalogue.capabilities);
// A Wednesday, 10:00 in London.
const NOW = new Date('2026-11-18T10:00:00Z');

const home = (...codes: string[]): ServiceCapability[] => codes.map((code) => ({ code, where: ['home'] }));
const daily = (open: string, close: string): OpeningTimes => ({
  alwaysOpen: false,
  weekly: Object.fromEntries(Object.keys(emptyWeek()).map((d) => [d, [{ open, close }]])) as OpeningTimes['weekly'],
  bankHoliday: [],
  specifiedDates: [],
});

function needs(...words: string[]): MatchedNeed[] {
  return words.map((w) => {
    const m = matcher.match(w);
    if (!m.ok) throw new Error(m.problem);
    return m.matched;
  });
}

function run(index: NeedsIndex, q: Partial<NeedsQuery> & { needs: MatchedNeed[] }, capacities = new Map<number, Capacity>()) {
  return searchByNeeds(index, { calendar, capacities, typeName: (id) => `type ${id}` }, {
    lat: HOME.lat,
    lon: HOME.lon,
    areaCode: null,
    distanceKm: 20,
    ageDays: 84 * 365,
    registeredPractice: null,
    window: needsWindow('now', NOW),
    referralRole: 'provider',
    now: NOW,
    limit: 10,
    ...q,
  });
}

const nursing = makeService({ id: 1, name: 'District nursing', km: 2, referralRoles: ['clinician', 'provider'], capabilities: home('insulin-administration', 'wound-care') });
const reablement = makeService({ id: 2, name: 'Reablement', km: 3, capabilities: home('personal-care', 'meals', 'welfare-check') });
const everything = makeService({ id: 3, name: 'Does it all', km: 9, capabilities: home('insulin-administration', 'personal-care', 'meals', 'welfare-check') });
const far = makeService({ id: 4, name: 'Too far', km: 40, capabilities: home('insulin-administration', 'personal-care', 'meals', 'welfare-check') });
const TEN_MINUTE_TEST = needs('cannot inject insulin', 'cannot dress', 'cannot cook', 'lives alone');

describe('searchByNeeds', () => {
  it('puts a service covering every need first, pairs that cover them together next, then partial cover, most needs first', () => {
    const out = run(new NeedsIndex([nursing, reablement, everything, far]), { needs: TEN_MINUTE_TEST });
    expect(out.complete.map((s) => s.serviceId)).toEqual([3]);
    expect(out.pairs.map((p) => p.services.map((s) => s.serviceId))).toEqual([[1, 2]]);
    expect(out.partial.map((s) => s.serviceId)).toEqual([2, 1]);
    const [n] = out.pairs[0].services;
    expect(n.covers).toEqual([{ need: 'cannot inject insulin', code: 'insulin-administration', where: ['home'] }]);
    expect(n.missing).toEqual(['cannot dress', 'cannot cook', 'lives alone']);
    expect(out.considered).toBe(3);
  });

  it('counts two needs read as one capability once, and says which need each covers', () => {
    const out = run(new NeedsIndex([reablement]), { needs: needs('cannot dress', 'cannot wash') });
    expect(out.complete).toHaveLength(1);
    expect(out.complete[0].covers.map((c) => c.need)).toEqual(['cannot dress', 'cannot wash']);
  });

  it('leaves out services closed in the window, at red capacity, for other ages or practices, and counts why', () => {
    const night = makeService({ id: 10, km: 1, openingTimes: daily('19:00', '23:00'), capabilities: home('insulin-administration') });
    const red = makeService({ id: 11, km: 1, capabilities: home('insulin-administration') });
    const children = makeService({ id: 12, km: 1, ageFromDays: 0, ageToDays: 6574, capabilities: home('insulin-administration') });
    const practice = makeService({ id: 13, km: 1, registeredPractices: ['G82001'], capabilities: home('insulin-administration') });
    const capacities = new Map<number, Capacity>([[11, { status: 'red', reason: 'no nurses', setBy: 'x', setAt: NOW, resetAt: new Date(NOW.getTime() + 3_600_000) }]]);
    const index = new NeedsIndex([night, red, children, practice]);
    const out = run(index, { needs: needs('insulin-administration') }, capacities);
    expect(out.complete).toEqual([]);
    expect(out.left).toEqual({ closed: 1, red: 1, age: 1, practice: 1, area: 0 });
    // The patient of that practice is offered it; tonight, the night service starts at 19:00.
    expect(run(index, { needs: needs('insulin-administration'), registeredPractice: 'G82001' }, capacities).complete.map((s) => s.serviceId)).toEqual([13]);
    const tonight = run(index, { needs: needs('insulin-administration'), window: needsWindow('today', NOW) }, capacities);
    const nightResult = tonight.complete.find((s) => s.serviceId === 10)!;
    expect(nightResult.openNow).toBe(false);
    expect(nightResult.opensAt).toEqual(new Date('2026-11-18T19:00:00Z'));
  });

  it('shows an expired red as green, and says who may refer', () => {
    const capacities = new Map<number, Capacity>([[1, { status: 'red', reason: 'old', setBy: 'x', setAt: NOW, resetAt: new Date(NOW.getTime() - 1) }]]);
    const asCallHandler = run(new NeedsIndex([nursing]), { needs: needs('cannot inject insulin'), referralRole: 'call-handler' }, capacities);
    expect(asCallHandler.complete[0].capacity.status).toBe('green');
    expect(asCallHandler.complete[0].youMayRefer).toBe(false);
    expect(asCallHandler.complete[0].referNote).toMatch(/clinician, provider/);
    expect(run(new NeedsIndex([nursing]), { needs: needs('cannot inject insulin') }).complete[0].youMayRefer).toBe(true);
  });

  it('follows changes: an upserted service replaces the old, a removed one goes', () => {
    const index = new NeedsIndex([nursing]);
    index.upsert({ ...nursing, capabilities: home('wound-care') });
    expect(run(index, { needs: needs('cannot inject insulin') }).complete).toEqual([]);
    index.upsert(makeService({ id: 5, km: 1, capabilities: home('insulin-administration') }));
    expect(run(index, { needs: needs('cannot inject insulin') }).complete.map((s) => s.serviceId)).toEqual([5]);
    index.remove(5);
    expect(run(index, { needs: needs('cannot inject insulin') }).complete).toEqual([]);
    expect(index.size).toBe(1);
  });
});

describe('needsWindow', () => {
  it('reads now, today and tomorrow morning in London time', () => {
    expect(needsWindow('now', NOW)).toMatchObject({ from: NOW, to: new Date('2026-11-18T12:00:00Z') });
    expect(needsWindow('today', NOW).to).toEqual(new Date('2026-11-19T00:00:00Z'));
    // In summer London is an hour ahead: 08:00 there is 07:00 UTC.
    expect(needsWindow('tomorrow-morning', new Date('2026-07-01T20:00:00Z'))).toMatchObject({ from: new Date('2026-07-02T07:00:00Z'), to: new Date('2026-07-02T11:00:00Z') });
  });
});

describe('NeedsMatcher', () => {
  it('reads the ten-minute test’s needs in words, stemmed, and capability codes as themselves', () => {
    expect(TEN_MINUTE_TEST.map((n) => n.capability.code)).toEqual(['insulin-administration', 'personal-care', 'meals', 'welfare-check']);
    expect(needs('she is unable to inject her insulin', 'injections of insulin', 'broken arm', 'fallen on the floor').map((n) => n.capability.code)).toEqual([
      'insulin-administration',
      'insulin-administration',
      'short-term-reablement',
      'falls-response',
    ]);
    expect(matcher.match('Wound-Care')).toMatchObject({ ok: true, matched: { by: 'code', capability: { code: 'wound-care' } } });
  });

  it('names an unknown code, words that match nothing, and words that say nothing', () => {
    expect(matcher.match('flying-carpet')).toEqual({ ok: false, need: 'flying-carpet', problem: 'unknown capability flying-carpet' });
    expect(matcher.match('xyzzy')).toMatchObject({ ok: false, problem: expect.stringContaining('xyzzy') });
    expect(matcher.match('cannot the')).toMatchObject({ ok: false, problem: expect.stringContaining('does not say what the patient needs') });
  });

  it('finds capabilities for the directory browser’s free text', () => {
    expect(matcher.capabilitiesMatching('insulin')).toEqual(['insulin-administration']);
    expect(matcher.capabilitiesMatching('cannot dress')).toEqual(['personal-care']);
    expect(matcher.capabilitiesMatching('the')).toEqual([]);
  });
});
