/**
 * Reads a BaRS message Bundle another system sent to `$process-message`: checks its structure (a
 * message Bundle, MessageHeader first, focus and every reference resolvable inside the Bundle, the
 * resources the event needs present) and turns it into what Signpost records — the case to open, the
 * triage story (CarePlan outcome, QuestionnaireResponse answers, Flags) and the referral. Every fault
 * names its element by FHIRPath (`Bundle.entry[2].resource.subject`). Codes against the catalogue and
 * the destination service are checked by the caller (process-message.ts). Pure.
 */
import type { Bundle, BundleEntry, CarePlan, CodeableConcept, Flag, MessageHeader, Patient, QuestionnaireResponse, Reference, Resource, ServiceRequest } from '@medplum/fhirtypes';
import { FlagCategories, type CaseFlag, type ReportLine } from '../cases/model';
import { SYSTEMS, type MessageEvent, type MessageReason } from '../referrals/fhir';
import { slotIdFromFhir } from './directory-resources';
import { DIRECTORY_SYSTEMS, FhirError, type Issue } from './model';

export const INBOUND_EVENTS = ['servicerequest-request', 'booking-request'] as const satisfies readonly MessageEvent[];
export type InboundEvent = (typeof INBOUND_EVENTS)[number];
const REASONS: readonly MessageReason[] = ['new', 'update', 'delete'];

/** A value read from the Bundle, with where it was (for errors found later, e.g. an unknown code). */
export interface Located<T> {
  value: T;
  path: string;
}

export interface InboundMessage {
  messageId: string;
  event: InboundEvent;
  reason: MessageReason;
  /** Where answers go back (MessageHeader.source.endpoint). */
  sourceEndpoint: string;
  senderName: string | null;
  /** The sender's own identifier of the ServiceRequest (`system|value`): how later update/delete messages name it. */
  senderReference: string | null;
  serviceId: Located<number>;
  /** The open-case input (cases/model OpenCaseSchema's shape) and the FHIRPath of each field. */
  openCase: Record<string, unknown>;
  fieldPaths: Map<string, string>;
  disposition: Located<string> | null;
  symptomGroup: Located<number> | null;
  discriminator: Located<string> | null;
  summary: string | null;
  report: ReportLine[];
  careAdvice: string[];
  flags: CaseFlag[];
  /** booking-request: the Slot the Appointment takes (`Slot/{id}`). */
  slotId: Located<string> | null;
  /** delete: why (ServiceRequest.note or the MessageHeader.reason text). */
  cancelReason: string;
}

const fail = (status: 400 | 422, code: Issue['code'], diagnostics: string, path: string): FhirError => new FhirError(status, [{ severity: 'error', code, diagnostics, expression: [path] }]);

const codeOf = (concepts: CodeableConcept[] | undefined, system: string): string | undefined => {
  for (const concept of concepts ?? []) for (const coding of concept.coding ?? []) if (coding.system === system && coding.code) return coding.code;
  return undefined;
};
const conceptIndex = (concepts: CodeableConcept[] | undefined, system: string) => (concepts ?? []).findIndex((c) => (c.coding ?? []).some((coding) => coding.system === system && coding.code));

/** The resources of a message Bundle, found by fullUrl or `Type/id`, each with its FHIRPath. */
class BundleIndex {
  private readonly byRef = new Map<string, number>();

  constructor(readonly entries: BundleEntry[]) {
    entries.forEach((entry, i) => {
      if (entry.fullUrl) this.byRef.set(entry.fullUrl, i);
      const r = entry.resource;
      if (r?.id) this.byRef.set(`${r.resourceType}/${r.id}`, i);
    });
  }

  path(i: number): string {
    return `Bundle.entry[${i}].resource`;
  }

  /** The entry a reference points at, or a 422 naming the reference. */
  resolve<T extends Resource>(ref: Reference | undefined, type: T['resourceType'], path: string): { resource: T; index: number } {
    if (!ref?.reference) throw fail(422, 'required', `${path} must reference a ${type} in the Bundle`, path);
    const index = this.byRef.get(ref.reference) ?? this.byRef.get(ref.reference.replace(/^.*\/(\w+\/[^/]+)$/, '$1'));
    if (index === undefined) throw fail(422, 'not-found', `${ref.reference} is not in the Bundle`, `${path}.reference`);
    const resource = this.entries[index].resource as T;
    if (resource.resourceType !== type) throw fail(422, 'invalid', `${ref.reference} is a ${resource.resourceType}, not a ${type}`, `${path}.reference`);
    return { resource, index };
  }

