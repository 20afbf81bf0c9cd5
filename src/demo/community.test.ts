import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { beforeAll, describe, expect, it } from 'vitest';
import { BankHolidayCalendar } from '../directory/bank-holidays';
import { Catalogue } from '../directory/catalogue';
import { ServiceProfileSchema, type ServiceProfile, type ServiceProfileInput } from '../directory/model';
import { isOpenAt } from '../directory/opening-hours';
import { distanceKm } from '../geo/distance';
import type { District } from '../geo/model';
import { parseDistrictCsv } from '../geo/service';
import { Roles } from '../platform/actor';
import { buildDemoCommunity, CATHETER_ROTA_START, EAST_KENT_AREAS, eastKentDistricts, type DemoCommunity } from './community';
import { SD_BLOCKED_CATHETER, SD_CATHETER_INFECTION, SD_CATHETER_LEAKING, SD_CATHETER_OUT, SG_CATHETER } from './coverage';
import { generateNationalDirectory } from './national';

const catalogue = Catalogue.load();
const allDistricts = parseDistrictCsv(fs.readFileSync(fileURLToPath(new URL('../../data/geo/postcode-districts.csv', import.meta.url)), 'utf8'));
const calendar = new BankHolidayCalendar();
/** A local Europe/London wall time as an instant. */
const london = (local: string) => DateTime.fromISO(local, { zone: 'Europe/London' }).toJSDate();

let community: DemoCommunity;
let profiles: ServiceProfile[];
beforeAll(() => {
  community = buildDemoCommunity(catalogue, eastKentDistricts(allDistricts));
  profiles = community.services.map((s) => ServiceProfileSchema.parse(s));
});

const openAt = (s: ServiceProfile, at: Date) => isOpenAt(s.openingTimes, 'england-and-wales', at, calendar);
const accepts = (s: ServiceProfile, dx: string, sg: number, sd: string) => s.coverage.dispositions.includes(dx) && s.coverage.symptoms.some((p) => p.sg === sg && p.sd === sd);
const ofType = (typeId: number) => profiles.filter((s) => s.typeId === typeId);

function nearestArea(districts: District[], lat: number, lon: number): string | null {
  let best: District | undefined;
  let km = Infinity;
  for (const d of districts) {
    const k = distanceKm(lat, lon, d.lat, d.lon);
    if (k < km) [best, km] = [d, k];
  }
  return best?.areaCode ?? null;
}

