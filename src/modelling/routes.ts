import { streamEvents } from '../platform/event-stream';
import { route, TextIdParam, type RouteDef } from '../platform/http';
import { EVENT_STREAM, NoContent } from '../platform/replies';
import { BaselineReply, RunList, RunListQuery, RunReply, ScenarioBody, ScenarioList, ScenarioReply, StartRunBody } from './scenario-model';
import type { ModellingService } from './service';

const COMMISSIONERS = ['commissioner'] as const;

export function modellingRoutes(modelling: ModellingService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/modelling/baseline',
      summary: 'The baseline the simulation builds from the directory: population, demand, services by type, rotas, and the names the scenario editor offers',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      response: BaselineReply,
      errors: [422],
      async handle() {
        return modelling.baselineSummary();
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/scenarios',
      summary: 'Scenarios the caller may see: their own and those shared with commissioners',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      response: ScenarioList,
      async handle({ actor }) {
        return { scenarios: await modelling.listScenarios(actor) };
      },
    }),
    route({
      method: 'post',
      path: '/api/modelling/scenarios',
      summary: 'Save a scenario: a name and changes to the baseline (unknown services, organisations or areas are refused naming the field)',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      body: ScenarioBody,
      response: ScenarioReply,
      status: 201,
      async handle({ actor, body }) {
        return modelling.createScenario(actor, body);
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/scenarios/:id',
      summary: 'A scenario (its owner’s, or one shared with commissioners)',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      params: TextIdParam,
      response: ScenarioReply,
      async handle({ actor, params }) {
        return modelling.getScenario(actor, params.id);
      },
    }),
    route({
      method: 'put',
      path: '/api/modelling/scenarios/:id',
      summary: 'Replace a scenario (its owner only)',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      params: TextIdParam,
      body: ScenarioBody,
      response: ScenarioReply,
      async handle({ actor, params, body }) {
        return modelling.updateScenario(actor, params.id, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/modelling/scenarios/:id',
      summary: 'Delete a scenario and its runs (its owner only; not while a run is in progress)',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      params: TextIdParam,
      response: NoContent,
      status: 204,
      async handle({ actor, params }) {
        await modelling.deleteScenario(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/modelling/runs',
      summary: 'Run a scenario against the baseline (replications in worker threads; send an Idempotency-Key so a retry never starts two runs)',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      body: StartRunBody,
      response: RunReply,
      status: 202,
      errors: [404],
      async handle({ actor, body }) {
        return modelling.startRun(actor, body.scenarioId);
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/runs',
      summary: 'Runs of the scenarios the caller may see (or of one), newest first, without their results',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      query: RunListQuery,
      response: RunList,
      errors: [404],
      async handle({ actor, query }) {
        return { runs: await modelling.listRuns(actor, query.scenarioId) };
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/runs/:id',
      summary: 'A run: its progress (replications done of the total), state and, when done, its results',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      params: TextIdParam,
      response: RunReply,
      async handle({ actor, params }) {
        return modelling.getRun(actor, params.id);
      },
    }),
    route({
      method: 'post',
      path: '/api/modelling/runs/:id/cancel',
      summary: 'Cancel a run in progress: its threads end at once and it is marked cancelled',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      params: TextIdParam,
      response: RunReply,
      async handle({ actor, params }) {
        return modelling.cancelRun(actor, params.id);
      },
    }),
    route({
      method: 'get',
      path: '/api/modelling/runs/:id/events',
      summary: 'Server-Sent Events: a run’s progress as it happens (started, progress, finished, failed, cancelled); resume with Last-Event-ID',
      tag: 'modelling',
      access: [...COMMISSIONERS],
      params: TextIdParam,
      response: EVENT_STREAM,
      async handle({ actor, params, c }) {
        const run = await modelling.getRun(actor, params.id);
        return streamEvents(c, {
          subscribe: (listener) => modelling.onRunEvent(listener),
          backlog: (after) => modelling.runEventsAfter(after),
          accept: (event) => event.subjectIds[0] === run.id,
          ready: { id: run.id, status: run.status, done: run.done, replications: run.replications },
        });
      },
    }),
  ];
}
