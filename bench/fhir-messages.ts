// What the FHIR benchmarks send: $match Parameters (bench/fhir.ts) and message Bundles
// (bench/fhir-process-message.ts), and bench/fhir-profile.ts both.
import type { generateNationalDirectory } from '../src/demo/national';
import { Random } from '../src/demo/random';

/** n written in letters (0 → a, 1 → b …): names are compared without digits, so digits would not tell patients apart. */
const lettersOf = (n: number) => [...String(n)].map((d) => String.fromCharCode(97 + Number(d))).join('');

/**
 * A BaRS servicerequest-request to the service, with the story (CarePlan, answers, a Flag), for a
 * patient of its own: names and date of birth differ from message to message, so none is a repeat
 * caller of another (only sex and postcode are shared: 2 of 5 items). (Until December 2026 every
 * message carried the same patient but for digits in the family name, so each after the first was a
 * repeat caller of the 50 before it and also joined the clinical queue.)
 */
export function referral(n: number, serviceId: number) {
  const u = (i: number) => `urn:uuid:00000000-0000-4000-8000-${String(n * 10 + i).padStart(12, '0')}`;
  return {
    resourceType: 'Bundle',
    id: `bench-${n}`,
    type: 'message',
    entry: [
      { fullUrl: u(1), resource: { resourceType: 'MessageHeader', eventCoding: { system: 'https://fhir.nhs.uk/CodeSystem/message-events-bars', code: 'servicerequest-request' }, reason: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars', code: 'new' }] }, source: { endpoint: 'https://sender.example.nhs.uk/fhir' }, focus: [{ reference: u(2) }] } },
      {
        fullUrl: u(2),
        resource: {
          resourceType: 'ServiceRequest',
          identifier: [{ system: 'https://sender.example.nhs.uk/Id/referral', value: `B-${n}` }],
          status: 'active',
          intent: 'plan',
          subject: { reference: u(3) },
          performer: [{ reference: `HealthcareService/${serviceId}` }],
          reasonCode: [{ coding: [{ system: 'https://signpost.example/CodeSystem/symptom-group', code: '1011' }] }, { coding: [{ system: 'https://signpost.example/CodeSystem/disposition', code: 'Dx05' }] }],
          note: [{ text: 'Cough and a temperature, now short of breath' }],
        },
      },
      { fullUrl: u(3), resource: { resourceType: 'Patient', name: [{ use: 'official', family: `Bench-${lettersOf(n)}`, given: [`Pat${lettersOf(n)}`] }], gender: 'female', birthDate: new Date(Date.UTC(1930, 0, 1) + (n % 30_000) * 86_400_000).toISOString().slice(0, 10), address: [{ postalCode: 'CT1 2AB' }] } },
      { fullUrl: u(4), resource: { resourceType: 'CarePlan', status: 'active', intent: 'plan', subject: { reference: u(3) }, description: 'To be seen within 2 hours' } },
      { fullUrl: u(5), resource: { resourceType: 'QuestionnaireResponse', status: 'completed', subject: { reference: u(3) }, item: [{ linkId: '1.fever', text: 'A high temperature?', answer: [{ valueString: 'Yes' }] }] } },
      { fullUrl: u(6), resource: { resourceType: 'Flag', status: 'active', category: [{ coding: [{ system: 'https://signpost.example/CodeSystem/flag-category', code: 'reasonable-adjustment' }] }], code: { text: 'Hearing aid' }, subject: { reference: u(3) } } },
    ],
  };
}

export type Request = { method: 'GET' | 'POST'; path: string; body?: unknown; contentType?: string };

/** $match Parameters near generated services, for what they and others offer (as bench/search.ts asks). */
export function matchRequests(profiles: ReturnType<typeof generateNationalDirectory>['services'], count: number): Request[] {
  const random = new Random(20261202);
  return Array.from({ length: count }, () => {
    const near = random.pick(profiles);
    const pair = random.pick(near.coverage.symptoms);
    const jitterKm = () => (random.next() - 0.5) * 20;
    const day = new Date(Date.UTC(2026, 11, 1) + random.int(0, 364) * 86_400_000);
    day.setUTCHours(random.next() < 0.35 ? random.int(22, 30) % 24 : random.int(7, 21), random.int(0, 59));
    const infant = random.next() < 0.2;
    return {
      method: 'POST',
      path: '/fhir/HealthcareService/$match',
      contentType: 'application/fhir+json',
      body: {
        resourceType: 'Parameters',
        parameter: [
          { name: 'latitude', valueDecimal: near.location!.lat + jitterKm() / 111 },
          { name: 'longitude', valueDecimal: near.location!.lon + jitterKm() / 70 },
          { name: 'age', valueQuantity: infant ? { value: random.int(0, 23), code: 'mo' } : { value: random.int(1, 95), code: 'a' } },
          { name: 'sex', valueCode: random.pick(['female', 'male', 'unknown']) },
          { name: 'disposition', valueCode: random.pick(near.coverage.dispositions) },
          { name: 'symptomGroup', valueInteger: pair.sg },
          { name: 'symptomDiscriminator', valueCode: pair.sd },
          { name: 'time', valueDateTime: day.toISOString() },
          { name: 'referralRole', valueCode: random.pick(['call-handler', 'clinician']) },
          ...(random.next() < 0.67 ? [{ name: 'distance', valueDecimal: random.pick([10, 15, 20, 25, 30, 40]) }] : []),
        ],
      },
    };
  });
}