describe('the demo community (East Kent)', () => {
  it('has 600+ services, and every service type of the catalogue', () => {
    expect(community.services.length).toBeGreaterThanOrEqual(600);
    const used = new Set(community.services.map((s) => s.typeId));
    const missing = catalogue.serviceTypes.filter((t) => !used.has(t.id)).map((t) => `${t.id} ${t.name}`);
    expect(missing).toEqual([]);
  });

  it('has realistic numbers of the common services', () => {
    const practices = community.organisations.filter((o) => o.kind === 'gp-practice');
    expect(practices.length).toBe(110);
    expect(practices.every((o) => /^DEMO\d{3}$/.test(o.odsCode ?? ''))).toBe(true);
    expect(ofType(13).length).toBeGreaterThanOrEqual(140);
    expect(ofType(105).map((s) => s.name)).toEqual([
      'William Harvey Hospital emergency department',
      'Queen Elizabeth the Queen Mother Hospital emergency department',
    ]);
    expect(ofType(105).every((s) => s.openingTimes.alwaysOpen)).toBe(true);
  });

  it('every profile is valid and uses only catalogue codes', () => {
    for (const [i, s] of community.services.entries()) {
      const parsed = ServiceProfileSchema.safeParse(s);
      expect(parsed.success, `services.${i} ${s.name}: ${parsed.error?.message}`).toBe(true);
      const problems = catalogue.unknownCodes({
        dispositions: s.coverage.dispositions,
        symptomGroups: s.coverage.symptoms.map((p) => p.sg),
        discriminators: s.coverage.symptoms.map((p) => p.sd),
        serviceTypes: [s.typeId],
      });
      expect(problems, s.name).toEqual([]);
    }
  });

  it('places each service in East Kent, commissioned for its own area, with known organisations', () => {
    const districts = eastKentDistricts(allDistricts);
    const orgIds = new Set(community.organisations.map((o) => o.id));
    const areas = new Set<string>(EAST_KENT_AREAS);
    for (const s of profiles) {
      expect(s.location, s.name).toBeDefined();
      const own = nearestArea(districts, s.location!.lat, s.location!.lon);
      expect(s.areas.commissionedFor, s.name).toContain(own);
      for (const code of [...s.areas.commissionedFor, ...s.areas.limitedTo, ...s.areas.promotedInto]) expect(areas.has(code), `${s.name}: ${code}`).toBe(true);
      expect(orgIds.has(s.organisationId), s.name).toBe(true);
      expect(districts.some((d) => s.address.postcode.startsWith(`${d.district} `)), `${s.name}: ${s.address.postcode}`).toBe(true);
    }
    const eds = ofType(105);
    for (const ed of eds) expect([...ed.areas.commissionedFor].sort()).toEqual([...EAST_KENT_AREAS].sort());
  });

  it('has limited, promoted and practice-restricted services', () => {
    expect(profiles.filter((s) => s.areas.limitedTo.length > 0).length).toBeGreaterThanOrEqual(1);
    expect(profiles.filter((s) => s.areas.promotedInto.length > 0).length).toBeGreaterThanOrEqual(1);
    const restricted = profiles.filter((s) => s.eligibility.registeredPractices.length > 0);
    expect(restricted).toHaveLength(1);
    const codes = new Set(community.organisations.map((o) => o.odsCode));
    expect(restricted[0].eligibility.registeredPractices).toHaveLength(2);
    for (const code of restricted[0].eligibility.registeredPractices) expect(codes.has(code)).toBe(true);
  });

  it('models eligibility: children’s, pregnancy and adult-only services', () => {
    const pau = ofType(1071);
    expect(pau.every((s) => s.eligibility.ageFromDays === 0 && s.eligibility.ageToDays === Math.round(16 * 365.25))).toBe(true);
    const epu = ofType(1072);
    expect(epu.every((s) => s.eligibility.sexes.join() === 'female' && s.eligibility.ageFromDays === Math.round(16 * 365.25) && s.eligibility.ageToDays === Math.round(55 * 365.25))).toBe(true);
    expect(ofType(1040).every((s) => s.eligibility.sexes.join() === 'female')).toBe(true);
    expect(profiles.some((s) => s.eligibility.ageFromDays === Math.round(18 * 365.25))).toBe(true);
  });

  it('models access as data', () => {
    expect(ofType(105).every((s) => s.access.walkIn && s.referralRoles.includes('patient'))).toBe(true);
    expect(ofType(25).every((s) => s.access.referralOnly && !s.referralRoles.includes('patient'))).toBe(true);
    expect(ofType(133).every((s) => s.access.referralOnly)).toBe(true);
    expect(ofType(13).every((s) => s.access.walkIn)).toBe(true);
    expect(ofType(1010).every((s) => s.access.phoneFirst && !s.access.walkIn)).toBe(true);
    expect(ofType(1030).every((s) => s.access.referralOnly)).toBe(true);
    for (const s of profiles) for (const e of s.referralEndpoints) if (e.kind === 'fhir') expect(e.address).toMatch(/^https:\/\/[a-z0-9.-]+\.example\.nhs\.uk\//);
  });

  it('finds services for common triage outcomes', () => {
    const cases: [string, number, string, number][] = [
      ['Dx02', 1011, '14000', 105], // cardiac chest pain → ED
      ['Dx03', 11020, '14270', 135], // possible fracture → UTC
      ['Dx05', 1004, '4003', 100], // abdominal pain, primary care → GP
      ['Dx06', 11014, '14201', 25], // cough, fever, breathless → GP OOH
      ['Dx28', 11013, '14192', 13], // sore throat → pharmacy
      ['Dx98', 1146, '14281', 13], // emergency contraception → pharmacy
      ['Dx87', 1192, '14232', 13], // repeat prescription → pharmacy
      ['Dx118', 1169, '14100', 1010], // dental abscess → urgent dental
      ['Dx92', 1186, '14121', 1020], // mental health crisis → crisis team
      ['Dx117', 360, 'Z001', 1033], // palliative care register → palliative line
      ['Dx60', 1073, '14113', 14], // red eye → optician
      ['Dx50', 11016, '14221', 1040], // possible labour → maternity triage
      ['Dx94', 1146, '14280', 1051], // sexual assault → SARC
      ['Dx14', 11015, '14211', 133], // earache → CAS call-back
      ['Dx334', 1011, '14000', 139], // validation of an ED outcome
      ['Dx110', SG_CATHETER, SD_CATHETER_LEAKING, 1030], // catheter leaking → district nursing
    ];
    for (const [dx, sg, sd, typeId] of cases) {
      expect(profiles.some((s) => s.typeId === typeId && accepts(s, dx, sg, sd)), `${dx} ${sg}/${sd} → type ${typeId}`).toBe(true);
    }
  });

  it('is deterministic for a seed', () => {
    const again = buildDemoCommunity(catalogue, eastKentDistricts(allDistricts));
    expect(JSON.stringify(again)).toBe(JSON.stringify(community));
    const other = buildDemoCommunity(catalogue, eastKentDistricts(allDistricts), 7);
    expect(JSON.stringify(other.services)).not.toBe(JSON.stringify(community.services));
    expect(other.services.length).toBe(community.services.length);
  });

  it('has one user per role, in known organisations, parents created before children', () => {
    const seen = new Set<string>();
    for (const org of community.organisations) {
      if (org.parentId) expect(seen.has(org.parentId), `${org.id} before its parent ${org.parentId}`).toBe(true);
      seen.add(org.id!);
    }
    for (const role of Roles) expect(community.users.some((u) => u.roles.includes(role)), role).toBe(true);
    for (const u of community.users) expect(seen.has(u.organisationId), u.username).toBe(true);
    const names = community.users.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['callhandler', 'clinician', 'provider', 'doslead', 'doslead2', 'governance', 'governance2', 'commissioner', 'admin', 'acute', 'practice']));
    const practiceUser = community.users.find((u) => u.username === 'practice')!;
    expect(community.organisations.find((o) => o.id === practiceUser.organisationId)?.kind).toBe('gp-practice');
  });

  it('has area ranking strategies: Thanet ranks its UTC above the GP out-of-hours base', () => {
    const thanet = (typeId: number) => community.rankings.find((r) => r.areaCode === 'ek-thanet' && r.serviceTypeId === typeId)!.rank;
    expect(thanet(135)).toBeLessThan(thanet(25));
    for (const r of community.rankings) {
      expect(EAST_KENT_AREAS).toContain(r.areaCode);
      expect(catalogue.serviceType(r.serviceTypeId)).toBeDefined();
    }
  });
});

