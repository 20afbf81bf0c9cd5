// Searching the directory for a case: the request comes from the case (its disposition, where the
// patient is, their age and sex), fields the searcher gives override it, and the search and its
// results are recorded with the case.
import { randomUUID } from 'node:crypto';
import { hasAnyRole, type Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction } from '../platform/database';
import { badRequest, conflict } from '../platform/errors';
import { ageDaysFromBirth, MAX_AGE_DAYS } from '../directory/age';
import type { ReferralRole } from '../directory/model';
import { SEARCH_DEFAULTS, type SearchOutcome, type SearchRequest } from '../search/model';
import type { CaseAccessControl } from './access';
import { caseSearchedEvent } from './case-events';
import type { CasesContext } from './context';
import type { Case, CaseSearchInput } from './model';
import * as store from './store';

type CaseSearchResult = SearchOutcome['results'][number] & { organisationId: string | null; odsCode: string | null; position: number };

const referralRoleOf = (actor: Actor): ReferralRole =>
  hasAnyRole(actor, ['clinician']) ? 'clinician' : hasAnyRole(actor, ['provider_staff', 'system']) ? 'provider' : 'call-handler';

export class CaseSearches {
  constructor(
    private readonly ctx: CasesContext,
    private readonly access: CaseAccessControl,
  ) {}

  private get db() {
    return this.ctx.db;
  }

  /** Runs a directory search for the case (from its disposition and the patient) and records it. */
  async search(actor: Actor, id: string, overrides: CaseSearchInput = {}) {
    const searcher = this.ctx.deps.search();
    if (!searcher) throw conflict('The directory search is not available in this installation', [], 'search_unavailable');
    const c = await this.access.workable(actor, id);
    if (c.status !== 'open') throw conflict(`Case ${id} is closed`, [{ path: 'status', message: c.status }], 'invalid_state');
    const request = this.requestFor(actor, c, overrides);
    const outcome = await searcher.search(request);
    const results: CaseSearchResult[] = [];
    for (const [i, r] of outcome.results.entries()) {
      const service = await this.ctx.deps.directory.get(r.serviceId).catch(() => null);
      results.push({ ...r, organisationId: service?.organisationId ?? null, odsCode: service?.odsCode ?? null, position: i + 1 });
    }
    const at = this.ctx.now();
    const searchId = `srch_${randomUUID()}`;
    await inTransaction(this.db, async (tx) => {
      await store.insertSearch(tx, {
        id: searchId,
        caseId: id,
        request,
        results: results.map((r) => ({ serviceId: r.serviceId, name: r.name, typeId: r.typeId, organisationId: r.organisationId, rank: r.position })),
        catchAll: outcome.catchAll,
        createdBy: actor.id,
        createdAt: at,
      });
      await recordChange(tx, actor, at, caseSearchedEvent(id, searchId, request.disposition, results.map((r) => r.serviceId), outcome.catchAll));
    });
    return { searchId, request, ...outcome, results };
  }

  findSearch(searchId: string) {
    return store.findSearch(this.db, searchId);
  }

  /**
   * The search request the case gives, with the searcher's overrides. Both halves are checked values
   * (the case's when it was written, the overrides by the route), so it is a parsed request as it is.
   */
  private requestFor(actor: Actor, c: Case, overrides: CaseSearchInput): SearchRequest {
    const d = c.disposition;
    const postcode = c.currentLocation?.postcode ?? c.patient.postcode ?? c.patient.address?.postcode;
    // By the calendar, as the directory counts ages: on an 18th birthday the patient is 18 (directory/age.ts).
    const ageDays = ageDaysFromBirth(c.patient.dateOfBirth, this.ctx.today());
    const location = overrides.location ?? (postcode ? { postcode } : undefined);
    const disposition = overrides.disposition ?? d?.code;
    const symptomGroup = overrides.symptomGroup ?? d?.symptomGroup ?? undefined;
    const symptomDiscriminators = overrides.symptomDiscriminators ?? (d?.symptomDiscriminator ? [d.symptomDiscriminator] : undefined);
    const given = { location, disposition, symptomGroup, symptomDiscriminators };
    const missing = Object.entries(given).filter(([, value]) => value === undefined).map(([key]) => key);
    if (!location || !disposition || !symptomGroup || !symptomDiscriminators) {
      throw badRequest(`The case has no ${missing.join(', ')} to search with: triage first, or give them`, missing.map((k) => ({ path: `body.${k}`, message: 'required: the case does not say' })));
    }
    if (ageDays > MAX_AGE_DAYS) throw badRequest('The patient’s date of birth gives an age the directory cannot search with', [{ path: 'body.age', message: 'age out of range' }]);
    return {
      location,
      age: { value: ageDays, unit: 'days' },
      sex: c.patient.sex === 'female' || c.patient.sex === 'male' ? c.patient.sex : 'unknown',
      disposition,
      symptomGroup,
      symptomDiscriminators,
      ...(overrides.at !== undefined ? { at: overrides.at } : {}),
      ...(overrides.distanceKm !== undefined ? { distanceKm: overrides.distanceKm } : {}),
      referralRole: referralRoleOf(actor),
      ...(c.patient.registeredPractice ? { registeredPractice: c.patient.registeredPractice } : {}),
      limit: overrides.limit ?? SEARCH_DEFAULTS.limit,
      explain: SEARCH_DEFAULTS.explain,
    };
  }
}
