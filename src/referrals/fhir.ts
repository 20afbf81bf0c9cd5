/**
 * FHIR R4 message Bundles for referrals and post-event messages, after the Booking and Referral
 * Standard: MessageHeader first, then ServiceRequest, Patient, Encounter, CarePlan (the triage outcome:
 * symptom group, discriminator and disposition, with the consultation summary), QuestionnaireResponse
 * (the questions and answers), Flags and, when booked, the Appointment. Pure: the same input always
 * gives the same Bundle, so a retried message is the same message with the same ids.
 */
import { createHash } from 'node:crypto';
import type {
  Appointment as FhirAppointment,
  Bundle,
  BundleEntry,
  CarePlan,
  CodeableConcept,
  Encounter,
  Flag,
  MessageHeader,
  Patient as FhirPatient,
  QuestionnaireResponse,
  Reference,
  Resource,
  ServiceRequest,
} from '@medplum/fhirtypes';
import type { Case, CaseFlag, ReportLine } from '../cases/model';
import { NHS_NUMBER_STATUSES } from '../cases/nhs-number';
import { serviceRequestStatus } from './lifecycle';
import type { Referral } from './model';
import { PASS_OVER_REASONS } from './reasons';

export const SYSTEMS = {
  nhsNumber: 'https://fhir.nhs.uk/Id/nhs-number',
  odsCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  nhsNumberStatusExtension: 'https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus',
  nhsNumberStatus: 'https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland',
  messageEvent: 'https://fhir.nhs.uk/CodeSystem/message-events-bars',
  messageReason: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  // Signpost's own code systems, for codes that have no published system we can cite.
  symptomGroup: 'https://signpost.example/CodeSystem/symptom-group',
  symptomDiscriminator: 'https://signpost.example/CodeSystem/symptom-discriminator',
  disposition: 'https://signpost.example/CodeSystem/disposition',
  flagCategory: 'https://signpost.example/CodeSystem/flag-category',
  caseId: 'https://signpost.example/Id/case',
  referralId: 'https://signpost.example/Id/referral',
  /** Published triage pathways as Questionnaires: `{questionnaire}/{pack}/{pathway}`, versioned by the content version. */
  questionnaire: 'https://signpost.example/Questionnaire',
  /** A triage question's answer options: one code system per question (`{triageAnswer}/{pathway}/{node}`), since option ids repeat across questions. */
  triageAnswer: 'https://signpost.example/CodeSystem/triage-answer',
  ucum: 'http://unitsofmeasure.org',
} as const;

/** The canonical URL (without version) of a triage pathway's Questionnaire in a content pack. */
export function questionnaireUrl(contentVersion: string, pathwayId: string): string {
  return `${SYSTEMS.questionnaire}/${contentVersion.slice(0, contentVersion.indexOf('@'))}/${pathwayId}`;
}

/** The code system of one triage question's answer options (its qualified id, `pathway/node`). */
export const answerOptionSystem = (nodeId: string) => `${SYSTEMS.triageAnswer}/${nodeId}`;

type ReportAnswer = NonNullable<NonNullable<QuestionnaireResponse['item']>[number]['answer']>[number];

/**
 * A triage answer typed as its Questionnaire item expects (choice → Coding, number, hours, date), when
 * the case kept the answer as given; otherwise (answers carried in from another system, older cases)
 * the answer in words.
 */
function reportAnswers(line: ReportLine): ReportAnswer[] {
  const { kind, value } = line;
  if (kind === undefined || value === undefined) return [{ valueString: line.answer || '—' }];
  if (kind === 'yes-no' || kind === 'single' || kind === 'multiple') {
    const codes = Array.isArray(value) ? value : [String(value)];
    // Labels are joined with '; ' in the report; they name each code only when the counts agree.
    const labels = codes.length === 1 ? [line.answer] : line.answer.split('; ');
    return codes.map((code, i) => ({ valueCoding: { system: answerOptionSystem(line.nodeId), code, ...(labels.length === codes.length ? { display: labels[i] } : {}) } }));
  }
  if (kind === 'date') return [{ valueDate: String(value) }];
  // Numbers and durations (in hours) are decimal items, whole numbers or not.
  return [{ valueDecimal: Number(value) }];
}

