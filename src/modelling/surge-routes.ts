import type { ActorRole } from '../platform/actor';
import { streamEvents } from '../platform/event-stream';
import { route, type RouteDef } from '../platform/http';
import { EVENT_STREAM } from '../platform/replies';
import { EvaluateReply, ForecastQuerySchema, ForecastReply, SurgeStatusReply, TriggersBody, TriggersReply } from './surge-model';
import type { SurgeService } from './surge-service';

/** Escalation levels are no one's patient data: every member of staff sees their area's pressure. */
const STAFF: readonly ActorRole[] = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'clinical_governance', 'commissioner', 'admin'];
const COMMISSIONING: readonly ActorRole[] = ['commissioner', 'admin'];

export function surgeRoutes(surge: SurgeService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/modelling/surge',
      summary: 'Each area’s escalation level (1–4, after OPEL) as last evaluated, with its reasons and the actions it asks for',
      tag: 'modelling',
      access: STAFF,
      response: SurgeStatusReply,
      async handle() {
        return surge.status();
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/surge/stream',
      summary: 'Server-Sent Events: escalation changes and trigger changes as they happen (resume with Last-Event-ID)',
      tag: 'modelling',
      access: STAFF,
      response: EVENT_STREAM,
      async handle({ c }) {
        return streamEvents(c, {
          subscribe: (listener) => surge.onChange(listener),
          backlog: (after) => surge.eventsAfter(after),
          ready: { at: new Date().toISOString() },
        });
      },
    }),
    route({
      method: 'post',
      path: '/api/modelling/surge/evaluate',
      summary: 'Compare demand with its forecast in every area now (the background job does this every 5 minutes)',
      tag: 'modelling',
      access: COMMISSIONING,
      response: EvaluateReply,
      async handle() {
        const { areas, changed } = await surge.evaluate();
        return { ...(await surge.status()), evaluated: areas, changed };
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/surge/triggers',
      summary: 'The triggers that raise an area’s escalation level (demonstration defaults until a commissioner sets them)',
      tag: 'modelling',
      access: COMMISSIONING,
      response: TriggersReply,
      async handle() {
        return surge.triggers();
      },
    }),
    route({
      method: 'put',
      path: '/api/modelling/surge/triggers',
      summary: 'Set the triggers: per measure, the window and the ratios of actual to expected for levels 2, 3 and 4',
      tag: 'modelling',
      access: COMMISSIONING,
      body: TriggersBody,
      response: TriggersReply,
      async handle({ actor, body }) {
        return surge.setTriggers(actor, body.triggers);
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/forecast',
      summary: 'Demand by hour for the next days in one area (80% and 95% prediction intervals), and the last week’s actual against its forecast',
      tag: 'modelling',
      access: COMMISSIONING,
      query: ForecastQuerySchema,
      response: ForecastReply,
      async handle({ query }) {
        return surge.forecast(query);
      },
    }),
  ];
}