describe('the gaps commissioners describe', () => {
  const catheterPairs = [SD_BLOCKED_CATHETER, SD_CATHETER_OUT, SD_CATHETER_LEAKING, SD_CATHETER_INFECTION];

  it('(a) nobody takes a catheter problem as Dx110/Dx111 between 17:30 and 19:00, and someone does either side', () => {
    const forDx110 = profiles.filter((s) => accepts(s, 'Dx110', SG_CATHETER, SD_CATHETER_LEAKING));
    expect(forDx110.length).toBeGreaterThan(1);
    // A winter and a summer weekday (GMT and BST).
    for (const day of ['2026-11-18', '2026-06-17']) {
      expect(forDx110.filter((s) => openAt(s, london(`${day}T18:00`))).map((s) => s.name)).toEqual([]);
      expect(forDx110.some((s) => openAt(s, london(`${day}T16:00`)))).toBe(true);
      expect(forDx110.some((s) => openAt(s, london(`${day}T20:00`)))).toBe(true);
    }
    // No service of any kind, for any catheter pair, with either disposition, in the slot.
    const anyCatheter = profiles.filter((s) => ['Dx110', 'Dx111'].some((dx) => s.coverage.dispositions.includes(dx)) && s.coverage.symptoms.some((p) => p.sg === SG_CATHETER));
    for (const sd of catheterPairs) expect(anyCatheter.some((s) => accepts(s, 'Dx111', SG_CATHETER, sd)), sd).toBe(true);
    expect(new Set(anyCatheter.map((s) => s.typeId))).toEqual(new Set([1030, 1031, 1032]));
    for (const time of ['17:30', '18:00', '18:30', '18:59']) {
      for (const day of ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']) {
        expect(anyCatheter.filter((s) => openAt(s, london(`${day}T${time}`))).map((s) => s.name), `${day} ${time}`).toEqual([]);
      }
    }
  });

  it('(b) the only nurse who can re-catheterise works Monday to Thursday and alternate Fridays', () => {
    const canCatheterise = profiles.filter((s) => accepts(s, 'Dx110', SG_CATHETER, SD_BLOCKED_CATHETER));
    expect(canCatheterise).toHaveLength(1);
    const nurse = canCatheterise[0];
    expect(nurse.openingTimes.weekly.fri).toEqual([]);
    expect(nurse.openingTimes.specifiedDates[0].date).toBe(CATHETER_ROTA_START);
    expect(CATHETER_ROTA_START).toBe('2026-01-02');
    expect(nurse.openingTimes.specifiedDates.length).toBeGreaterThanOrEqual(50);
    expect(openAt(nurse, london('2026-01-12T10:00'))).toBe(true); // Monday
    expect(openAt(nurse, london('2026-01-15T16:00'))).toBe(true); // Thursday
    expect(openAt(nurse, london('2026-01-09T10:00'))).toBe(false); // a Friday not listed
    expect(openAt(nurse, london('2026-01-16T10:00'))).toBe(true); // a listed Friday
    expect(openAt(nurse, london('2026-01-16T17:00'))).toBe(false); // after the clinic
    expect(openAt(nurse, london('2027-06-25T10:00'))).toBe(nurse.openingTimes.specifiedDates.some((d) => d.date === '2027-06-25'));
    // Never on a bank holiday (New Year's Day 2027 falls on a rota Friday).
    expect(nurse.openingTimes.specifiedDates.some((d) => d.date === '2027-01-01')).toBe(false);
    expect(openAt(nurse, london('2026-05-04T10:00'))).toBe(false); // early May bank holiday, a Monday
  });

  it('(c) GP practices close on bank holidays; out-of-hours and UTCs stay open', () => {
    const gps = ofType(100);
    for (const local of ['2026-12-28T10:00', '2026-08-31T10:00']) {
      expect(gps.filter((s) => openAt(s, london(local))).map((s) => s.name), local).toEqual([]);
      expect(ofType(25).filter((s) => openAt(s, london(local))).length).toBeGreaterThanOrEqual(5);
      expect(ofType(135).every((s) => openAt(s, london(local)))).toBe(true);
      expect(ofType(1030).some((s) => openAt(s, london(local)))).toBe(false);
      const pharmacies = ofType(13);
      const open = pharmacies.filter((s) => openAt(s, london(local))).length;
      expect(open).toBeGreaterThan(0);
      expect(open).toBeLessThan(pharmacies.length / 2);
    }
    // …and are open on an ordinary weekday morning.
    expect(gps.filter((s) => openAt(s, london('2026-08-27T10:00'))).length).toBeGreaterThanOrEqual(110);
  });
});

