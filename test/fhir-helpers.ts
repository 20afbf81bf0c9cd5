// A small directory for the FHIR server's tests: services of two organisations, with ODS codes,
// endpoints of every kind, a closed service, one changed a day later, published slots and a capacity.
import { signpostItself } from '../src/platform/actor';
import { ServiceProfileSchema } from '../src/directory/model';
import { TokenInput } from '../src/identity/model';
import { SetCapacitySchema } from '../src/capacity/model';
import { PublishSlotsSchema } from '../src/referrals/model';
import type { TestApp } from './fixture';
import { aService } from './builders';

export interface FhirDirectory {
  token: string;
  utc: number;
  sdec: number;
  pharmacy: number;
  closed: number;
  later: number;
}

export async function fhirDirectory(t: TestApp): Promise<FhirDirectory> {
  const { directory, identity, referrals, capacity } = t.signpost;
  const first = [
    aService({ odsCode: 'UTC01', referralEndpoints: [{ kind: 'email', address: 'utc@example.nhs.uk' }, { kind: 'fhir', address: 'https://utc.example.nhs.uk/fhir' }] }),
    aService({ name: 'SDEC, Kent and Canterbury Hospital', publicName: 'Same Day Emergency Care', typeId: 140, organisationId: 'ekhuft', referralEndpoints: [{ kind: 'phone', address: '01227 555 999' }] }),
    aService({ name: 'Whitstable Pharmacy', publicName: 'Whitstable Café Pharmacy', address: { lines: ['1 High Street'], town: 'Whitstable', postcode: 'CT5 1BQ' }, referralEndpoints: [{ kind: 'http', address: 'https://pharmacy.example/referrals' }] }),
    aService({ name: 'Closed clinic', publicName: 'Closed clinic', status: 'closed', referralEndpoints: [] }),
  ];
  const [utc, sdec, pharmacy, closed] = await directory.importServices(signpostItself, first.map((s) => ServiceProfileSchema.parse(s)), { reason: 'test' });
  t.clock.advance(24 * 3600_000);
  const [later] = await directory.importServices(signpostItself, [ServiceProfileSchema.parse(aService({ name: 'Herne Bay walk-in', publicName: 'Herne Bay Walk-in Centre', odsCode: 'HB001' }))], { reason: 'test' });
  t.clock.advance(-24 * 3600_000);
  await referrals.publishSlots(signpostItself, utc, PublishSlotsSchema.parse({ slots: [{ start: '2026-11-19T09:00:00Z', end: '2026-11-19T09:15:00Z' }, { start: '2026-11-19T09:15:00Z', end: '2026-11-19T09:30:00Z' }] }));
  await capacity.set(signpostItself, utc, SetCapacitySchema.parse({ status: 'amber', reason: 'Busy this morning' }));
  await t.signpost.events.catchUp();
  const token = (await identity.createToken(signpostItself, TokenInput.parse({ name: 'KCHT FHIR client', organisationId: 'kcht' }))).token;
  return { token, utc, sdec, pharmacy, closed, later };
}

/** The parameters of a $match for a 40-year-old woman in Canterbury on a Wednesday morning. */
export function matchParameters(overrides: Record<string, unknown>[] = []) {
  return {
    resourceType: 'Parameters',
    parameter: [
      { name: 'postcode', valueString: 'CT1 1AA' },
      { name: 'age', valueQuantity: { value: 40, unit: 'years', system: 'http://unitsofmeasure.org', code: 'a' } },
      { name: 'sex', valueCode: 'female' },
      { name: 'disposition', valueCode: 'Dx03' },
      { name: 'symptomGroup', valueInteger: 1011 },
      { name: 'symptomDiscriminator', valueCode: '4052' },
      { name: 'time', valueDateTime: '2026-11-18T10:00:00Z' },
      ...overrides,
    ],
  };
}
