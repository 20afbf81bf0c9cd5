import { describe, expect, it } from 'vitest';
import { allFhirErrors, fhirErrors } from '../../test/fhir-validate';
import type { Case } from '../cases/model';
import { messageBundle, stableUuid, SYSTEMS } from './fhir';
import type { Referral } from './model';

const at = new Date('2026-11-18T10:05:00Z');
const aCase = (overrides: Partial<Case> = {}): Case => ({
  id: 'case_0f8fad5b-d9cb-469f-a165-70867728950e',
  status: 'open',
  channel: 'phone',
  openedAt: new Date('2026-11-18T10:00:00Z'),
  openedBy: 'u1',
  openedByOrg: 'ic24',
  patient: {
    nhsNumber: '9476719931',
    nhsNumberStatus: '01',
    firstName: 'Ada',
    lastName: 'Lovelace',
    dateOfBirth: '1980-12-10',
    sex: 'female',
    address: { lines: ['1 High Street'], town: 'Canterbury', postcode: 'CT1 3NG' },
    postcode: 'CT1 3NG',
    phone: '01227 555 000',
    registeredPractice: 'G82001',
  },
  caller: { relationship: 'self' },
  presentingProblem: 'Breathless with a fever since this morning',
  communicationNeeds: { language: 'Polish', interpreterRequired: true, hearing: false, sight: false, speech: false },
  currentLocation: null,
  disposition: {
    code: 'Dx05',
    title: 'Contact a GP or urgent care service within 2 hours',
    group: 'contact-primary-care',
    symptomGroup: 1007,
    symptomGroupTitle: 'Breathing problems',
    symptomDiscriminator: '4052',
    symptomDiscriminatorTitle: 'High temperature',
    source: 'triage',
    triageSessionId: 'ts_1',
    setAt: at,
    setBy: 'u1',
    setByName: 'Sam',
    dueBy: new Date('2026-11-18T12:05:00Z'),
    validation: null,
    summary: 'Breathlessness with a high temperature.',
    report: [
      { nodeId: 'sentences', question: 'Can you speak in full sentences?', answer: 'Yes' },
      { nodeId: 'fever', question: 'Do you have a high temperature?', answer: 'Yes' },
    ],
    careAdvice: ['Keep hydrated'],
  },
  triageSessionIds: ['ts_1'],
  repeatCaller: { status: 'none', matches: [] },
  flags: [{ category: 'scene-safety', text: 'Dog in the house' }],
  closedAt: null,
  closedBy: null,
  closeReason: null,
  callId: null,
  updatedAt: at,
  ...overrides,
});
const aReferral = (overrides: Partial<Referral> = {}): Referral => ({
  id: 'ref_7c9e6679-7425-40de-944b-e07fc1f90ae7',
  caseId: aCase().id,
  serviceId: 12,
  serviceName: 'Canterbury UTC',
  serviceTypeId: 135,
  serviceOdsCode: 'RVV01',
  organisationId: 'kcht',
  status: 'requested',
  disposition: 'Dx05',
  summary: 'Please see today',
  passedOver: [{ serviceId: 11, serviceName: 'Whitstable MIU', reasonCode: '26', reason: 'Patient choice', note: null }],
  searchId: null,
  fromReferralId: null,
  referredBy: 'u1',
  referredByName: 'Sam Okafor',
  referredByOrg: 'ic24',
  appointment: { slotId: 'slot_1', start: new Date('2026-11-18T11:00:00Z'), end: new Date('2026-11-18T11:15:00Z') },
  rejection: null,
  outcome: null,
  requestedAt: at,
  acceptedAt: null,
  updatedAt: at,
  finishedAt: null,
  ...overrides,
});
const messageId = '3b241101-e2bb-4255-8caf-4136c566a962';
const referralMessage = () =>
  messageBundle({
    messageId,
    at,
    event: 'booking-request',
    reason: 'new',
    destination: { endpoint: 'https://utc.example.nhs.uk/fhir/$process-message', name: 'Canterbury UTC', odsCode: 'RVV01' },
    sender: { name: 'IC24', organisationId: 'ic24' },
    case: aCase(),
    referral: aReferral(),
    extraFlags: [{ category: 'safeguarding', text: 'Special patient note (safeguarding): child protection plan' }],
  });

