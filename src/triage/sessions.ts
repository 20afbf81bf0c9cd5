// Triage sessions: start one on what the patient's area runs on, answer, change an answer, go back,
// choose a pathway; each step is one transaction with its event. Also the pathway finder and care
// advice, read from the published content.
import { randomUUID } from 'node:crypto';
import { ageDaysFromBirth, ageInDays } from '../directory/age';
import type { Actor } from '../platform/actor';
import { recordChange } from '../platform/context';
import { inTransaction, type Tx } from '../platform/database';
import { appendEvent } from '../platform/events';
import { badRequest, conflict, notFound } from '../platform/errors';
import { answer, back, changeAnswer, choosePathway, currentQuestion, searchPathways, startSession, type SearchHit } from './engine';
import { assertTriager, engine } from './guards';
import { SUBJECT_SESSION, type ContentLibrary } from './library';
import { ageBandOf, type CareAdvice, type CompiledPack, type SessionState, type Sex, type StartInput } from './model';
import type { Age, AnswerInput, ChangeAnswerInput, ChoosePathwayInput, PathwaySearch, StartSessionInput } from './requests';
import * as store from './store';
import type { ContentVersion, StoredSession } from './store';
import { directorySearchOf, type SessionView } from './views';

/** The engine's age in days: the directory's one conversion (directory/age.ts); `today` is YYYY-MM-DD. */
export function ageInput(age: Age, today: string): Pick<StartInput, 'ageDays'> {
  if ('dateOfBirth' in age) return { ageDays: ageDaysFromBirth(age.dateOfBirth, today) };
  return { ageDays: ageInDays(age.value, age.unit) };
}

export class TriageSessions {
  constructor(private readonly library: ContentLibrary) {}

  private get db() {
    return this.library.db;
  }

  async startSession(actor: Actor, body: StartSessionInput): Promise<SessionView> {
    assertTriager(actor);
    const areaCode = body.areaCode ?? null;
    if (areaCode && !(await store.areaExists(this.db, areaCode))) throw badRequest(`There is no area ${areaCode}`, [{ path: 'areaCode', message: 'unknown area' }]);
    const version = await this.library.publishedFor(areaCode);
    if (!version) throw conflict('No triage content is published; a clinical governance lead must publish a version first', [], 'no_published_content');
    const pack = await this.library.packOf(this.db, version);
    const today = this.library.today();
    const state = engine(() => startSession(pack, { ...ageInput(body.age, today), sex: body.sex, entry: body.entry, today, answerer: body.answerer }));
    const at = this.library.now();
    return inTransaction(this.db, async (tx) => {
      const current = await store.findVersion(tx, version.id, 'share');
      if (!current || current.status === 'withdrawn') throw conflict('The triage content was withdrawn just now; start again', [], 'content_withdrawn');
      const session = await store.insertSession(tx, { id: newSessionId(), contentVersionId: version.id, areaCode, state, startedBy: actor.id, at });
      await recordChange(tx, actor, at, {
        type: 'triage.session_started',
        subjectType: SUBJECT_SESSION,
        subjectIds: [session.id],
        payload: { contentVersionId: version.id, areaCode, pathwayId: state.pathwayId, entry: body.entry ? Object.keys(body.entry)[0] : null },
      });
      await recordFinish(tx, actor, at, session, null, state);
      return sessionView(session, current, pack);
    });
  }

  async getSession(id: string): Promise<SessionView> {
    const session = await store.findSession(this.db, id);
    if (!session) throw notFound(`Triage session ${id}`);
    const version = await this.library.getVersion(session.contentVersionId);
    return sessionView(session, version, await this.library.packOf(this.db, version));
  }

  answer(actor: Actor, id: string, body: AnswerInput): Promise<SessionView> {
    return this.act(actor, id, 'triage.answered', (pack, state) => answer(pack, state, body.nodeId, body.value), () => ({ nodeId: body.nodeId }));
  }

  changeAnswer(actor: Actor, id: string, nodeId: string, body: ChangeAnswerInput): Promise<SessionView> {
    return this.act(actor, id, 'triage.answer_changed', (pack, state) => changeAnswer(pack, state, nodeId, body.value), () => ({ nodeId }));
  }

  back(actor: Actor, id: string): Promise<SessionView> {
    return this.act(actor, id, 'triage.went_back', (pack, state) => back(pack, state), (before) => ({ nodeId: before.answers[before.answers.length - 1]?.nodeId ?? null }));
  }

  choosePathway(actor: Actor, id: string, body: ChoosePathwayInput): Promise<SessionView> {
    return this.act(actor, id, 'triage.pathway_chosen', (pack, state) => choosePathway(pack, state, body.pathwayId), () => ({ pathwayId: body.pathwayId }));
  }

