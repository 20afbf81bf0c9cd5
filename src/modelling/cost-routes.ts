import { route, type RouteDef } from '../platform/http';
import { BaselineBody, BaselineReply, COST_MODEL_KEEPERS, CostModelReply, PriceRunBody, PriceRunReply, PutCostModelBody } from './cost-model';
import type { CostModelService } from './cost-service';

export function costRoutes(costs: CostModelService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/modelling/cost-model',
      summary:
        'The cost model that applies to you: tariffs (price, unit cost and source per activity), who delivers what, and each organisation’s payment model — ' +
        'your organisation’s, the nearest one saved above it, or the shipped demonstration defaults (version 0)',
      tag: 'modelling',
      access: COST_MODEL_KEEPERS,
      response: CostModelReply,
      async handle({ actor }) {
        return costs.current(actor);
      },
    }),
    route({
      method: 'put',
      path: '/api/modelling/cost-model',
      summary:
        'Save your organisation’s cost model (replaced whole; give expectedVersion to refuse overwriting a newer save with 409). ' +
        'Negative figures, unknown activities and unknown organisations are a 400 naming the field',
      tag: 'modelling',
      access: COST_MODEL_KEEPERS,
      body: PutCostModelBody,
      errors: [409],
      response: CostModelReply,
      async handle({ actor, body }) {
        return costs.save(actor, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/modelling/costs',
      summary:
        'Price a run’s activity (a SimulationOutput or a summary of one, with the organisation of each service): income, cost and margin per organisation, ' +
        'the commissioner’s cost, and who gains or loses when a patient is kept out of hospital under each payment model. Saves nothing',
      tag: 'modelling',
      access: COST_MODEL_KEEPERS,
      body: PriceRunBody,
      response: PriceRunReply,
      async handle({ actor, body }) {
        return costs.price(actor, body);
      },
    }),
    route({
      method: 'post',
      path: '/api/modelling/costs/baseline',
      summary:
        'The demo baseline (the example community at the demo’s size, simulated once) priced with your cost model or with the one in the body (a preview; saves nothing): ' +
        'means and 95% intervals per organisation over replications, and the kept-out-of-hospital counterfactual per payment model',
      tag: 'modelling',
      access: COST_MODEL_KEEPERS,
      body: BaselineBody,
      response: BaselineReply,
      async handle({ actor, body }) {
        return costs.baseline(actor, body);
      },
    }),
  ];
}