describe('referral message Bundle', () => {
  it('is a FHIR R4 message: MessageHeader first, then ServiceRequest, Patient, Encounter, CarePlan, QuestionnaireResponse, Flags, Appointment', () => {
    const bundle = referralMessage();
    expect(bundle.type).toBe('message');
    expect(bundle.id).toBe(messageId);
    expect(bundle.entry!.map((e) => e.resource!.resourceType)).toEqual([
      'MessageHeader',
      'ServiceRequest',
      'Patient',
      'Encounter',
      'CarePlan',
      'QuestionnaireResponse',
      'Flag',
      'Flag',
      'Flag',
      'Flag',
      'Appointment',
    ]);
    expect(fhirErrors(bundle as never)).toEqual([]);
  });

  it('carries the triage outcome (SG, SD, Dx), the deadline, the answers and the flags', () => {
    const bundle = referralMessage();
    const find = (type: string) => bundle.entry!.filter((e) => e.resource!.resourceType === type).map((e) => e.resource as any);
    const [header] = find('MessageHeader');
    expect(header.eventCoding.code).toBe('booking-request');
    expect(header.focus[0].reference).toBe(bundle.entry![1].fullUrl);
    const [request] = find('ServiceRequest');
    expect(request).toMatchObject({ status: 'active', intent: 'plan', occurrencePeriod: { start: '2026-11-18T10:05:00.000Z', end: '2026-11-18T12:05:00.000Z' } });
    const [carePlan] = find('CarePlan');
    expect(carePlan.category.map((c: any) => `${c.coding[0].system}|${c.coding[0].code}`)).toEqual([
      `${SYSTEMS.symptomGroup}|1007`,
      `${SYSTEMS.symptomDiscriminator}|4052`,
      `${SYSTEMS.disposition}|Dx05`,
    ]);
    const [answers] = find('QuestionnaireResponse');
    expect(answers.item.map((i: any) => i.answer[0].valueString)).toEqual(['Yes', 'Yes']);
    const [patient] = find('Patient');
    expect(patient.identifier[0]).toMatchObject({ system: SYSTEMS.nhsNumber, value: '9476719931' });
    expect(patient.identifier[0].extension[0].valueCodeableConcept.coding[0].code).toBe('01');
    const flags = find('Flag').map((f) => f.category[0].coding[0].code);
    expect(flags).toEqual(['scene-safety', 'safeguarding', 'rejected-services', 'reasonable-adjustment']);
    expect(find('Flag')[2].code.text).toBe('Whitstable MIU: 26 Patient choice');
  });

  it('is the same message, with the same ids, every time it is built (retries are de-duplicable)', () => {
    expect(JSON.stringify(referralMessage())).toBe(JSON.stringify(referralMessage()));
    expect(stableUuid(messageId, 'patient')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a cancellation says delete and revoked; a post-event message focuses on the finished encounter', () => {
    const cancel = messageBundle({
      messageId,
      at,
      event: 'servicerequest-request',
      reason: 'delete',
      destination: { endpoint: 'https://utc.example.nhs.uk/fhir', name: 'UTC' },
      sender: { name: 'IC24', organisationId: 'ic24' },
      case: aCase(),
      referral: aReferral({ status: 'cancelled', appointment: null }),
    });
    expect(fhirErrors(cancel as never)).toEqual([]);
    expect((cancel.entry![1].resource as any).status).toBe('revoked');
    expect((cancel.entry![0].resource as any).reason.coding[0].code).toBe('delete');

    const closed = aCase({ status: 'closed', closedAt: new Date('2026-11-18T15:00:00Z'), patient: { ...aCase().patient, nhsNumber: null, nhsNumberStatus: null }, communicationNeeds: null, flags: [] });
    const pem = messageBundle({
      messageId,
      at,
      event: 'post-event-message',
      reason: 'new',
      destination: { endpoint: 'https://gp.example.nhs.uk/fhir', name: 'The Surgery', odsCode: 'G82001' },
      sender: { name: 'Signpost', organisationId: null },
      case: closed,
      finished: true,
    });
    expect(fhirErrors(pem as never)).toEqual([]);
    expect(pem.entry!.map((e) => e.resource!.resourceType)).toEqual(['MessageHeader', 'Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse']);
    expect((pem.entry![2].resource as any).status).toBe('finished');
  });

  it('answers from a triage session refer to the pathway’s Questionnaire by url|version, keyed and typed as its items', async () => {
    const base = aCase();
    const triaged = aCase({
      disposition: {
        ...base.disposition!,
        triageContent: { contentVersion: 'national@2025.1.0+0ada3cff271d', pathwayId: 'breathing-problems' },
        report: [
          { nodeId: 'emergency/breathing', question: 'Are you struggling to breathe?', answer: 'No', kind: 'yes-no', value: 'no' },
          { nodeId: 'breathing-problems/danger-signs', question: 'Do you have any of these?', answer: 'Blue lips; Confusion', kind: 'multiple', value: ['blue-lips', 'confusion'] },
          { nodeId: 'fever/temperature', question: 'What is your temperature?', answer: '38.5 °C', kind: 'number', value: 38.5 },
          { nodeId: 'cough/how-long', question: 'How long have you had it?', answer: '3 days', kind: 'duration', value: 72 },
          { nodeId: 'rash/when', question: 'When did it start?', answer: '2026-11-17', kind: 'date', value: '2026-11-17' },
          { nodeId: 'old/line', question: 'Kept from before answers were typed', answer: 'Yes' },
        ],
      },
    });
    const bundle = messageBundle({ messageId, at, event: 'servicerequest-request', reason: 'new', destination: { endpoint: 'urn:x', name: 'X' }, sender: { name: 'IC24', organisationId: 'ic24' }, case: triaged, referral: aReferral({ appointment: null }) });
    expect(await allFhirErrors(bundle as never)).toEqual([]);
    const answers = bundle.entry!.find((e) => e.resource!.resourceType === 'QuestionnaireResponse')!.resource as any;
    expect(answers.questionnaire).toBe('https://signpost.example/Questionnaire/national/breathing-problems|national@2025.1.0+0ada3cff271d');
    expect(answers.item.map((i: any) => i.linkId)).toEqual(['emergency/breathing', 'breathing-problems/danger-signs', 'fever/temperature', 'cough/how-long', 'rash/when', 'old/line']);
    expect(answers.item.map((i: any) => i.answer)).toEqual([
      [{ valueCoding: { system: `${SYSTEMS.triageAnswer}/emergency/breathing`, code: 'no', display: 'No' } }],
      [
        { valueCoding: { system: `${SYSTEMS.triageAnswer}/breathing-problems/danger-signs`, code: 'blue-lips', display: 'Blue lips' } },
        { valueCoding: { system: `${SYSTEMS.triageAnswer}/breathing-problems/danger-signs`, code: 'confusion', display: 'Confusion' } },
      ],
      [{ valueDecimal: 38.5 }],
      [{ valueDecimal: 72 }],
      [{ valueDate: '2026-11-17' }],
      [{ valueString: 'Yes' }],
    ]);
    // Without the content it was given on (a clinician’s disposition with no triage, answers carried in): no Questionnaire, numbered linkIds.
    const plain = (referralMessage().entry!.find((e) => e.resource!.resourceType === 'QuestionnaireResponse')!.resource as any);
    expect(plain.questionnaire).toBeUndefined();
    expect(plain.item[0].linkId).toBe('1.sentences');
  });

  it('the validators do catch a broken resource', () => {
    const bundle = referralMessage() as any;
    bundle.entry[1].resource.status = 'bogus';
    bundle.entry[2].resource.birthDate = '1980-13-45';
    delete bundle.entry[0].resource.source;
    const errors = fhirErrors(bundle);
    expect(errors.some((e) => /ServiceRequest.*status/i.test(e))).toBe(true);
    expect(errors.some((e) => /Patient.*birthDate/i.test(e))).toBe(true);
    expect(errors.some((e) => /MessageHeader.*source/i.test(e))).toBe(true);
  });
});
