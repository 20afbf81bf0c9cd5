// Patient online triage without signing in: the triage, search and cases services run on the
// patient's behalf as one "online" actor. Only sessions started online can be read or answered here
// (a staff session id is "not found"), and a session's call-back request is one transaction that
// happens once however often it is sent (a double-click, a retry after a lost reply).
import { createHash } from 'node:crypto';
import type { Actor } from '../platform/actor';
import type { Platform } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { AppError, conflict, notFound } from '../platform/errors';
import type { CasesService } from '../cases/service';
import type { Catalogue } from '../directory/catalogue';
import type { GeoService } from '../geo/service';
import type { SearchService } from '../search/service';
import { SEARCH_DEFAULTS } from '../search/model';
import type { AnswerInput, ChangeAnswerInput, ChoosePathwayInput, PathwaySearch, SessionView, TriageService } from '../triage/service';
import type { CallbackReply, CallbackRequest, ServicesRequest, StartRequest } from './model';
import * as store from './store';

/** Who acts for a patient online: audited and shown in timelines as this. */
export const ONLINE_ACTOR: Actor = {
  kind: 'system',
  id: 'online-patient',
  name: 'Patient (online)',
  organisationId: null,
  // The triage and cases services admit call handlers; the online routes narrow what is reachable.
  roles: ['call_handler'],
};

export interface OnlineDeps {
  triage: Pick<TriageService, 'startSession' | 'getSession' | 'answer' | 'changeAnswer' | 'back' | 'choosePathway' | 'searchPathways'>;
  geo: Pick<GeoService, 'resolvePostcode'>;
  /** The disposition catalogue: a self-care outcome needs no service (and no search). */
  catalogue: Pick<Catalogue, 'disposition'>;
  /** The directory search, when this installation has it. */
  search: () => Pick<SearchService, 'search'> | undefined;
  /** The cases service, when this installation has it. */
  cases: () => Pick<CasesService, 'open' | 'linkTriage' | 'requestCallback'> | undefined;
}

export class OnlineService {
  constructor(
    private readonly platform: Platform,
    private readonly deps: OnlineDeps,
  ) {}

  searchPathways(query: PathwaySearch) {
    return this.deps.triage.searchPathways(query);
  }

  async startSession(request: StartRequest): Promise<SessionView> {
    const location = await this.deps.geo.resolvePostcode(request.postcode, 'postcode');
    return this.deps.triage.startSession(ONLINE_ACTOR, { age: request.age, sex: request.sex, entry: request.entry, answerer: request.answerer, ...(location.areaCode ? { areaCode: location.areaCode } : {}) });
  }

  /** A session started online, or 404: staff sessions are not reachable from here. */
  async session(id: string): Promise<SessionView> {
    let view: SessionView;
    try {
      view = await this.deps.triage.getSession(id);
    } catch {
      throw notFound(`Session ${id}`);
    }
    if (view.session.startedBy !== ONLINE_ACTOR.id) throw notFound(`Session ${id}`);
    return view;
  }

  async answer(id: string, input: AnswerInput): Promise<SessionView> {
    await this.session(id);
    return this.deps.triage.answer(ONLINE_ACTOR, id, input);
  }

  async changeAnswer(id: string, nodeId: string, input: ChangeAnswerInput): Promise<SessionView> {
    await this.session(id);
    return this.deps.triage.changeAnswer(ONLINE_ACTOR, id, nodeId, input);
  }

  async back(id: string): Promise<SessionView> {
    await this.session(id);
    return this.deps.triage.back(ONLINE_ACTOR, id);
  }

  async choosePathway(id: string, input: ChoosePathwayInput): Promise<SessionView> {
    await this.session(id);
    return this.deps.triage.choosePathway(ONLINE_ACTOR, id, input);
  }

  /** Where to go: services a patient may use themselves, for the finished session. */
  async services(id: string, request: ServicesRequest) {
    const view = await this.session(id);
    if (!view.outcome) throw conflict('The questions are not finished yet', [], 'invalid_state');
    // Self-care: the patient looks after themselves. No search, so none is counted as unmet need.
    if (this.deps.catalogue.disposition(view.outcome.disposition)?.group === 'self-care') return { results: [], catchAll: false, selfCare: true };
    const searcher = this.deps.search();
    if (!searcher) throw new AppError(503, 'search_unavailable', 'Finding services is not available just now: call 111');
    const q = view.outcome.directorySearch;
    const outcome = await searcher.search({
      location: { postcode: request.postcode },
      age: q.age,
      sex: q.sex,
      disposition: q.disposition,
      symptomGroup: q.symptomGroup,
      symptomDiscriminators: q.symptomDiscriminators,
      referralRole: 'patient',
      limit: 3,
      explain: SEARCH_DEFAULTS.explain,
    });
    return { results: outcome.results, catchAll: outcome.catchAll, selfCare: false };
  }

  /**
   * The patient asks for a clinician to call back: opens a case (channel online) with the session's
   * triage and puts it in the clinical queue — in one transaction with the claim of the session's one
   * call-back, so it happens once. An identical repeat gets the first reply; a repeat with other
   * details is refused (409), as the case already has the first ones.
   */
  async requestCallback(sessionId: string, request: CallbackRequest): Promise<CallbackReply> {
    const view = await this.session(sessionId);
    if (!view.outcome) throw conflict('Finish the questions first', [], 'invalid_state');
    const cases = this.deps.cases();
    if (!cases) throw new AppError(503, 'cases_unavailable', 'Call-backs cannot be requested online just now: call 111');
    const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
    return inTransaction(this.platform.db, async (tx) => {
      if (!(await store.claimCallback(tx, sessionId, requestHash, this.platform.clock.now()))) return this.repeated(tx, sessionId, requestHash);
      const nhsNumber = request.nhsNumber?.replace(/\s+/g, '');
      // The cases service's transactions join this one (src/platform/transactions.ts).
      const opened = await cases.open(ONLINE_ACTOR, {
        channel: 'online',
        patient: { firstName: request.firstName, lastName: request.lastName, dateOfBirth: request.dateOfBirth, sex: request.sex, postcode: request.postcode.toUpperCase(), phone: request.phone, ...(nhsNumber ? { nhsNumber } : {}) },
        caller: { relationship: 'self' },
        presentingProblem: request.problem,
        flags: [{ category: 'additional-patient-information', text: 'The patient asked online for a call-back from a clinician.' }],
      });
      const linked = await cases.linkTriage(ONLINE_ACTOR, opened.case.id, { sessionId });
      if (!linked.queueEntry) await cases.requestCallback(ONLINE_ACTOR, opened.case.id, { reason: 'The patient asked online for a call-back' });
      await store.completeCallback(tx, sessionId, opened.case.id, true);
      return replyOf(opened.case.id, true, false);
    });
  }

  private async repeated(tx: Tx, sessionId: string, requestHash: string): Promise<CallbackReply> {
    const first = await store.findCallback(tx, sessionId);
    if (!first?.caseId) throw conflict('A call-back for this session is still being requested', [], 'callback_pending');
    if (first.requestHash !== requestHash) {
      const reference = referenceOf(first.caseId);
      throw conflict(`A call-back was already requested in this session (reference ${reference}) with other details: call 111 to change them`, [], 'callback_already_requested');
    }
    return replyOf(first.caseId, first.queued, true);
  }
}

const referenceOf = (caseId: string) => caseId.slice(5, 13).toUpperCase();
const replyOf = (caseId: string, queued: boolean, alreadyRequested: boolean): CallbackReply => ({ caseId, reference: referenceOf(caseId), queued, alreadyRequested });