  /**
   * One step of a session, in one transaction: the session row is locked, its content version kept
   * from being withdrawn meanwhile, the engine computes the new state, and the state and an event
   * are written. A refused step writes nothing.
   */
  private async act(
    actor: Actor,
    id: string,
    type: string,
    step: (pack: CompiledPack, state: SessionState) => SessionState,
    payload: (before: SessionState) => Record<string, unknown>,
  ): Promise<SessionView> {
    assertTriager(actor);
    const at = this.library.now();
    return inTransaction(this.db, async (tx) => {
      const session = await store.findSession(tx, id, true);
      if (!session) throw notFound(`Triage session ${id}`);
      const version = (await store.findVersion(tx, session.contentVersionId, 'share'))!;
      if (version.status === 'withdrawn') {
        throw conflict(
          `The triage content this session runs on (${version.label}, ${version.contentVersion}) was withdrawn; the session is kept as it is but cannot go on. Start a new session.`,
          [{ path: 'contentVersionId', message: 'withdrawn' }],
          'content_withdrawn',
        );
      }
      const pack = await this.library.packOf(tx, version);
      const next = engine(() => step(pack, session.state));
      const saved = await store.updateSession(tx, id, next, at, session.state.status === 'finished' && sameOutcome(session.state, next) ? session.finishedAt : at);
      await recordChange(tx, actor, at, { type, subjectType: SUBJECT_SESSION, subjectIds: [id], payload: { ...payload(session.state), status: next.status } });
      await recordFinish(tx, actor, at, saved, session.state, next);
      return sessionView(saved, version, pack);
    });
  }

  // ---- pathways and care advice, from what an area runs on now ----

  async searchPathways(q: PathwaySearch): Promise<{ contentVersion: string; pathways: SearchHit[] }> {
    const pack = await this.library.publishedPack(q.areaCode ?? null);
    const patient = { ageDays: q.ageDays ?? (q.ageYears === undefined ? undefined : ageInDays(q.ageYears, 'years')), sex: q.sex };
    const text = q.q?.trim() ?? '';
    const hits = text ? searchPathways(pack, text, patient) : allEntryPathways(pack, patient);
    return { contentVersion: pack.contentVersion, pathways: hits };
  }

  async careAdvice(id: string, areaCode: string | null = null): Promise<CareAdvice & { contentVersion: string }> {
    const pack = await this.library.publishedPack(areaCode);
    const advice = pack.careAdvice[id];
    if (!advice) throw notFound(`Care advice ${id}`);
    return { ...advice, contentVersion: pack.contentVersion };
  }
}

/** A `triage.finished` event whenever a session reaches an outcome (again, or a different one). */
async function recordFinish(tx: Tx, actor: Actor, at: Date, session: StoredSession, before: SessionState | null, after: SessionState): Promise<void> {
  if (after.status !== 'finished' || !after.outcome) return;
  if (before?.status === 'finished' && sameOutcome(before, after)) return;
  const o = after.outcome;
  await appendEvent(tx, actor, at, {
    type: 'triage.finished',
    subjectType: SUBJECT_SESSION,
    subjectIds: [session.id],
    payload: { contentVersionId: session.contentVersionId, pathwayId: o.pathwayId, disposition: o.disposition, symptomGroup: o.symptomGroup, symptomDiscriminator: o.symptomDiscriminator },
  });
}

function sessionView(session: StoredSession, version: ContentVersion, pack: CompiledPack): SessionView {
  const state = session.state;
  return {
    session: {
      id: session.id,
      status: state.status,
      contentVersionId: session.contentVersionId,
      contentVersion: state.contentVersion,
      contentLabel: version.label,
      contentStatus: version.status,
      canContinue: version.status !== 'withdrawn',
      areaCode: session.areaCode,
      pathwayId: state.pathwayId,
      answerer: state.start.answerer ?? 'self',
      patient: state.patient,
      today: state.today,
      answers: state.answers,
      startedBy: session.startedBy,
      startedAt: session.startedAt,
      updatedAt: session.updatedAt,
      finishedAt: session.finishedAt,
    },
    question: state.status === 'in-progress' ? engine(() => currentQuestion(pack, state)) : null,
    outcome: state.outcome ? { ...state.outcome, directorySearch: directorySearchOf(state.outcome) } : null,
  };
}

/** Without search words: every pathway a patient can enter by, alphabetically. */
function allEntryPathways(pack: CompiledPack, patient: { ageDays?: number; sex?: Sex }): SearchHit[] {
  const band = patient.ageDays === undefined ? null : ageBandOf(patient.ageDays);
  return pack.pathwayOrder
    .map((id) => pack.pathways[id])
    .filter((p) => p.entry && !p.screen)
    .filter((p) => (!band || p.gating.ageBands.includes(band)) && (!patient.sex || p.gating.sexes.includes(patient.sex)))
    .map((p) => ({ pathwayId: p.id, title: p.title, symptomGroup: p.symptomGroup, score: 0 }))
    .sort((a, b) => a.title.localeCompare(b.title));
}

function newSessionId(): string {
  return `tsn_${randomUUID()}`;
}

function sameOutcome(a: SessionState, b: SessionState): boolean {
  return a.outcome?.outcomeNodeId === b.outcome?.outcomeNodeId && a.outcome?.pathwayId === b.outcome?.pathwayId;
}
