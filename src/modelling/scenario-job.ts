/**
 * One replication of a scenario against its baseline, as a worker thread runs it: both plans over
 * the same stretches of the horizon with the same seeds (common random numbers), each boiled down
 * to its measures. Pure.
 */
import { parseSimulationInput, type SimulationInput } from './model';
import { replicationSeed } from './random';
import type { ScenarioPlan } from './scenario';
import { runMeasures, type ReplicationPair, type RunMeasures } from './scenario-results';
import { runStretches, stretchesOf, type Stretch } from './segments';
import type { SimulationOutput } from './model';
import type { Pricing } from './scenario-pricing';

export interface PairJob {
  baseline: ScenarioPlan;
  scenario: ScenarioPlan;
  horizonDays: number;
  seed: number;
  /** services counted as out-of-hours in the measures */
  oohServiceIds: string[];
  /** the cost models and services to price each run with (no money in the results without) */
  pricing?: Pricing;
}

/** Prices a run's output (the costs module), or nothing when costs are not priced. */
export type Pricer = (output: SimulationOutput, plan: 'baseline' | 'scenario') => RunMeasures['costs'] | undefined;

export interface PreparedPairJob {
  job: PairJob;
  baseline: SimulationInput;
  scenario: SimulationInput;
  stretches: Stretch[];
}

/** Parses the plans once (a worker runs many replications of them). */
export function preparePairJob(job: PairJob): PreparedPairJob {
  return {
    job,
    baseline: parseSimulationInput(job.baseline.input),
    scenario: parseSimulationInput(job.scenario.input),
    stretches: stretchesOf(job.horizonDays, [...job.baseline.surges, ...job.scenario.surges]),
  };
}

/** Replication `index`: the baseline and the scenario with the same seed. */
export function runPair(prepared: PreparedPairJob, index: number, price?: Pricer): ReplicationPair {
  const { job } = prepared;
  const seed = replicationSeed(job.seed, index);
  const run = (input: SimulationInput, plan: ScenarioPlan, which: 'baseline' | 'scenario'): RunMeasures => {
    const output = runStretches(input, plan.surges, prepared.stretches, seed);
    const measures = runMeasures(output, job.horizonDays, job.oohServiceIds);
    const costs = price?.(output, which);
    return costs ? { ...measures, costs } : measures;
  };
  return { index, baseline: run(prepared.baseline, job.baseline, 'baseline'), scenario: run(prepared.scenario, job.scenario, 'scenario') };
}