  all<T extends Resource>(type: T['resourceType']): { resource: T; index: number }[] {
    return this.entries.flatMap((e, index) => (e.resource?.resourceType === type ? [{ resource: e.resource as T, index }] : []));
  }

  /** Every `reference` inside the Bundle that looks local (urn: or Type/id) must resolve. */
  checkReferences(): void {
    this.entries.forEach((entry, i) => walk(entry.resource, this.path(i), (ref, path) => {
      const local = ref.startsWith('urn:uuid:') || /^[A-Z][A-Za-z]+\/[A-Za-z0-9.-]{1,64}$/.test(ref);
      // References to this server's directory (the destination service, a Slot) are resolved by the caller.
      if (/^(HealthcareService|Slot|Organization|Location)\//.test(ref)) return;
      if (local && this.byRef.get(ref) === undefined) throw fail(422, 'not-found', `${ref} is not in the Bundle`, path);
    }));
  }
}

function walk(value: unknown, path: string, visit: (reference: string, path: string) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, visit));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'reference' && typeof v === 'string') visit(v, `${path}.reference`);
      else walk(v, `${path}.${key}`, visit);
    }
  }
}

/** Reads and checks a message Bundle; a 400/422 FhirError naming the element when it will not do. */
export function readInboundBundle(bundle: Bundle): InboundMessage {
  if (bundle.type !== 'message') throw fail(422, 'invalid', `A message Bundle is needed (type "message"), not "${String(bundle.type)}"`, 'Bundle.type');
  if (!bundle.id || !/^[A-Za-z0-9.-]{1,64}$/.test(bundle.id)) throw fail(422, 'required', 'Bundle.id identifies the message: 1–64 letters, digits, dots or dashes', 'Bundle.id');
  if (!Array.isArray(bundle.entry) || !bundle.entry.length) throw fail(422, 'required', 'The Bundle has no entries', 'Bundle.entry');
  bundle.entry.forEach((e, i) => {
    const r = e?.resource as Resource | undefined;
    if (!r || typeof r !== 'object' || typeof r.resourceType !== 'string') throw fail(400, 'structure', 'Every entry needs a resource with a resourceType', `Bundle.entry[${i}].resource`);
  });
  const index = new BundleIndex(bundle.entry);
  const header = bundle.entry[0].resource as MessageHeader;
  if (header.resourceType !== 'MessageHeader') throw fail(422, 'structure', `The first entry must be the MessageHeader, not a ${header.resourceType}`, 'Bundle.entry[0].resource');
  const h = 'Bundle.entry[0].resource';

  const event = header.eventCoding?.code;
  if (header.eventCoding?.system !== SYSTEMS.messageEvent || !INBOUND_EVENTS.includes(event as InboundEvent)) {
    throw fail(422, 'code-invalid', `eventCoding must be ${SYSTEMS.messageEvent}|${INBOUND_EVENTS.join(' or ')}`, `${h}.eventCoding`);
  }
  const reason = (header.reason?.coding ?? []).find((c) => c.system === SYSTEMS.messageReason)?.code ?? 'new';
  if (!REASONS.includes(reason as MessageReason)) throw fail(422, 'code-invalid', `reason must be ${REASONS.join(', ')}`, `${h}.reason`);
  const sourceEndpoint = header.source?.endpoint;
  if (!sourceEndpoint || !/^(https?:\/\/|urn:)\S+$/.test(sourceEndpoint)) throw fail(422, 'required', 'source.endpoint is where the answer goes: an http(s) URL or a URN', `${h}.source.endpoint`);
  if (!header.focus?.length) throw fail(422, 'required', 'focus must name the ServiceRequest', `${h}.focus`);
  const { resource: request, index: ri } = index.resolve<ServiceRequest>(header.focus[0], 'ServiceRequest', `${h}.focus[0]`);
  index.checkReferences();
  const sr = index.path(ri);

  const identifier = request.identifier?.find((i) => i.value);
  const senderReference = identifier ? `${identifier.system ?? ''}|${identifier.value}` : request.id ? `ServiceRequest/${request.id}` : null;
  const serviceId = destinationService(request, sr);
  const cancelReason = request.note?.map((n) => n.text).filter(Boolean).join(' ') || header.reason?.text || 'Cancelled by the referrer';

  const { resource: patient, index: pi } = index.resolve<Patient>(request.subject, 'Patient', `${sr}.subject`);
  const { openCase, fieldPaths } = caseInput(patient, index.path(pi), request, sr);

  const dispositionIndex = conceptIndex(request.reasonCode, SYSTEMS.disposition);
  const groupIndex = conceptIndex(request.reasonCode, SYSTEMS.symptomGroup);
  const discriminatorIndex = conceptIndex(request.reasonCode, SYSTEMS.symptomDiscriminator);
  const dispositionCode = codeOf(request.reasonCode, SYSTEMS.disposition);
  if (reason === 'new' && !dispositionCode) throw fail(422, 'required', `reasonCode needs the disposition (${SYSTEMS.disposition})`, `${sr}.reasonCode`);
  const groupCode = codeOf(request.reasonCode, SYSTEMS.symptomGroup);
  if (groupCode !== undefined && !/^[0-9]{1,5}$/.test(groupCode)) throw fail(422, 'code-invalid', `Symptom group ${groupCode} is not a number`, `${sr}.reasonCode[${groupIndex}]`);
  const discriminatorCode = codeOf(request.reasonCode, SYSTEMS.symptomDiscriminator);

  const carePlans = index.all<CarePlan>('CarePlan');
  const answers = index.all<QuestionnaireResponse>('QuestionnaireResponse');
  const flags = index.all<Flag>('Flag').map(({ resource, index: fi }) => flagOf(resource, index.path(fi)));
  const slotId = event === 'booking-request' && reason !== 'delete' ? bookedSlot(index) : null;

  return {
    messageId: bundle.id,
    event: event as InboundEvent,
    reason: reason as MessageReason,
    sourceEndpoint,
    senderName: header.sender?.display ?? header.source?.name ?? null,
    senderReference,
    serviceId,
    openCase,
    fieldPaths,
    disposition: dispositionCode ? { value: dispositionCode, path: `${sr}.reasonCode[${dispositionIndex}]` } : null,
    symptomGroup: groupCode ? { value: Number(groupCode), path: `${sr}.reasonCode[${groupIndex}]` } : null,
    discriminator: discriminatorCode ? { value: discriminatorCode, path: `${sr}.reasonCode[${discriminatorIndex}]` } : null,
    summary: carePlans[0]?.resource.description ?? null,
    report: answers.flatMap(({ resource }) => flattenAnswers(resource.item ?? [])),
    careAdvice: carePlans.flatMap(({ resource }) => (resource.note ?? []).map((n) => n.text.replace(/^Advice given: /, ''))).filter(Boolean),
    flags,
    slotId,
    cancelReason,
  };
}

