import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoBaselineSource } from './baseline-source';
import { Catalogue } from '../directory/catalogue';
import { parseDistrictCsv } from '../geo/service';
import { ageBandsFor, buildBaseline, openHoursOfWeek } from '../modelling/baseline';
import { simulate } from '../modelling/engine';
import { parseSimulationInput } from '../modelling/model';

const catalogue = Catalogue.load();
const districts = parseDistrictCsv(readFileSync(new URL('../../data/geo/postcode-districts.csv', import.meta.url), 'utf8'));

describe('the baseline from the directory', () => {
  const source = demoBaselineSource(catalogue, districts);
  const baseline = buildBaseline(source, { horizonDays: 7, warmUpDays: 1, seed: 7 });

  it('is a valid input whose services and organisations are the directory’s', () => {
    const input = parseSimulationInput(baseline.input);
    const ids = new Set(source.services.map((s) => String(s.id)));
    const orgs = new Set(source.services.map((s) => s.organisationId));
    expect(input.services.length).toBeGreaterThan(400);
    for (const s of input.services) {
      expect(ids.has(s.id)).toBe(true);
      expect(orgs.has(s.organisationId)).toBe(true);
    }
    // Telephony, emergency departments and the ambulance service are queues and routes, not receivers.
    const typeOf = new Map(source.services.map((s) => [String(s.id), s.typeId]));
    expect(input.services.some((s) => [130, 133, 139, 105, 1081].includes(typeOf.get(s.id)!))).toBe(false);
    expect(input.areas.map((a) => a.id)).toEqual(['ek-ashford', 'ek-canterbury', 'ek-south-kent-coast', 'ek-thanet']);
  });

  it('sizes demand from the areas’ population', () => {
    expect(baseline.summary.population).toBe(720_500);
    expect(baseline.summary.contactsPerYear).toBe(Math.round(720_500 * 0.3));
    const perWeek = baseline.input.areas.reduce((a, area) => a + area.callsPerHourOfWeek.reduce((x, y) => x + y, 0), 0);
    expect(perWeek).toBeCloseTo((720_500 * 0.3 * 7) / 365, 6);
  });

  it('runs, with plausible volumes and waits', () => {
    const out = simulate(parseSimulationInput(baseline.input));
    // ~4,100 first contacts in six counted days, plus re-contacts.
    expect(out.calls.offered).toBeGreaterThan(3_400);
    expect(out.calls.offered).toBeLessThan(4_900);
    expect(out.calls.serviceLevel).toBeGreaterThan(0.8);
    expect(out.calls.abandonedShare).toBeLessThan(0.1);
    expect(out.outcomes.referred / out.calls.offered).toBeGreaterThan(0.4);
    // Most referrals find a service: the directory has room for the demand it was sized for.
    expect(out.acute.unplacedToEd / out.calls.offered).toBeLessThan(0.1);
    expect(Object.keys(out.organisations).length).toBeGreaterThan(10);
  });

  it('cuts age bands at the directory’s eligibility thresholds', () => {
    const bands = ageBandsFor(source.services);
    expect(bands[0].fromDays).toBe(0);
    for (const s of source.services) {
      for (const edge of [s.eligibility.ageFromDays, s.eligibility.ageToDays + 1]) {
        if (edge > 0 && edge < 47_000) expect(bands.some((b) => b.fromDays === edge)).toBe(true);
      }
    }
    // An adults-only service does not see children.
    const adultOnly = baseline.input.services.find((s) => source.services.find((d) => String(d.id) === s.id)!.eligibility.ageFromDays >= 6575)!;
    expect(adultOnly.ageBands).not.toContain(bands[0].id);
  });

  it('turns weekly sessions into open hours (open when open at half past)', () => {
    const weekly = { mon: [{ open: '08:00', close: '18:30' }], tue: [], wed: [], thu: [], fri: [], sat: [{ open: '09:15', close: '12:00' }], sun: [] };
    const hours = openHoursOfWeek({ alwaysOpen: false, weekly });
    expect(hours.filter(Boolean).length).toBe(10 + 3);
    expect(hours[8]).toBe(true);
    expect(hours[18]).toBe(false);
    expect(hours[5 * 24 + 9]).toBe(true);
    expect(openHoursOfWeek({ alwaysOpen: true, weekly }).every(Boolean)).toBe(true);
  });

  it('staffs the rota to the Erlang need, more in the busy hours', () => {
    const rota = baseline.input.callHandling.handlersPerHalfHour;
    expect(Math.max(...rota)).toBeGreaterThan(Math.min(...rota));
    expect(rota[5 * 48 + 20]).toBeGreaterThan(rota[8]); // Saturday 10:00 > Monday 04:00
  });
});
