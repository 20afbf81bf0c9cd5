import { CareAdviceReply, FilesReply, ImpactReportSchema, PathwaySearchReply, SessionViewSchema, TestResultsReply, VersionDetailSchema, VersionReply, VersionsReply, WithdrawReply } from './replies';
import { z } from 'zod';
import { route, type RouteDef } from '../platform/http';
import {
  AnswerSchema,
  ChangeAnswerSchema,
  ChoosePathwaySchema,
  CreateVersionSchema,
  GOVERNANCE_ROLES,
  ImpactQuery,
  PathwaySearchQuery,
  ReviewSchema,
  StartSessionSchema,
  TRIAGE_ROLES,
  UpdateFilesSchema,
  VersionListQuery,
  WithdrawSchema,
  type TriageService,
} from './service';
import type { SafetyService } from './safety';
import { SafetyReviewSchema } from './safety-routes';

const CONTENT_READERS = [...GOVERNANCE_ROLES, 'clinician'] as const;
const PATHWAY_READERS = [...TRIAGE_ROLES, 'clinical_governance'] as const;
const TAG = 'triage';

const IdParam = z.object({ id: z.string().min(1).max(100) });
/** Question ids are qualified (`back-pain/fever`): send the slash URL-encoded, as %2F. */
const AnswerParams = z.object({ id: z.string().min(1).max(100), nodeId: z.string().min(1).max(200) });

export function triageRoutes(triage: TriageService, safety: SafetyService): RouteDef[] {
  return [...sessionRoutes(triage), ...contentRoutes(triage, safety)];
}

