// BaRS message Bundles as another system sends them to POST /fhir/$process-message (ids its own,
// references by urn:uuid), for the FHIR tests: a referral with its story (CarePlan, answers, a Flag),
// optionally a booking (Appointment on a Slot), a cancellation or an update.

export interface MessageOptions {
  reason?: 'new' | 'update' | 'delete';
  event?: 'servicerequest-request' | 'booking-request';
  /** the sender's ServiceRequest identifier (how update and delete name an earlier referral) */
  reference?: string;
  /** Signpost's slot id (slot_…) for a booking-request */
  slotId?: string;
  edit?: (bundle: any) => void;
}

let sequence = 0;
export function baRSReferral(options: MessageOptions & { base: string; serviceId: number }) {
  const { base, serviceId: utc } = options;
  sequence++;
  const u = (n: number) => `urn:uuid:00000000-0000-4000-8000-${String(sequence * 100 + n).padStart(12, '0')}`;
  const bundle: any = {
    resourceType: 'Bundle',
    id: `msg-${sequence}`,
    type: 'message',
    timestamp: '2026-11-18T10:00:00Z',
    entry: [
      {
        fullUrl: u(1),
        resource: {
          resourceType: 'MessageHeader',
          eventCoding: { system: 'https://fhir.nhs.uk/CodeSystem/message-events-bars', code: options.event ?? 'servicerequest-request' },
          reason: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars', code: options.reason ?? 'new' }] },
          destination: [{ endpoint: `${base}/$process-message` }],
          sender: { display: 'NHS 111 West' },
          source: { name: 'West 111', endpoint: 'https://west111.example.nhs.uk/fhir' },
          focus: [{ reference: u(2) }],
        },
      },
      {
        fullUrl: u(2),
        resource: {
          resourceType: 'ServiceRequest',
          identifier: [{ system: 'https://west111.example.nhs.uk/Id/referral', value: options.reference ?? `W-${sequence}` }],
          status: options.reason === 'delete' ? 'revoked' : 'active',
          intent: 'plan',
          subject: { reference: u(3) },
          performer: [{ reference: `HealthcareService/${utc}` }],
          reasonCode: [
            { coding: [{ system: 'https://signpost.example/CodeSystem/symptom-group', code: '1011' }] },
            { coding: [{ system: 'https://signpost.example/CodeSystem/symptom-discriminator', code: '4052' }] },
            { coding: [{ system: 'https://signpost.example/CodeSystem/disposition', code: 'Dx05' }] },
          ],
          supportingInfo: [{ reference: u(4) }, { reference: u(5) }, { reference: u(6) }],
          note: [{ text: 'Cough and a temperature for three days, now short of breath walking' }],
        },
      },
      {
        fullUrl: u(3),
        resource: {
          resourceType: 'Patient',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9434765919' }],
          name: [{ use: 'official', family: 'Okafor', given: ['Grace'] }],
          gender: 'female',
          birthDate: '1986-03-14',
          telecom: [{ system: 'phone', value: '07700 900123' }],
          address: [{ line: ['12 Station Road'], city: 'Canterbury', postalCode: 'CT1 2AB' }],
        },
      },
      {
        fullUrl: u(4),
        resource: {
          resourceType: 'CarePlan',
          status: 'active',
          intent: 'plan',
          subject: { reference: u(3) },
          description: 'Breathless with a fever: to be seen within 2 hours',
          note: [{ text: 'Advice given: call back if worse' }],
        },
      },
      {
        fullUrl: u(5),
        resource: {
          resourceType: 'QuestionnaireResponse',
          status: 'completed',
          subject: { reference: u(3) },
          item: [
            { linkId: '1.fever', text: 'Has she a high temperature?', answer: [{ valueString: 'Yes' }] },
            { linkId: '2.chest-pain', text: 'Any chest pain?', answer: [{ valueBoolean: false }] },
          ],
        },
      },
      {
        fullUrl: u(6),
        resource: {
          resourceType: 'Flag',
          status: 'active',
          category: [{ coding: [{ system: 'https://signpost.example/CodeSystem/flag-category', code: 'reasonable-adjustment' }] }],
          code: { text: 'Uses a hearing aid: speak clearly' },
          subject: { reference: u(3) },
        },
      },
    ],
  };
  if (options.slotId) {
    bundle.entry.push({
      fullUrl: u(7),
      resource: { resourceType: 'Appointment', status: 'booked', basedOn: [{ reference: u(2) }], slot: [{ reference: `Slot/${options.slotId.replace('slot_', 'slot-')}` }], participant: [{ actor: { reference: u(3) }, status: 'accepted' }] },
    });
  }
  options.edit?.(bundle);
  return bundle;
}