/** The receiving service: `performer` as `HealthcareService/{id}` or an identifier in Signpost's service id system. */
function destinationService(request: ServiceRequest, sr: string): Located<number> {
  const performers = request.performer ?? [];
  for (let i = 0; i < performers.length; i++) {
    const p = performers[i];
    const id = p.reference?.match(/(?:^|\/)HealthcareService\/([0-9]{1,15})$/)?.[1] ?? (p.identifier?.system === DIRECTORY_SYSTEMS.serviceId ? p.identifier.value : undefined);
    if (id && /^[0-9]{1,15}$/.test(id)) return { value: Number(id), path: `${sr}.performer[${i}]` };
  }
  throw fail(422, 'required', `performer must name the receiving service: HealthcareService/{id} or an identifier in ${DIRECTORY_SYSTEMS.serviceId}`, `${sr}.performer`);
}

/** The open-case input from the Patient and ServiceRequest, with the FHIRPath of each field for zod's errors. */
function caseInput(patient: Patient, pp: string, request: ServiceRequest, sr: string): { openCase: Record<string, unknown>; fieldPaths: Map<string, string> } {
  const paths = new Map<string, string>();
  const nhsIndex = (patient.identifier ?? []).findIndex((i) => i.system === SYSTEMS.nhsNumber);
  const nhs = nhsIndex >= 0 ? patient.identifier![nhsIndex] : undefined;
  const status = nhs?.extension?.find((e) => e.url === SYSTEMS.nhsNumberStatusExtension)?.valueCodeableConcept?.coding?.find((c) => c.system === SYSTEMS.nhsNumberStatus)?.code;
  const nameIndex = Math.max(0, (patient.name ?? []).findIndex((n) => n.use === 'official'));
  const name = patient.name?.[nameIndex];
  const address = patient.address?.[0];
  const phone = patient.telecom?.find((t) => t.system === 'phone')?.value;
  const practice = patient.generalPractitioner?.find((g) => g.identifier?.system === SYSTEMS.odsCode)?.identifier?.value;
  const p: Record<string, unknown> = {
    firstName: name?.given?.[0],
    lastName: name?.family,
    dateOfBirth: patient.birthDate,
    sex: patient.gender,
  };
  paths.set('patient.firstName', `${pp}.name[${nameIndex}].given[0]`);
  paths.set('patient.lastName', `${pp}.name[${nameIndex}].family`);
  paths.set('patient.dateOfBirth', `${pp}.birthDate`);
  paths.set('patient.sex', `${pp}.gender`);
  if (nhs) {
    p.nhsNumber = nhs.value;
    paths.set('patient.nhsNumber', `${pp}.identifier[${nhsIndex}].value`);
    if (status) {
      p.nhsNumberStatus = status;
      paths.set('patient.nhsNumberStatus', `${pp}.identifier[${nhsIndex}].extension[0]`);
    }
  }
  if (address?.postalCode) {
    if (address.line?.length) {
      p.address = { lines: address.line, ...(address.city ? { town: address.city } : {}), postcode: address.postalCode };
      paths.set('patient.address.lines', `${pp}.address[0].line`);
      paths.set('patient.address.postcode', `${pp}.address[0].postalCode`);
    } else p.postcode = address.postalCode;
    paths.set('patient.postcode', `${pp}.address[0].postalCode`);
  }
  if (phone) {
    p.phone = phone;
    paths.set('patient.phone', `${pp}.telecom`);
  }
  if (practice) {
    p.registeredPractice = practice;
    paths.set('patient.registeredPractice', `${pp}.generalPractitioner`);
  }
  const problem = request.note?.[0]?.text ?? request.code?.text ?? request.reasonCode?.find((c) => c.text)?.text;
  paths.set('presentingProblem', `${sr}.note[0].text`);
  paths.set('patient', pp);
  return { openCase: { channel: 'professional-line', patient: p, presentingProblem: problem }, fieldPaths: paths };
}

