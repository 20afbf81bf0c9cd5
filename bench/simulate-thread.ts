/** Runs its share of replications of the pure engine and posts each one's headline measures back. */
import { parentPort, workerData } from 'node:worker_threads';
import { simulate } from '../src/modelling/engine';
import type { SimulationInput } from '../src/modelling/model';
import { headline } from '../src/modelling/replications';

const { input, seeds } = workerData as { input: SimulationInput; seeds: number[] };
for (const seed of seeds) {
  const started = performance.now();
  const out = simulate(input, seed);
  parentPort!.postMessage({ headline: headline(out), offered: out.calls.offered, ms: performance.now() - started });
}
