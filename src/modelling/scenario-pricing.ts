/**
 * A scenario's money: each replication's baseline and scenario runs priced by the costs module
 * (`costs.ts`) under the commissioner's cost model — the scenario's with its payment model changes
 * made — giving the cost to the commissioner and each organisation's income, cost and margin. Pure.
 */
import { badRequest } from '../platform/errors';
import { CostModel, type ServiceDescriptor } from './cost-model';
import { priceRun, servicesOf } from './costs';
import type { ScenarioChange } from './scenario-model';
import type { Pricer } from './scenario-job';
import type { ScenarioPlan } from './scenario';

export interface Pricing {
  baseline: { model: CostModel; services: ServiceDescriptor[] };
  scenario: { model: CostModel; services: ServiceDescriptor[] };
}

/** The cost model with the scenario's payment model changes made; 400 naming the change when the result is not a valid model. */
export function applyPaymentChanges(model: CostModel, changes: readonly ScenarioChange[], path = 'changes'): CostModel {
  const next: CostModel = structuredClone(model);
  changes.forEach((change, i) => {
    if (change.kind !== 'payment-model') return;
    next.payments[change.organisationId] = change.payment;
    const checked = CostModel.safeParse(next);
    if (!checked.success) {
      const message = checked.error.issues[0].message;
      throw badRequest(`${path}.${i}.payment: ${message}`, [{ path: `${path}.${i}.payment`, message }]);
    }
  });
  return next;
}

/** What a thread needs to price both plans: the models and each plan's services with their directory types. */
export function pricingFor(model: CostModel, changes: readonly ScenarioChange[], plans: { baseline: ScenarioPlan; scenario: ScenarioPlan }, serviceTypes: Record<string, number>): Pricing {
  const typeOf = (id: string) => serviceTypes[id];
  return {
    baseline: { model, services: servicesOf(plans.baseline.input, typeOf) },
    scenario: { model: applyPaymentChanges(model, changes), services: servicesOf(plans.scenario.input, typeOf) },
  };
}

export function pricerFor(pricing: Pricing): Pricer {
  return (output, which) => {
    const { model, services } = pricing[which];
    const priced = priceRun(model, output, services);
    return {
      commissionerCost: priced.commissionerCost,
      organisations: Object.fromEntries(priced.organisations.map((o) => [o.organisationId, { income: o.income, cost: o.cost, margin: o.margin }])),
    };
  };
}