function flagOf(flag: Flag, path: string): CaseFlag {
  const category = (flag.category ?? []).flatMap((c) => c.coding ?? []).find((c) => c.system === SYSTEMS.flagCategory)?.code;
  if (!category || !(FlagCategories as readonly string[]).includes(category)) {
    throw fail(422, 'code-invalid', `Flag category must be one of ${SYSTEMS.flagCategory}|${FlagCategories.join(', ')}`, `${path}.category`);
  }
  const text = flag.code?.text ?? flag.code?.coding?.[0]?.display;
  if (!text) throw fail(422, 'required', 'A Flag needs code.text saying what to know', `${path}.code.text`);
  return { category: category as CaseFlag['category'], text };
}

function flattenAnswers(items: NonNullable<QuestionnaireResponse['item']>): ReportLine[] {
  return items.flatMap((item) => [
    ...(item.text || item.answer?.length
      ? [{ nodeId: item.linkId.replace(/^\d+\./, ''), question: item.text ?? item.linkId, answer: (item.answer ?? []).map((a) => a.valueString ?? a.valueCoding?.display ?? a.valueCoding?.code ?? (a.valueBoolean !== undefined ? (a.valueBoolean ? 'Yes' : 'No') : a.valueInteger ?? a.valueDecimal ?? a.valueDate ?? '')).join(', ') }]
      : []),
    ...flattenAnswers(item.item ?? []),
  ]).map((line) => ({ ...line, answer: String(line.answer) }));
}

/** A booking-request's Appointment (based on the ServiceRequest) and the Slot it takes. */
function bookedSlot(index: BundleIndex): Located<string> {
  const appointments = index.all<{ resourceType: 'Appointment'; slot?: Reference[]; basedOn?: Reference[] } & Resource>('Appointment');
  if (!appointments.length) throw fail(422, 'required', 'A booking-request needs an Appointment', 'Bundle.entry');
  const { resource, index: ai } = appointments[0];
  const path = index.path(ai);
  const fhirId = resource.slot?.[0]?.reference?.match(/(?:^|\/)Slot\/([A-Za-z0-9.-]{1,64})$/)?.[1];
  const slot = fhirId ? slotIdFromFhir(fhirId) : undefined;
  if (!slot) throw fail(422, 'required', 'The Appointment must take a Slot of the service (Slot/slot-{uuid})', `${path}.slot`);
  return { value: slot, path: `${path}.slot[0]` };
}