describe('the generated national directory', () => {
  it('gives valid profiles of every type with catalogue codes, spread over the UK', () => {
    const { organisations, services } = generateNationalDirectory(2000, catalogue);
    expect(services).toHaveLength(2000);
    const orgIds = new Set(organisations.map((o) => o.id));
    const parsed: ServiceProfile[] = services.map((s: ServiceProfileInput) => ServiceProfileSchema.parse(s));
    expect(new Set(parsed.map((s) => s.typeId))).toEqual(new Set(catalogue.serviceTypes.map((t) => t.id)));
    const problems = catalogue.unknownCodes({
      dispositions: parsed.flatMap((s) => s.coverage.dispositions),
      symptomGroups: parsed.flatMap((s) => s.coverage.symptoms.map((p) => p.sg)),
      discriminators: parsed.flatMap((s) => s.coverage.symptoms.map((p) => p.sd)),
    });
    expect(problems).toEqual([]);
    expect(parsed.every((s) => orgIds.has(s.organisationId) && s.location)).toBe(true);
    expect(parsed.some((s) => s.location!.lat > 55.5)).toBe(true); // Scotland
    expect(parsed.some((s) => s.location!.lon < -5.5)).toBe(true); // Northern Ireland
    expect(parsed.filter((s) => s.typeId === 13).length).toBeGreaterThan(parsed.filter((s) => s.typeId === 105).length * 10);
    expect(parsed.some((s) => s.openingTimes.specifiedDates.length > 0)).toBe(true);
    expect(parsed.some((s) => s.openingTimes.bankHoliday !== null && s.openingTimes.bankHoliday.length > 0)).toBe(true);
    expect(JSON.stringify(generateNationalDirectory(300, catalogue, 5))).toBe(JSON.stringify(generateNationalDirectory(300, catalogue, 5)));
  });

  // How long 100,000 take is reported by `npm run bench:search` (generateMs), not asserted here.
  it('generates 100,000 profiles', () => {
    const { services } = generateNationalDirectory(100_000, catalogue);
    expect(services).toHaveLength(100_000);
  });
});
