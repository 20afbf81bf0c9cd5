// Patient online triage without signing in: public routes that run the triage, search and cases
// services on the patient's behalf as one "online" actor. Only sessions started here can be read or
// answered here (a staff session id gets 404), every route is rate-limited per client address, and
// the call-back request opens a case (channel online) that goes to the clinical queue.
import type { Context } from 'hono';
import { z } from 'zod';
import { MAX_AGE_DAYS } from '../directory/age';
import type { Actor } from '../platform/actor';
import { AppError, conflict, notFound } from '../platform/errors';
import { route, type HttpEnv, type RouteDef } from '../platform/http';

/** Who acts for a patient online: audited and shown in timelines as this. */
export const ONLINE_ACTOR: Actor = {
  kind: 'system',
  id: 'online-patient',
  name: 'Patient (online)',
  organisationId: null,
  // The triage and cases services admit call handlers; the online routes narrow what is reachable.
  roles: ['call_handler'],
};

interface SessionViewLike {
  session: { id: string; startedBy: string; status: string; patient: { ageDays: number; sex: string }; areaCode: string | null };
  outcome: null | { disposition: string; directorySearch: { disposition: string; symptomGroup: number; symptomDiscriminators: string[]; age: unknown; sex: string } };
  [key: string]: unknown;
}

export interface OnlineDeps {
  triage: {
    startSession(actor: Actor, input: unknown): Promise<unknown>;
    getSession(id: string): Promise<unknown>;
    answer(actor: Actor, id: string, input: unknown): Promise<unknown>;
    changeAnswer(actor: Actor, id: string, nodeId: string, input: unknown): Promise<unknown>;
    back(actor: Actor, id: string): Promise<unknown>;
    choosePathway(actor: Actor, id: string, input: unknown): Promise<unknown>;
    searchPathways(query: unknown): Promise<unknown>;
  };
  geo: { resolvePostcode(postcode: string, fieldPath?: string): Promise<{ areaCode: string | null; postcode: string | null; lat: number; lon: number }> };
  /** The directory search, when this installation has it. */
  search?: () => { search(input: unknown): Promise<{ results: unknown[]; catchAll: boolean }> } | undefined;
  /** The cases service, when this installation has it. */
  cases?: () =>
    | {
        open(actor: Actor, input: unknown): Promise<{ case: { id: string } }>;
        linkTriage(actor: Actor, id: string, input: unknown): Promise<{ queueEntry: unknown }>;
        requestCallback?: (actor: Actor, id: string, input: unknown) => Promise<unknown>;
      }
    | undefined;
  /** Requests per client per minute (default 120) and call-backs per client per hour (default 5). */
  limits?: { perMinute?: number; callbacksPerHour?: number };
  now?: () => number;
}