function sessionRoutes(triage: TriageService): RouteDef[] {
  return [
    route({
      method: 'post',
      path: '/api/triage/sessions',
      summary: 'Start a triage session (age, sex, and an entry pathway, symptom group or search words) on the content published for the area',
      tag: TAG,
      access: TRIAGE_ROLES,
      body: StartSessionSchema,
      status: 201,
      response: SessionViewSchema,
      async handle({ actor, body }) {
        return triage.startSession(actor, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/sessions/:id',
      summary: 'A triage session: its state, the question to ask now, and the outcome once finished',
      tag: TAG,
      access: TRIAGE_ROLES,
      params: IdParam,
      response: SessionViewSchema,
      async handle({ params }) {
        return triage.getSession(params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/sessions/:id/answers',
      summary: 'Answer the current question',
      tag: TAG,
      access: TRIAGE_ROLES,
      params: IdParam,
      body: AnswerSchema,
      response: SessionViewSchema,
      async handle({ actor, params, body }) {
        return triage.answer(actor, params.id, body);
      },
    }),
    route({
      method: 'put',
      path: '/api/triage/sessions/:id/answers/:nodeId',
      summary: 'Change an earlier answer (nodeId URL-encoded, e.g. back-pain%2Ffever): later answers are dropped and the session runs on',
      tag: TAG,
      access: TRIAGE_ROLES,
      params: AnswerParams,
      body: ChangeAnswerSchema,
      response: SessionViewSchema,
      async handle({ actor, params, body }) {
        return triage.changeAnswer(actor, params.id, params.nodeId, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/sessions/:id/back',
      summary: 'Go back: undo the last answer',
      tag: TAG,
      access: TRIAGE_ROLES,
      params: IdParam,
      response: SessionViewSchema,
      async handle({ actor, params }) {
        return triage.back(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/sessions/:id/pathway',
      summary: 'Choose the pathway of a session started without one (after the emergency questions)',
      tag: TAG,
      access: TRIAGE_ROLES,
      params: IdParam,
      body: ChoosePathwaySchema,
      response: SessionViewSchema,
      async handle({ actor, params, body }) {
        return triage.choosePathway(actor, params.id, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/pathways',
      summary: 'Search pathways by title and keywords, for a patient of this age and sex (no q: all of them)',
      tag: TAG,
      access: PATHWAY_READERS,
      query: PathwaySearchQuery,
      response: PathwaySearchReply,
      async handle({ query }) {
        return triage.searchPathways(query);
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/care-advice/:id',
      summary: 'One care advice text from the published content',
      tag: TAG,
      access: PATHWAY_READERS,
      params: IdParam,
      query: z.object({ areaCode: z.string().trim().min(1).max(50).optional() }),
      response: CareAdviceReply,
      async handle({ params, query }) {
        return { careAdvice: await triage.careAdvice(params.id, query.areaCode ?? null) };
      },
    }),
  ];
}

function contentRoutes(triage: TriageService, safety: SafetyService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/triage/content/versions',
      summary: 'Triage content versions, newest first (national and local variations)',
      tag: TAG,
      access: CONTENT_READERS,
      query: VersionListQuery,
      response: VersionsReply,
      async handle({ query }) {
        return { versions: await triage.listVersions(query) };
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/content/versions',
      summary: 'Create a draft: YAML files, or a copy of another version (basedOn) with files replaced; overlayOf + areaCode for a local variation',
      tag: TAG,
      access: GOVERNANCE_ROLES,
      body: CreateVersionSchema,
      status: 201,
      response: VersionDetailSchema,
      async handle({ actor, body }) {
        return triage.createVersion(actor, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/content/versions/:id',
      summary: 'One content version: its state, compiler warnings and scenario test summary',
      tag: TAG,
      access: CONTENT_READERS,
      params: IdParam,
      response: VersionDetailSchema,
      async handle({ params }) {
        return triage.versionDetail(params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/content/versions/:id/files',
      summary: 'The YAML sources of a content version',
      tag: TAG,
      access: CONTENT_READERS,
      params: IdParam,
      response: FilesReply,
      async handle({ params }) {
        return { files: await triage.versionFiles(params.id) };
      },
    }),
    route({
      method: 'put',
      path: '/api/triage/content/versions/:id/files',
      summary: 'Replace the files of a draft (author only); refused with file:line problems if it does not compile',
      tag: TAG,
      access: GOVERNANCE_ROLES,
      params: IdParam,
      body: UpdateFilesSchema,
      response: VersionDetailSchema,
      async handle({ actor, params, body }) {
        return triage.updateFiles(actor, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/content/versions/:id/submit',
      summary: 'Submit a draft for review (its scenario tests must pass)',
      tag: TAG,
      access: GOVERNANCE_ROLES,
      params: IdParam,
      response: VersionReply,
      async handle({ actor, params }) {
        return { version: await triage.submit(actor, params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/content/versions/:id/review',
      summary: 'Approve or reject (back to draft) a version in review — not your own',
      tag: TAG,
      access: GOVERNANCE_ROLES,
      params: IdParam,
      body: ReviewSchema,
      response: VersionReply,
      async handle({ actor, params, body }) {
        return { version: await triage.review(actor, params.id, body) };
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/content/versions/:id/publish',
      summary: 'Publish an approved version for its area (or the nation); the one published before is superseded',
      tag: TAG,
      access: GOVERNANCE_ROLES,
      params: IdParam,
      response: VersionReply,
      async handle({ actor, params }) {
        return { version: await triage.publish(actor, params.id) };
      },
    }),
    route({
      method: 'post',
      path: '/api/triage/content/versions/:id/withdraw',
      summary: 'Withdraw a version: sessions on it stop (409) and its area falls back to national content',
      tag: TAG,
      access: GOVERNANCE_ROLES,
      params: IdParam,
      body: WithdrawSchema,
      response: WithdrawReply,
      async handle({ actor, params, body }) {
        return triage.withdraw(actor, params.id, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/content/versions/:id/impact',
      summary: 'Replay impact of this version against another (default: what its area runs on now): recorded sessions and a generated corpus, by pathway; and its safety review (what it makes less urgent, sign-offs)',
      tag: TAG,
      access: CONTENT_READERS,
      params: IdParam,
      query: ImpactQuery,
      response: ImpactReportSchema.extend({ safety: SafetyReviewSchema }),
      async handle({ params, query }) {
        // The safety part judges the version against what its area runs on now, whatever `against` says.
        return { ...(await triage.impactOf(params.id, query)), safety: await safety.review(params.id) };
      },
    }),
    route({
      method: 'get',
      path: '/api/triage/content/versions/:id/tests',
      summary: 'Scenario test results of a version',
      tag: TAG,
      access: CONTENT_READERS,
      params: IdParam,
      response: TestResultsReply,
      async handle({ params }) {
        return triage.testResults(params.id);
      },
    }),
  ];
}
