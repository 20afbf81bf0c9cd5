import { Reply } from '../platform/replies';
import { PathwaySearchReply, SessionViewSchema } from '../triage/replies';
// Patient online triage without signing in: public routes over the online service (src/online/service.ts).
// HTTP only: every route is rate-limited per client address, then parses and calls the service.
import type { Context } from 'hono';
import type { ClientAddressOf } from '../platform/client-address';
import { route, type HttpEnv, type RouteDef } from '../platform/http';
import { TooManyRequests } from '../platform/reply-headers';
import { AnswerParams, AnswerSchema, CallbackReplySchema, CallbackSchema, OnlineServicesReply, ChangeSchema, PathwayQuery, PathwaySchema, ServicesSchema, SessionParam, StartSchema } from './model';
import type { OnlineService } from './service';

export interface OnlineRouteOptions {
  /** Requests per client per minute (default 120) and call-backs per client per hour (default 5). */
  limits?: { perMinute?: number; callbacksPerHour?: number };
  /** Names the client behind the configured trusted proxies (the same rule as sign-in throttling). */
  clientAddress: ClientAddressOf;
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
      const retryMs = w.start + this.windowMs - t;
      throw new TooManyRequests(`Too many requests: try again in ${Math.ceil(retryMs / 1000)} seconds`, retryMs);
    }
  }
}

export function onlineRoutes(online: OnlineService, options: OnlineRouteOptions): RouteDef[] {
  const now = options.now ?? Date.now;
  const requests = new RateLimiter(options.limits?.perMinute ?? 120, 60_000, now);
  const callbacks = new RateLimiter(options.limits?.callbacksPerHour ?? 5, 3_600_000, now);
  const clientOf = options.clientAddress;
  const limited = (c: Context<HttpEnv>) => requests.hit(clientOf(c));

  const tag = 'online';
  return [
    route({
      method: 'get',
      path: '/api/online/pathways',
      summary: 'Patient online: search symptoms (pathways) by words, for an age and sex (no sign-in)',
      tag,
      access: 'public',
      errors: [429],
      query: PathwayQuery,
      response: PathwaySearchReply,
      async handle({ query, c }) {
        limited(c);
        return online.searchPathways(query);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions',
      summary: 'Patient online: start triage from a postcode, age and sex (no sign-in; rate-limited)',
      tag,
      access: 'public',
      errors: [429],
      body: StartSchema,
      status: 201,
      response: SessionViewSchema,
      async handle({ body, c }) {
        limited(c);
        return online.startSession(body);
      },
    }),
    route({
      method: 'get',
      path: '/api/online/sessions/:id',
      summary: 'Patient online: the session, its current question or outcome',
      tag,
      access: 'public',
      errors: [429],
      params: SessionParam,
      response: SessionViewSchema,
      async handle({ params, c }) {
        limited(c);
        return online.session(params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/answers',
      summary: 'Patient online: answer the current question',
      tag,
      access: 'public',
      errors: [429],
      params: SessionParam,
      body: AnswerSchema,
      response: SessionViewSchema,
      async handle({ params, body, c }) {
        limited(c);
        return online.answer(params.id, body);
      },
    }),
    route({
      method: 'put',
      path: '/api/online/sessions/:id/answers/:nodeId',
      summary: 'Patient online: change an earlier answer',
      tag,
      access: 'public',
      errors: [429],
      params: AnswerParams,
      body: ChangeSchema,
      response: SessionViewSchema,
      async handle({ params, body, c }) {
        limited(c);
        return online.changeAnswer(params.id, params.nodeId, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/back',
      summary: 'Patient online: go back a question',
      tag,
      access: 'public',
      errors: [429],
      params: SessionParam,
      response: SessionViewSchema,
      async handle({ params, c }) {
        limited(c);
        return online.back(params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/pathway',
      summary: 'Patient online: choose the symptom (pathway) after the emergency questions',
      tag,
      access: 'public',
      errors: [429],
      params: SessionParam,
      body: PathwaySchema,
      response: SessionViewSchema,
      async handle({ params, body, c }) {
        limited(c);
        return online.choosePathway(params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/services',
      summary: 'Patient online: where to go — services a patient may use themselves, for the finished session (none for self-care)',
      tag,
      access: 'public',
      params: SessionParam,
      body: ServicesSchema,
      errors: [429, 503],
      response: OnlineServicesReply,
      async handle({ params, body, c }) {
        limited(c);
        return online.services(params.id, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/online/sessions/:id/callback',
      summary: 'Patient online: ask for a call-back from a clinician — opens a case that goes to the clinical queue, once per session: an identical repeat gets the first reply (200), other details 409 (rate-limited)',
      tag,
      access: 'public',
      params: SessionParam,
      body: CallbackSchema,
      status: 201,
      alsoStatus: [200],
      errors: [429, 503],
      response: CallbackReplySchema,
      async handle({ params, body, c }) {
        limited(c);
        callbacks.hit(clientOf(c));
        const reply = await online.requestCallback(params.id, body);
        // A repeat of the same request changes nothing and gets the first reply: 200, not 201.
        return reply.alreadyRequested ? Reply.withStatus(reply, 200) : reply;
      },
    }),
  ];
}