/** A fixed-window counter per client address: enough to stop a script, not a person. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string): void {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) for (const [k, v] of this.windows) if (t - v.start >= this.windowMs) this.windows.delete(k);
    }
    w.count++;
    if (w.count > this.limit) {
      const retry = Math.ceil((w.start + this.windowMs - t) / 1000);
      throw new AppError(429, 'rate_limited', `Too many requests: try again in ${retry} seconds`);
    }
  }
}

function clientOf(c: Context<HttpEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown';
}

const SessionParam = z.object({ id: z.string().regex(/^tsn_[0-9a-f-]{36}$/, 'a session id') });
const AnswerParams = z.object({ id: z.string().regex(/^tsn_[0-9a-f-]{36}$/, 'a session id'), nodeId: z.string().min(1).max(200) });
const postcode = z.string().trim().min(5).max(8).regex(/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}$/, 'a full UK postcode such as CT1 3NG');

const StartSchema = z.object({
  postcode,
  age: z.object({ value: z.number().min(0).max(130), unit: z.enum(['days', 'weeks', 'months', 'years']) }),
  sex: z.enum(['female', 'male', 'unknown']),
  entry: z.union([z.strictObject({ pathwayId: z.string().min(1).max(100) }), z.strictObject({ search: z.string().trim().min(2).max(200) })]).optional(),
});
const AnswerSchema = z.object({ nodeId: z.string().min(1).max(200), value: z.union([z.string().max(500), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]) });
const ChangeSchema = z.object({ value: AnswerSchema.shape.value });
const PathwaySchema = z.object({ pathwayId: z.string().min(1).max(100) });
const PathwayQuery = z.object({ q: z.string().max(200).optional(), ageYears: z.coerce.number().min(0).max(130).optional(), ageDays: z.coerce.number().int().min(0).max(MAX_AGE_DAYS).optional(), sex: z.enum(['female', 'male', 'unknown']).optional() });
const ServicesSchema = z.object({ postcode });
const CallbackSchema = z.object({
  postcode,
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().min(1).max(100),
  dateOfBirth: z.iso.date(),
  phone: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'a telephone number'),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  nhsNumber: z.string().trim().max(12).optional(),
  problem: z.string().trim().min(1).max(2000),
});

export function onlineRoutes(deps: OnlineDeps): RouteDef[] {
  const now = deps.now ?? Date.now;
  const requests = new RateLimiter(deps.limits?.perMinute ?? 120, 60_000, now);
  const callbacks = new RateLimiter(deps.limits?.callbacksPerHour ?? 5, 3_600_000, now);
  const limited = (c: Context<HttpEnv>) => requests.hit(clientOf(c));

  /** A session started online, or 404: staff sessions are not reachable from here. */
  const ownSession = async (id: string): Promise<SessionViewLike> => {
    let view: SessionViewLike;
    try {
      view = (await deps.triage.getSession(id)) as SessionViewLike;
    } catch {
      throw notFound(`Session ${id}`);
    }
    if (view.session.startedBy !== ONLINE_ACTOR.id) throw notFound(`Session ${id}`);
    return view;
  };
  const tag = 'online';
  return [
    route({
      method: 'get',
      path: '/api/online/pathways',
      summary: 'Patient online: search symptoms (pathways) by words, for an age and sex (no sign-in)',
      tag,
      access: 'public',
      query: PathwayQuery,
      async handle({ query, c }) {
        limited(c);
        return deps.triage.searchPathways(query);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions',
      summary: 'Patient online: start triage from a postcode, age and sex (no sign-in; rate-limited)',
      tag,
      access: 'public',
      body: StartSchema,
      status: 201,
      async handle({ body, c }) {
        limited(c);
        const location = await deps.geo.resolvePostcode(body.postcode, 'postcode');
        return deps.triage.startSession(ONLINE_ACTOR, { age: body.age, sex: body.sex, entry: body.entry, ...(location.areaCode ? { areaCode: location.areaCode } : {}) });
      },
    }),
    route({
      method: 'get',
      path: '/api/online/sessions/:id',
      summary: 'Patient online: the session, its current question or outcome',
      tag,
      access: 'public',
      params: SessionParam,
      async handle({ params, c }) {
        limited(c);
        return ownSession(params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/answers',
      summary: 'Patient online: answer the current question',
      tag,
      access: 'public',
      params: SessionParam,
      body: AnswerSchema,
      async handle({ params, body, c }) {
        limited(c);
        await ownSession(params.id);
        return deps.triage.answer(ONLINE_ACTOR, params.id, body);
      },
    }),
    route({
      method: 'put',
      path: '/api/online/sessions/:id/answers/:nodeId',
      summary: 'Patient online: change an earlier answer',
      tag,
      access: 'public',
      params: AnswerParams,
      body: ChangeSchema,
      async handle({ params, body, c }) {
        limited(c);
        await ownSession(params.id);
        return deps.triage.changeAnswer(ONLINE_ACTOR, params.id, params.nodeId, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/back',
      summary: 'Patient online: go back a question',
      tag,
      access: 'public',
      params: SessionParam,
      async handle({ params, c }) {
        limited(c);
        await ownSession(params.id);
        return deps.triage.back(ONLINE_ACTOR, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/pathway',
      summary: 'Patient online: choose the symptom (pathway) after the emergency questions',
      tag,
      access: 'public',
      params: SessionParam,
      body: PathwaySchema,
      async handle({ params, body, c }) {
        limited(c);
        await ownSession(params.id);
        return deps.triage.choosePathway(ONLINE_ACTOR, params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/services',
      summary: 'Patient online: where to go — services a patient may use themselves, for the finished session',
      tag,
      access: 'public',
      params: SessionParam,
      body: ServicesSchema,
      async handle({ params, body, c }) {
        limited(c);
        const view = await ownSession(params.id);
        if (!view.outcome) throw conflict('The questions are not finished yet', [], 'invalid_state');
        const searcher = deps.search?.();
        if (!searcher) throw new AppError(503, 'search_unavailable', 'Finding services is not available just now: call 111');
        const q = view.outcome.directorySearch;
        const outcome = await searcher.search({ ...q, location: { postcode: body.postcode }, referralRole: 'patient', limit: 3 });
        return { results: outcome.results, catchAll: outcome.catchAll };
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/callback',
      summary: 'Patient online: ask for a call-back from a clinician — opens a case that goes to the clinical queue (rate-limited)',
      tag,
      access: 'public',
      params: SessionParam,
      body: CallbackSchema,
      status: 201,
      async handle({ params, body, c }) {
        limited(c);
        callbacks.hit(clientOf(c));
        const view = await ownSession(params.id);
        if (!view.outcome) throw conflict('Finish the questions first', [], 'invalid_state');
        const cases = deps.cases?.();
        if (!cases) throw new AppError(503, 'cases_unavailable', 'Call-backs cannot be requested online just now: call 111');
        const nhsNumber = body.nhsNumber?.replace(/\s+/g, '');
        const opened = await cases.open(ONLINE_ACTOR, {
          channel: 'online',
          patient: { firstName: body.firstName, lastName: body.lastName, dateOfBirth: body.dateOfBirth, sex: body.sex, postcode: body.postcode.toUpperCase(), phone: body.phone, ...(nhsNumber ? { nhsNumber } : {}) },
          caller: { relationship: 'self' },
          presentingProblem: body.problem,
          flags: [{ category: 'additional-patient-information', text: 'The patient asked online for a call-back from a clinician.' }],
        });
        const linked = await cases.linkTriage(ONLINE_ACTOR, opened.case.id, { sessionId: params.id });
        let queued = Boolean(linked.queueEntry);
        if (!queued && cases.requestCallback) {
          await cases.requestCallback(ONLINE_ACTOR, opened.case.id, { reason: 'The patient asked online for a call-back' });
          queued = true;
        }
        return { caseId: opened.case.id, reference: opened.case.id.slice(5, 13).toUpperCase(), queued };
      },
    }),
  ];
}
