import type { ServiceProfileInput } from '../src/directory/model';
import { emptyWeek } from '../src/directory/opening-hours';

const weekdays = (open: string, close: string) => ({
  ...emptyWeek(),
  mon: [{ open, close }],
  tue: [{ open, close }],
  wed: [{ open, close }],
  thu: [{ open, close }],
  fri: [{ open, close }],
});

/** A valid urgent treatment centre in Canterbury run by the community trust; override what a test needs. */
export function aService(overrides: Partial<ServiceProfileInput> = {}): ServiceProfileInput {
  return {
    typeId: 135,
    status: 'active',
    organisationId: 'kcht',
    name: 'Canterbury UTC (professional line)',
    publicName: 'Canterbury Urgent Treatment Centre',
    address: { lines: ['Ethelbert Road'], town: 'Canterbury', postcode: 'CT1 3NG' },
    contacts: { publicPhone: '01227 555 010', professionalPhone: '01227 555 011' },
    access: { walkIn: true, phoneFirst: false, referralOnly: false, bookingRequired: false },
    referralEndpoints: [{ kind: 'email', address: 'utc@example.nhs.uk' }],
    referralRoles: ['call-handler', 'clinician'],
    eligibility: { ageFromDays: 0, ageToDays: 47482, sexes: ['female', 'male'], registeredPractices: [] },
    coverage: { dispositions: ['Dx03', 'Dx05'], symptoms: [{ sg: 1011, sd: '4052' }] },
    openingTimes: { alwaysOpen: false, weekly: weekdays('08:00', '20:00'), bankHoliday: [], specifiedDates: [] },
    areas: { commissionedFor: ['ek-canterbury'], limitedTo: [], promotedInto: [] },
    ...overrides,
  };
}

/** A directory search request for a 40-year-old woman in Canterbury on a Wednesday morning (2026-11-18). */
export function aSearch(overrides: Record<string, unknown> = {}) {
  return {
    location: { postcode: 'CT1 1AA' },
    age: { value: 40, unit: 'years' },
    sex: 'female',
    disposition: 'Dx03',
    symptomGroup: 1011,
    symptomDiscriminators: ['4052'],
    at: '2026-11-18T10:00:00Z',
    ...overrides,
  };
}
