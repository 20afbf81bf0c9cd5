/**
 * A case and its referrals as RESTful FHIR resources: the same mapping as the outbound BaRS message
 * (src/referrals/fhir.ts builds it; there is no second one), with each resource given its own id and
 * the Bundle's `urn:uuid:` references rewritten to `Type/id`. A case is an Encounter; the patient as
 * recorded on it a Patient, its triage outcome a CarePlan and answers a QuestionnaireResponse (all with
 * the case's id); its flags are Flags (`{case}.{n}`); a referral is a ServiceRequest and its booking an
 * Appointment (the referral's id). Signpost's `case_`/`ref_` ids are not FHIR ids (no underscores), so
 * the FHIR ones have a hyphen. Pure.
 */
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { Case } from '../cases/model';
import { messageBundle } from '../referrals/fhir';
import type { Referral } from '../referrals/model';

export const PATIENT_RESOURCE_TYPES = ['Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag', 'ServiceRequest', 'Appointment'] as const;
export type PatientResourceType = (typeof PATIENT_RESOURCE_TYPES)[number];

export const caseFhirId = (id: string) => id.replace(/^case_/, 'case-');
export const caseIdFromFhir = (id: string) => (/^case-[0-9a-f-]{36}$/.test(id) ? id.replace(/^case-/, 'case_') : undefined);
export const referralFhirId = (id: string) => id.replace(/^ref_/, 'ref-');
export const referralIdFromFhir = (id: string) => (/^ref-[0-9a-f-]{36}$/.test(id) ? id.replace(/^ref-/, 'ref_') : undefined);

/** The case id behind a resource id of any patient resource type (a Flag's `{case}.{n}` too). */
export function caseIdOf(type: PatientResourceType, id: string): string | undefined {
  if (type === 'ServiceRequest' || type === 'Appointment') return undefined;
  return caseIdFromFhir(type === 'Flag' ? id.replace(/\.\d+$/, '') : id);
}

/** Every resource of a case (and of one referral of it, when given), with REST ids and references. */
export function caseResources(c: Case, referral?: Referral): Resource[] {
  const bundle: Bundle = messageBundle({
    messageId: `rest-${c.id}-${referral?.id ?? ''}`,
    at: c.updatedAt,
    event: referral?.appointment ? 'booking-request' : 'servicerequest-request',
    reason: 'new',
    destination: { endpoint: 'urn:signpost', name: 'Signpost' },
    sender: { name: 'Signpost', organisationId: null },
    case: c,
    referral,
  });
  const caseId = caseFhirId(c.id);
  const restId = new Map<string, string>();
  let flag = 0;
  for (const entry of bundle.entry ?? []) {
    const r = entry.resource!;
    if (r.resourceType === 'MessageHeader') continue;
    const id = r.resourceType === 'ServiceRequest' || r.resourceType === 'Appointment' ? referralFhirId(referral!.id) : r.resourceType === 'Flag' ? `${caseId}.${flag++}` : caseId;
    restId.set(entry.fullUrl!, `${r.resourceType}/${id}`);
  }
  const updated = (referral && referral.updatedAt > c.updatedAt ? referral.updatedAt : c.updatedAt).toISOString();
  return (bundle.entry ?? [])
    .filter((e) => e.resource!.resourceType !== 'MessageHeader')
    .map((e) => {
      const text = JSON.stringify(e.resource).replace(/"urn:uuid:[0-9a-f-]{36}"/g, (urn) => JSON.stringify(restId.get(JSON.parse(urn)) ?? JSON.parse(urn)));
      const resource = JSON.parse(text) as Resource;
      resource.id = restId.get(e.fullUrl!)!.split('/')[1];
      resource.meta = { lastUpdated: updated };
      return resource;
    });
}
