/**
 * Patient data as FHIR resources, read and search: Patient, Encounter, CarePlan, QuestionnaireResponse,
 * Flag (from cases) and ServiceRequest, Appointment (from referrals), mapped in patient-resources.ts.
 * Access is the cases' and referrals' own (decision 0010): a caller sees a case's resources only if
 * CasesService.readable lets it (the front door; an organisation with an active, completed or
 * did-not-attend referral; admins) — anyone else gets 404, so existence does not leak. Every read and
 * search of patient data is audited (the existing audit log). Searches name the patient (`patient`,
 * `subject`, `_id`, an NHS number `identifier` on Patient, or Signpost's case or referral id as the
 * `identifier` of an Encounter or ServiceRequest): there is no list of every patient.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { CasesService } from '../cases/service';
import type { Case } from '../cases/model';
import { CaseListQuery } from '../cases/model';
import { hasAnyRole } from '../platform/actor';
import { audit } from '../platform/audit';
import type { Clock } from '../platform/clock';
import type { Db } from '../platform/database';
import { AppError } from '../platform/errors';
import { SYSTEMS } from '../referrals/fhir';
import { InboxQuery } from '../referrals/model';
import type { ReferralsService } from '../referrals/service';
import { FhirError, invalidParameter, type FhirContext, type ParsedSearch, type SearchPage, type SearchParamDef } from './model';
import { caseIdFromFhir, caseIdOf, caseResources, referralIdFromFhir, type PatientResourceType } from './patient-resources';
import type { FhirRegistry } from './registry';
import { instantTest, parseToken, referenceId, tokenMatches, type Token } from './search-params';

export interface PatientResourcesDeps {
  db: Db;
  clock: Clock;
  cases: CasesService;
  referrals: ReferralsService;
}

const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition';
const FRONT_DOOR = ['call_handler', 'clinician', 'admin'] as const;

const DOCS: Record<PatientResourceType, string> = {
  Patient: 'The patient as recorded on a case (UK Core Patient, NHS number identifier); its id is the case’s',
  Encounter: 'A case: one episode from first contact to the end (UK Core Encounter)',
  CarePlan: 'A case’s triage outcome: disposition, symptom group and discriminator, care advice (UK Core CarePlan)',
  QuestionnaireResponse: 'The questions asked in triage and the answers given (UK Core QuestionnaireResponse)',
  Flag: 'What those caring for the patient must know: safeguarding, reasonable adjustments, special notes (UK Core Flag)',
  ServiceRequest: 'A referral to a service (UK Core ServiceRequest), as sent in the BaRS message',
  Appointment: 'The booking of a referral into a service’s slot (UK Core Appointment)',
};

const param = (name: string, type: SearchParamDef['type'], documentation: string): SearchParamDef => ({ name, type, documentation });

export function registerPatientResources(registry: FhirRegistry, deps: PatientResourcesDeps): FhirRegistry {
  const source = new PatientSource(deps);
  for (const type of ['Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse', 'Flag', 'ServiceRequest', 'Appointment'] as const) {
    const params: SearchParamDef[] = [
      param('_id', 'token', 'The resource id'),
      ...(type === 'Patient'
        ? [param('identifier', 'token', `The NHS number (${SYSTEMS.nhsNumber}|number)`)]
        : [param('patient', 'reference', 'The patient (Patient/id)'), param('subject', 'reference', 'The patient (Patient/id); same as patient')]),
      ...(type === 'Patient' ? [] : [param('status', 'token', 'The resource’s status code')]),
      ...(type === 'Encounter' ? [param('identifier', 'token', `Signpost’s case id (${SYSTEMS.caseId}|case_…); names the case`)] : []),
      ...(type === 'ServiceRequest' ? [param('identifier', 'token', `Signpost’s referral id (${SYSTEMS.referralId}|ref_…); names the referral`)] : []),
      param('_lastUpdated', 'date', 'When the case (or, for a referral’s resources, the referral) last changed: meta.lastUpdated (prefixes eq, ne, gt, lt, ge, le, sa, eb)'),
    ];
    registry.addResource({
      type,
      profile: `${UK_CORE}/UKCore-${type}`,
      documentation: DOCS[type],
      access: 'signed-in',
      read: (ctx, id) => source.read(ctx, type, id),
      search: { params, run: (ctx, search) => source.search(ctx, type, search) },
    });
  }
  return registry;
}

class PatientSource {
  constructor(private readonly deps: PatientResourcesDeps) {}

  async read(ctx: FhirContext, type: PatientResourceType, id: string): Promise<Resource | undefined> {
    const resources = await this.resourcesOf(ctx, type, await this.caseOfId(type, id), 'fhir.read');
    return resources.find((r) => r.resourceType === type && r.id === id);
  }

  async search(ctx: FhirContext, type: PatientResourceType, search: ParsedSearch): Promise<SearchPage> {
    // Parsed before any case is read, so a malformed date is a 400 with nothing read or audited.
    const changedIn = (search.params.get('_lastUpdated') ?? []).map((value) => instantTest(value, '_lastUpdated'));
    const caseIds = await this.casesNamed(ctx, type, search.params);
    const found: Resource[] = [];
    for (const caseId of caseIds) found.push(...(await this.resourcesOf(ctx, type, caseId, 'fhir.search').catch(notFoundAsNone)));
    const ids = search.params.get('_id')?.map((v) => v.values);
    const statuses = search.params.get('status')?.map((v) => v.values.map((s) => parseToken(s).code));
    // The Patient's identifier (NHS number) chose its cases; an Encounter's or ServiceRequest's is on the resource.
    const identifiers = type === 'Patient' ? undefined : search.params.get('identifier')?.map((v) => v.values.map(parseToken));
    const matches = found.filter(
      (r) =>
        r.resourceType === type &&
        (!ids || ids.every((any) => any.includes(r.id!))) &&
        (!statuses || statuses.every((any) => any.includes((r as { status?: string }).status ?? ''))) &&
        (!identifiers || identifiers.every((any) => any.some((token) => tokenMatches(token, (r as { identifier?: { system?: string; value?: string }[] }).identifier ?? [])))) &&
        changedIn.every((test) => test(Date.parse(r.meta!.lastUpdated!))),
    );
    return { resources: matches.slice(search.offset, search.offset + search.count), total: matches.length };
  }

  /** The case a resource id names (a referral's case for ServiceRequest and Appointment), or undefined. */
  private async caseOfId(type: PatientResourceType, id: string): Promise<string | undefined> {
    if (type === 'ServiceRequest' || type === 'Appointment') return referralIdFromFhir(id) ? `referral:${referralIdFromFhir(id)}` : undefined;
    return caseIdOf(type, id);
  }

  /** The resources of one case the caller may read (404 otherwise), audited. */
  private async resourcesOf(ctx: FhirContext, type: PatientResourceType, key: string | undefined, action: string): Promise<Resource[]> {
    if (!key) return [];
    const { cases, referrals } = this.deps;
    if (key.startsWith('referral:')) {
      // referrals.get checks access and audits the read itself.
      const { referral } = await referrals.get(ctx.actor, key.slice('referral:'.length), ctx.requestId);
      return caseResources(await cases.get(referral.caseId), referral);
    }
    const c = await cases.readable(ctx.actor, key);
    if (type === 'ServiceRequest' || type === 'Appointment') {
      const list = await referrals.ofCase(ctx.actor, c.id, ctx.requestId);
      return list.flatMap((r) => caseResources(c, r).filter((x) => x.resourceType === 'ServiceRequest' || x.resourceType === 'Appointment'));
    }
    await this.audit(ctx, action, type, c);
    return caseResources(c);
  }

  private audit(ctx: FhirContext, action: string, type: string, c: Case) {
    return audit(this.deps.db, ctx.actor, this.deps.clock.now(), { action, subjectType: 'case', subjectId: c.id, patientData: true, details: { resourceType: type }, requestId: ctx.requestId });
  }

  /** The cases a search names (a `referral:` key for a ServiceRequest or Appointment `_id`): by `_id`, `patient`/`subject`, or (Patient) the NHS number. */
  private async casesNamed(ctx: FhirContext, type: PatientResourceType, params: ParsedSearch['params']): Promise<string[]> {
    const named = new Set<string>();
    for (const name of ['patient', 'subject']) {
      for (const value of params.get(name) ?? []) {
        for (const v of value.values) {
          const caseId = caseIdFromFhir(referenceId(v, 'Patient', name));
          if (caseId) named.add(caseId);
        }
      }
    }
    for (const value of params.get('_id') ?? []) {
      for (const v of value.values) {
        const key = await this.caseOfId(type, v);
        if (key) named.add(key);
      }
    }
    for (const value of params.get('identifier') ?? []) {
      for (const v of value.values) {
        const token = parseToken(v);
        if (type !== 'Patient') {
          // Signpost's own case or referral id names one case (or referral); another system's names none here.
          const key = type === 'Encounter' ? identifiedCase(token) : identifiedReferral(token);
          if (key) named.add(key);
          continue;
        }
        if (token.system !== undefined && token.system !== SYSTEMS.nhsNumber) throw invalidParameter('identifier', `identifier searches the NHS number: ${SYSTEMS.nhsNumber}|number`);
        for (const id of await this.casesOfNhsNumber(ctx, token.code ?? '')) named.add(id);
      }
    }
    const givenAny = ['patient', 'subject', '_id', 'identifier'].some((name) => params.has(name));
    if (!givenAny) {
      throw new FhirError(400, [{ severity: 'error', code: 'too-costly', diagnostics: `Name the patient: search ${type} by ${type === 'Patient' ? '_id or identifier (NHS number)' : 'patient or subject'}`, expression: [type === 'Patient' ? 'identifier' : 'patient'] }]);
    }
    return [...named];
  }

  /**
   * Cases of an NHS number the caller may see: the front door searches every case (as GET /api/cases
   * does, audited there); an organisation, the cases its inbox holds.
   */
  private async casesOfNhsNumber(ctx: FhirContext, nhsNumber: string): Promise<string[]> {
    const parsed = CaseListQuery.safeParse({ nhsNumber, limit: 200 });
    if (!parsed.success) throw invalidParameter('identifier', `${nhsNumber} is not a valid NHS number`);
    if (hasAnyRole(ctx.actor, FRONT_DOOR)) return (await this.deps.cases.list(ctx.actor, parsed.data, ctx.requestId)).map((c) => c.id);
    const inbox = await this.deps.referrals.inbox(ctx.actor, InboxQuery.parse({ limit: 500 }), ctx.requestId).catch(notFoundAsNone);
    const caseIds = [...new Set(inbox.map((item) => item.caseId).filter((id): id is string => Boolean(id)))];
    const out: string[] = [];
    for (const id of caseIds) {
      const c = await this.deps.cases.get(id);
      if (c.patient.nhsNumber === parsed.data.nhsNumber) out.push(id);
    }
    return out;
  }
}

function identifiedCase(token: Token): string | undefined {
  if (token.system !== undefined && token.system !== SYSTEMS.caseId) return undefined;
  return token.code && caseIdFromFhir(token.code.replace(/^case_/, 'case-')) ? token.code : undefined;
}

function identifiedReferral(token: Token): string | undefined {
  if (token.system !== undefined && token.system !== SYSTEMS.referralId) return undefined;
  return token.code && referralIdFromFhir(token.code.replace(/^ref_/, 'ref-')) ? `referral:${token.code}` : undefined;
}

/** A case the caller may not see is simply not among the results of a search. */
function notFoundAsNone(error: unknown): never[] {
  if (error instanceof AppError && (error.status === 404 || error.status === 403)) return [];
  throw error;
}
