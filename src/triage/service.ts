/**
 * Triage use cases, composed: content governance (draft → in review → approved → published, local
 * variations per area, withdrawal), sessions recorded with the content version they ran on, and
 * replay impact. The pure core (compiler, engine, replay, scenarios) does the thinking; the use
 * cases add permissions, transactions, events and audit, one file each:
 *   library.ts      reading content versions, the published content per area, the compiled-pack cache
 *   sessions.ts     start / answer / change / back / choose pathway; pathway finder, care advice
 *   authoring.ts    create a draft, replace its files, submit it, review it
 *   publication.ts  publish (or roll back), withdraw, publish the shipped national pack
 *   impact.ts       replay impact of one version against another
 * Request schemas are in requests.ts, the shapes handed back in views.ts.
 */
import type { Actor } from '../platform/actor';
import type { Platform } from '../platform/context';
import type { Executor } from '../platform/database';
import { ContentAuthoring } from './authoring';
import type { SearchHit } from './engine';
import { ContentImpact, type ComparedPack } from './impact';
import { ContentLibrary, type TriageDeps } from './library';
import type { CareAdvice, CompiledPack, ContentFile } from './model';
import { ContentPublication } from './publication';
import type { AnswerInput, ChangeAnswerInput, ChoosePathwayInput, CreateVersionInput, Impact, PathwaySearch, ReviewInput, StartSessionInput, UpdateFilesInput, VersionList, WithdrawInput } from './requests';
import type { ScenarioResult } from './scenarios';
import { TriageSessions } from './sessions';
import type { ContentVersion } from './store';
import type { ImpactReport, SessionView, TestSummary, VersionDetail } from './views';

export type { ContentVersion, ContentStatus } from './store';
export * from './requests';
export * from './views';
export { GOVERNANCE_ROLES, TRIAGE_ROLES, fromTriageError } from './guards';
export { SHIPPED_CONTENT_DIR, readPackDir, type TriageDeps } from './library';
export { ageInput } from './sessions';

export class TriageService {
  readonly content: ContentLibrary;
  readonly sessions: TriageSessions;
  readonly authoring: ContentAuthoring;
  readonly publication: ContentPublication;
  readonly impacts: ContentImpact;

  constructor(platform: Platform, deps: TriageDeps) {
    this.content = new ContentLibrary(platform, deps);
    this.sessions = new TriageSessions(this.content);
    this.authoring = new ContentAuthoring(this.content);
    this.publication = new ContentPublication(this.content);
    this.impacts = new ContentImpact(this.content);
  }

  // ---- start-up ----

  ensureShippedPack(): Promise<ContentVersion | null> {
    return this.publication.ensureShippedPack();
  }

  // ---- reading content ----

  getVersion(id: string, db?: Executor): Promise<ContentVersion> {
    return this.content.getVersion(id, db);
  }

  listVersions(q?: VersionList): Promise<ContentVersion[]> {
    return this.content.listVersions(q);
  }

  versionDetail(id: string): Promise<VersionDetail> {
    return this.content.versionDetail(id);
  }

  versionFiles(id: string): Promise<ContentFile[]> {
    return this.content.versionFiles(id);
  }

  testResults(id: string): Promise<{ contentVersion: string; summary: TestSummary; results: ScenarioResult[] }> {
    return this.content.testResults(id);
  }

  packOfVersion(id: string): Promise<CompiledPack> {
    return this.content.packOfVersion(id);
  }

  publishedFor(areaCode: string | null, db?: Executor): Promise<ContentVersion | undefined> {
    return this.content.publishedFor(areaCode, db);
  }

  // ---- governance ----

  createVersion(actor: Actor, body: CreateVersionInput): Promise<VersionDetail> {
    return this.authoring.createVersion(actor, body);
  }

  updateFiles(actor: Actor, id: string, body: UpdateFilesInput): Promise<VersionDetail> {
    return this.authoring.updateFiles(actor, id, body);
  }

  submit(actor: Actor, id: string): Promise<ContentVersion> {
    return this.authoring.submit(actor, id);
  }

  review(actor: Actor, id: string, body: ReviewInput): Promise<ContentVersion> {
    return this.authoring.review(actor, id, body);
  }

  /** Publishing is in publication.ts. */
  publish(actor: Actor, id: string): Promise<ContentVersion> {
    return this.publication.publish(actor, id);
  }

  withdraw(actor: Actor, id: string, body: WithdrawInput): Promise<{ version: ContentVersion; openSessions: number; overlaysOnIt: string[] }> {
    return this.publication.withdraw(actor, id, body);
  }

  // ---- replay impact ----

  impact(fromId: string, toId: string, options?: { corpus?: number; seed?: number }): Promise<ImpactReport> {
    return this.impacts.impact(fromId, toId, options);
  }

  impactOf(id: string, q: Impact): Promise<ImpactReport> {
    return this.impacts.impactOf(id, q);
  }

  compare(from: ComparedPack, to: ComparedPack, options?: { corpus?: number; seed?: number }): Promise<ImpactReport> {
    return this.impacts.compare(from, to, options);
  }

  // ---- sessions ----

  startSession(actor: Actor, body: StartSessionInput): Promise<SessionView> {
    return this.sessions.startSession(actor, body);
  }

  getSession(id: string): Promise<SessionView> {
    return this.sessions.getSession(id);
  }

  answer(actor: Actor, id: string, body: AnswerInput): Promise<SessionView> {
    return this.sessions.answer(actor, id, body);
  }

  changeAnswer(actor: Actor, id: string, nodeId: string, body: ChangeAnswerInput): Promise<SessionView> {
    return this.sessions.changeAnswer(actor, id, nodeId, body);
  }

  back(actor: Actor, id: string): Promise<SessionView> {
    return this.sessions.back(actor, id);
  }

  choosePathway(actor: Actor, id: string, body: ChoosePathwayInput): Promise<SessionView> {
    return this.sessions.choosePathway(actor, id, body);
  }

  // ---- pathways and care advice, from what an area runs on now ----

  searchPathways(q: PathwaySearch): Promise<{ contentVersion: string; pathways: SearchHit[] }> {
    return this.sessions.searchPathways(q);
  }

  careAdvice(id: string, areaCode?: string | null): Promise<CareAdvice & { contentVersion: string }> {
    return this.sessions.careAdvice(id, areaCode);
  }
}
