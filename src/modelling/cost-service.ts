/**
 * The cost model's use cases. The shipped default cost model (`data/reference/unit-costs.yaml`): demonstration figures from the
 * National Cost Collection and PSSRU unit costs, each with its source. Read once and cached; a copy
 * is returned so callers may change it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseCostModel, type CostModel } from './cost-model';

export const DEFAULT_COST_MODEL_FILE = fileURLToPath(new URL('../../data/reference/unit-costs.yaml', import.meta.url));

let cached: CostModel | undefined;

export function defaultCostModel(): CostModel {
  cached ??= parseCostModel(parseYaml(readFileSync(DEFAULT_COST_MODEL_FILE, 'utf8')), 'unit-costs.yaml');
  return structuredClone(cached);
}
