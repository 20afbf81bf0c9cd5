/**
 * The run the "Costs and payment" screen prices when there is no directory to model (modelling's
 * baseline answers 422): the made-up example community (`example.ts`) at the size of the demo's East
 * Kent, its organisations
 * renamed to the demo community's and its services given their directory service types, so that the
 * commissioner's cost model (which names real organisations) applies to it. Pure.
 */
import type { ServiceDescriptor } from './cost-model';
import { servicesOf } from './costs';
import { exampleCommunity } from './example';
import { parseSimulationInput, type SimulationInput } from './model';

export const BASELINE = { population: 700_000, horizonDays: 28, warmUpDays: 2, replications: 5, seed: 2026 } as const;

/** The example's organisations → the demo community's (src/demo/community.ts). */
const DEMO_ORGANISATIONS: Record<string, string> = {
  'ooh-provider': 'demo-iuc-ooh',
  'acute-trust': 'demo-ekh',
  'dental-network': 'demo-dental-urgent',
  'community-pharmacy': 'demo-pharmacy-chain',
};

/** The example's services by the end of their id → directory service type (data/reference/service-types.yaml). */
const SERVICE_TYPES: [suffix: string, type: number][] = [
  ['-ooh', 25],
  ['-gp-hub', 136],
  ['-utc', 135],
  ['-dental', 1010],
  ['-pharmacy', 13],
];

export function demoBaselineInput(): { input: SimulationInput; services: ServiceDescriptor[]; description: string } {
  const raw = exampleCommunity({ population: BASELINE.population, horizonDays: BASELINE.horizonDays, warmUpDays: BASELINE.warmUpDays, seed: BASELINE.seed });
  raw.services = (raw.services ?? []).map((s) => ({ ...s, organisationId: DEMO_ORGANISATIONS[s.organisationId] ?? (s.organisationId.startsWith('pcn-') ? 'demo-gpfed' : s.organisationId) }));
  const input = parseSimulationInput(raw);
  const services = servicesOf(input, (id) => SERVICE_TYPES.find(([suffix]) => id.endsWith(suffix))?.[1]);
  const description =
    `The example community (src/modelling/example.ts) sized to ${BASELINE.population.toLocaleString('en-GB')} people, ` +
    `${BASELINE.horizonDays - BASELINE.warmUpDays} days counted after a ${BASELINE.warmUpDays}-day warm-up, ${BASELINE.replications} replications; ` +
    'its organisations renamed to the demo community’s (there is no directory to model).';
  return { input, services, description };
}
