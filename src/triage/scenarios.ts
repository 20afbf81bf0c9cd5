/**
 * Runs the scenario tests carried by each pathway (answers → expected outcome): the safety net
 * that `npm test` and `signpost content test` both use.
 */
import { drive } from './engine';
import type { Walk } from './engine';
import type { AnswerValue, CompiledPack, CompiledScenario, QuestionNode, StartInput } from './model';
import { DEFAULT_SCENARIO_TODAY, resolveAnswerKey } from './scenario-checks';

export { DEFAULT_SCENARIO_TODAY } from './scenario-checks';

export interface ScenarioResult {
  pathwayId: string;
  name: string;
  /** `file:line` of the scenario. */
  at: string;
  passed: boolean;
  failures: string[];
  outcome: { disposition: string; discriminator: string; outcomeNodeId: string; pathwayId: string } | null;
}

export function runScenarioTests(pack: CompiledPack): ScenarioResult[] {
  const ids = [pack.screen, ...pack.pathwayOrder].filter((id) => pack.pathways[id]);
  return ids.flatMap((id) => pack.pathways[id].tests.map((s) => runScenario(pack, id, s)));
}

export function runScenario(pack: CompiledPack, pathwayId: string, scenario: CompiledScenario): ScenarioResult {
  const isScreen = pathwayId === pack.screen;
  const start: StartInput = { ...scenario.patient, today: scenario.today ?? DEFAULT_SCENARIO_TODAY, ...(isScreen ? {} : { entry: { pathwayId } }) };
  const asked = new Set<string>();
  const source = (q: QuestionNode): AnswerValue | undefined => {
    asked.add(q.id);
    return scenario.answers[q.id] ?? screenDefault(pack, q);
  };
  const { walk, error } = drive(pack, start, null, source);
  const failures = error ? errorFailures(scenario, error.code, error.message) : walkFailures(pack, pathwayId, scenario, walk as Walk, asked);
  return { pathwayId, name: scenario.name, at: scenario.at, passed: failures.length === 0, failures, outcome: walk ? summary(pack, walk) : null };
}

/** Scenarios need not repeat the emergency screen: unanswered screen questions count as "no". */
function screenDefault(pack: CompiledPack, q: QuestionNode): AnswerValue | undefined {
  return q.pathway === pack.screen && q.kind === 'yes-no' ? 'no' : undefined;
}

function errorFailures(scenario: CompiledScenario, code: string, message: string): string[] {
  if (scenario.expect.error === code) return [];
  return [scenario.expect.error ? `expected error ${scenario.expect.error} but got ${code}: ${message}` : `the engine refused: ${code}: ${message}`];
}

function walkFailures(pack: CompiledPack, pathwayId: string, scenario: CompiledScenario, walk: Walk, asked: Set<string>): string[] {
  const failures: string[] = [];
  const e = scenario.expect;
  if (e.error) failures.push(`expected error ${e.error} but the session ran`);
  if (walk.status !== 'finished') {
    const q = walk.current ? (pack.nodes[walk.current] as QuestionNode) : null;
    failures.push(q ? `no answer given for '${q.id}' ("${q.text}")` : `the session stopped: ${walk.status}`);
    return failures;
  }
  const node = pack.nodes[walk.outcomeNode as string];
  if (node.type !== 'outcome') return [...failures, 'did not end at an outcome'];
  if (e.disposition && e.disposition !== node.disposition) failures.push(`expected disposition ${e.disposition} but got ${node.disposition} (at ${node.id})`);
  if (e.discriminator && e.discriminator !== node.discriminator) failures.push(`expected discriminator ${e.discriminator} but got ${node.discriminator} (at ${node.id})`);
  if (e.outcome && resolveAnswerKey(pathwayId, e.outcome) !== node.id) failures.push(`expected outcome ${e.outcome} but got ${node.id}`);
  if (e.pathway && e.pathway !== node.pathway) failures.push(`expected to end in pathway ${e.pathway} but ended in ${node.pathway}`);
  const unused = Object.keys(scenario.answers).filter((id) => !asked.has(id));
  if (unused.length) failures.push(`answers given but never asked: ${unused.join(', ')}`);
  return failures;
}

function summary(pack: CompiledPack, walk: Walk): ScenarioResult['outcome'] {
  const node = walk.outcomeNode ? pack.nodes[walk.outcomeNode] : null;
  if (!node || node.type !== 'outcome') return null;
  return { disposition: node.disposition, discriminator: node.discriminator, outcomeNodeId: node.id, pathwayId: node.pathway };
}