export type MessageEvent = 'servicerequest-request' | 'booking-request' | 'post-event-message';
export type MessageReason = 'new' | 'update' | 'delete';

export interface MessageInput {
  /** Stable for the life of the message: Bundle.id, and the seed of every resource id inside. */
  messageId: string;
  at: Date;
  event: MessageEvent;
  reason: MessageReason;
  destination: { endpoint: string; name: string; odsCode?: string | null };
  sender: { name: string; organisationId: string | null };
  case: Case;
  referral?: Referral;
  /** flags beyond the case's own (special notes, passed-over services) */
  extraFlags?: CaseFlag[];
  /** episode ended (post-event message): the encounter is finished */
  finished?: boolean;
}

/** A UUID derived from the message id and a role, so the same message always has the same ids. */
export function stableUuid(messageId: string, role: string): string {
  const hex = createHash('sha1').update(`${messageId}/${role}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

const iso = (d: Date) => d.toISOString();
const EVENT_DISPLAY: Record<MessageEvent, string> = {
  'servicerequest-request': 'ServiceRequest Request',
  'booking-request': 'Booking Request',
  'post-event-message': 'Post-event message',
};

/** The flags a referral carries: the case's, the extra ones, and the services passed over. */
export function flagsFor(c: Case, referral: Referral | undefined, extra: CaseFlag[] = []): CaseFlag[] {
  const flags = [...c.flags, ...extra];
  if (referral?.passedOver.length) {
    flags.push({
      category: 'rejected-services',
      text: referral.passedOver.map((p) => `${p.serviceName}: ${p.reasonCode} ${PASS_OVER_REASONS[p.reasonCode]}${p.note ? ` (${p.note})` : ''}`).join('; '),
    });
  }
  if (c.communicationNeeds && (c.communicationNeeds.interpreterRequired || c.communicationNeeds.hearing || c.communicationNeeds.sight || c.communicationNeeds.speech)) {
    const needs = [
      c.communicationNeeds.interpreterRequired ? `interpreter (${c.communicationNeeds.language ?? 'language not stated'})` : null,
      c.communicationNeeds.hearing ? 'hearing' : null,
      c.communicationNeeds.sight ? 'sight' : null,
      c.communicationNeeds.speech ? 'speech' : null,
    ].filter(Boolean);
    flags.push({ category: 'reasonable-adjustment', text: `Communication needs: ${needs.join(', ')}${c.communicationNeeds.notes ? `. ${c.communicationNeeds.notes}` : ''}` });
  }
  const seen = new Set<string>();
  return flags.filter((f) => {
    const key = `${f.category}|${f.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function messageBundle(input: MessageInput): Bundle {
  const { messageId, at, case: c, referral } = input;
  const url = (role: string) => `urn:uuid:${stableUuid(messageId, role)}`;
  const id = (role: string) => stableUuid(messageId, role);
  // References inside the Bundle are by fullUrl; typed loosely since one helper serves every target type.
  const ref = <T extends Resource = Resource>(role: string, display?: string): Reference<T> => ({ reference: url(role), ...(display ? { display } : {}) });
  const entries: BundleEntry[] = [];
  const add = (role: string, resource: Resource) => entries.push({ fullUrl: url(role), resource: { ...resource, id: id(role) } as Resource });

  const d = c.disposition;
  const codes: CodeableConcept[] = [];
  if (d?.symptomGroup) codes.push({ coding: [{ system: SYSTEMS.symptomGroup, code: String(d.symptomGroup), ...(d.symptomGroupTitle ? { display: d.symptomGroupTitle } : {}) }] });
  if (d?.symptomDiscriminator) codes.push({ coding: [{ system: SYSTEMS.symptomDiscriminator, code: d.symptomDiscriminator, ...(d.symptomDiscriminatorTitle ? { display: d.symptomDiscriminatorTitle } : {}) }] });
  const dispositionCode = referral?.disposition ?? d?.code ?? null;
  const dx: CodeableConcept | null = dispositionCode ? { coding: [{ system: SYSTEMS.disposition, code: dispositionCode, ...(d && d.code === dispositionCode ? { display: d.title } : {}) }] } : null;

  const header: MessageHeader = {
    resourceType: 'MessageHeader',
    eventCoding: { system: SYSTEMS.messageEvent, code: input.event, display: EVENT_DISPLAY[input.event] },
    destination: [
      {
        endpoint: input.destination.endpoint,
        name: input.destination.name,
        ...(input.destination.odsCode ? { receiver: { identifier: { system: SYSTEMS.odsCode, value: input.destination.odsCode }, display: input.destination.name } } : {}),
      },
    ],
    sender: { display: input.sender.name },
    source: { name: 'Signpost', software: 'Signpost', version: '0.1.0', endpoint: 'urn:signpost' },
    reason: { coding: [{ system: SYSTEMS.messageReason, code: input.reason }] },
    focus: [referral ? ref('service-request') : ref('encounter')],
  };
  add('header', header);

  const flags = flagsFor(c, referral, input.extraFlags);
  if (referral) {
    const request: ServiceRequest = {
      resourceType: 'ServiceRequest',
      identifier: [{ system: SYSTEMS.referralId, value: referral.id }],
      status: serviceRequestStatus(referral.status),
      intent: 'plan',
      priority: d?.dueBy && d.dueBy.getTime() - at.getTime() <= 4 * 3600_000 ? 'urgent' : 'routine',
      subject: ref('patient'),
      encounter: ref('encounter'),
      authoredOn: iso(referral.requestedAt),
      occurrencePeriod: { start: iso(referral.requestedAt), ...(d?.dueBy && d.dueBy.getTime() >= referral.requestedAt.getTime() ? { end: iso(d.dueBy) } : {}) },
      requester: { display: `${referral.referredByName}${input.sender.name ? `, ${input.sender.name}` : ''}` },
      performer: [{ display: referral.serviceName, ...(referral.serviceOdsCode ? { identifier: { system: SYSTEMS.odsCode, value: referral.serviceOdsCode } } : {}) }],
      ...(codes.length || dx ? { reasonCode: [...codes, ...(dx ? [dx] : [])] } : {}),
      supportingInfo: [ref('care-plan'), ref('questionnaire-response'), ...flags.map((_, i) => ref(`flag-${i}`))],
      note: [{ text: c.presentingProblem }, ...(referral.summary ? [{ text: referral.summary }] : [])],
    };
    add('service-request', request);
  }

  const p = c.patient;
  const patient: FhirPatient = {
    resourceType: 'Patient',
    ...(p.nhsNumber
      ? {
          identifier: [
            {
              extension: p.nhsNumberStatus
                ? [
                    {
                      url: SYSTEMS.nhsNumberStatusExtension,
                      valueCodeableConcept: { coding: [{ system: SYSTEMS.nhsNumberStatus, code: p.nhsNumberStatus, display: NHS_NUMBER_STATUSES[p.nhsNumberStatus] }] },
                    },
                  ]
                : undefined,
              system: SYSTEMS.nhsNumber,
              value: p.nhsNumber,
            },
          ],
        }
      : {}),
    name: [{ use: 'official', family: p.lastName, given: [p.firstName] }],
    gender: p.sex,
    birthDate: p.dateOfBirth,
    ...(p.phone ? { telecom: [{ system: 'phone', value: p.phone }] } : {}),
    ...(p.address || p.postcode
      ? { address: [{ ...(p.address ? { line: p.address.lines, ...(p.address.town ? { city: p.address.town } : {}) } : {}), postalCode: p.address?.postcode ?? p.postcode ?? undefined }] }
      : {}),
    ...(p.registeredPractice ? { generalPractitioner: [{ type: 'Organization', identifier: { system: SYSTEMS.odsCode, value: p.registeredPractice } }] } : {}),
    ...(c.communicationNeeds?.language ? { communication: [{ language: { text: c.communicationNeeds.language }, preferred: true }] } : {}),
  };
  if (patient.identifier?.[0] && !patient.identifier[0].extension) delete patient.identifier[0].extension;
  add('patient', patient);

  const encounter: Encounter = {
    resourceType: 'Encounter',
    identifier: [{ system: SYSTEMS.caseId, value: c.id }],
    status: input.finished || c.status === 'closed' ? 'finished' : 'in-progress',
    class: { system: SYSTEMS.actCode, code: c.channel === 'walk-in' ? 'AMB' : 'VR', display: c.channel === 'walk-in' ? 'ambulatory' : 'virtual' },
    subject: ref('patient'),
    period: { start: iso(c.openedAt), ...(c.closedAt ? { end: iso(c.closedAt) } : {}) },
  };
  add('encounter', encounter);

  const carePlan: CarePlan = {
    resourceType: 'CarePlan',
    status: input.finished ? 'completed' : 'active',
    intent: 'plan',
    ...(codes.length || dx ? { category: [...codes, ...(dx ? [dx] : [])] } : {}),
    title: d ? `${d.code} ${d.title}` : 'No disposition yet',
    description: d?.summary ?? c.presentingProblem,
    subject: ref('patient'),
    encounter: ref('encounter'),
    created: iso(d?.setAt ?? c.openedAt),
    ...(d?.careAdvice.length ? { note: d.careAdvice.map((advice) => ({ text: `Advice given: ${advice}` })) } : {}),
  };
  add('care-plan', carePlan);

  // The Questionnaire is the published pathway the answers were given on (served at /fhir/Questionnaire).
  const content = d?.triageContent;
  const answers: QuestionnaireResponse = {
    resourceType: 'QuestionnaireResponse',
    ...(content ? { questionnaire: `${questionnaireUrl(content.contentVersion, content.pathwayId)}|${content.contentVersion}` } : {}),
    status: 'completed',
    subject: ref('patient'),
    encounter: ref('encounter'),
    authored: iso(d?.setAt ?? c.openedAt),
    ...(d?.report.length
      ? {
          // With its Questionnaire, linkIds are the Questionnaire's (the question's qualified id); without, numbered as asked.
          item: d.report.map((line, i) => ({ linkId: content ? line.nodeId : `${i + 1}.${line.nodeId}`, text: line.question, answer: reportAnswers(line) })),
        }
      : {}),
  };
  add('questionnaire-response', answers);

  flags.forEach((flag, i) => {
    const resource: Flag = {
      resourceType: 'Flag',
      status: 'active',
      category: [{ coding: [{ system: SYSTEMS.flagCategory, code: flag.category }] }],
      code: { text: flag.text },
      subject: ref('patient'),
      encounter: ref('encounter'),
    };
    add(`flag-${i}`, resource);
  });

  if (referral?.appointment) {
    const appointment: FhirAppointment = {
      resourceType: 'Appointment',
      status: referral.status === 'cancelled' || referral.status === 'revoked' ? 'cancelled' : 'booked',
      start: iso(referral.appointment.start),
      end: iso(referral.appointment.end),
      basedOn: [ref('service-request')],
      participant: [{ actor: ref('patient'), status: 'accepted' }],
    };
    add('appointment', appointment);
  }

  return {
    resourceType: 'Bundle',
    id: messageId,
    meta: { lastUpdated: iso(at) },
    identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${messageId}` },
    type: 'message',
    timestamp: iso(at),
    entry: entries,
  };
}
