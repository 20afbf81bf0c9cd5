/**
 * Static checks of the scenario tests written in each pathway: every answer names a real
 * question and is a valid answer to it, expected codes exist, and the patient fits the gating.
 * Running the scenarios is scenarios.ts.
 */
import { normaliseAnswer } from './answers';
import type { CompileContext, Draft, Item } from './compile-context';
import { lookup, qualify } from './compile-context';
import { TriageError } from './errors';
import { ageBandOf, ageDaysOf } from './model';
import type { AnswerValue, AuthoredScenario, CompiledPack, CompiledScenario } from './model';
import { at, describeLoc } from './problems';

/** Scenario tests run on a fixed date so that date questions give the same result every day. */
export const DEFAULT_SCENARIO_TODAY = '2025-01-15';
const MIN_TESTS_PER_PATHWAY = 3;

export function checkScenarios(pack: CompiledPack, ctx: CompileContext): void {
  for (const draft of ctx.drafts.values()) {
    const pathway = pack.pathways[draft.id];
    const names = new Set<string>();
    for (const item of draft.tests) {
      if (names.has(item.value.name)) ctx.problems.error(at(item.loc, 'name'), `duplicate scenario name '${item.value.name}'`);
      names.add(item.value.name);
      pathway.tests.push(compileScenario(draft, item, pack, ctx));
    }
    if (!draft.screen && draft.tests.length < MIN_TESTS_PER_PATHWAY) {
      ctx.problems.warn(at(draft.loc, 'tests'), `pathway '${draft.id}' has ${draft.tests.length} scenario tests; give it at least ${MIN_TESTS_PER_PATHWAY}, including its red-flag routes`);
    }
  }
}

/** `node` means a question of this pathway; `pathway/node` a question of another (or of the screen). */
export function resolveAnswerKey(pathwayId: string, key: string): string {
  return key.includes('/') ? key : qualify(pathwayId, key);
}

function compileScenario(draft: Draft, item: Item<AuthoredScenario>, pack: CompiledPack, ctx: CompileContext): CompiledScenario {
  const s = item.value;
  const answers: Record<string, AnswerValue> = {};
  for (const [key, value] of Object.entries(s.answers)) {
    const id = resolveAnswerKey(draft.id, key);
    const checked = checkAnswer(pack, id, value, s.today ?? DEFAULT_SCENARIO_TODAY);
    const inBrokenPathway = ctx.brokenPathways.has(id.split('/')[0]);
    if (typeof checked === 'string' && !inBrokenPathway) ctx.problems.error(at(item.loc, 'answers', key), checked);
    else if (typeof checked !== 'string') answers[id] = checked.value;
  }
  checkExpectations(draft, item, pack, ctx);
  checkPatientFits(draft, item, pack, ctx);
  return { name: s.name, patient: s.patient, today: s.today, answers, expect: s.expect, at: describeLoc(item.loc) };
}

function checkAnswer(pack: CompiledPack, id: string, value: AnswerValue, today: string): { value: AnswerValue } | string {
  const node = pack.nodes[id];
  if (!node || node.type !== 'question') return `the scenario answers '${id}', which is not a question in this pack`;
  try {
    return { value: normaliseAnswer(node, value, today) };
  } catch (error) {
    if (error instanceof TriageError) return `the scenario's answer to '${id}' is not valid: ${error.message}`;
    throw error;
  }
}

function checkExpectations(draft: Draft, item: Item<AuthoredScenario>, pack: CompiledPack, ctx: CompileContext): void {
  const e = item.value.expect;
  const loc = at(item.loc, 'expect');
  if (e.disposition && !lookup(() => ctx.catalogue.disposition(e.disposition as string))) ctx.problems.error(at(loc, 'disposition'), `disposition ${e.disposition} is not in the catalogue`);
  if (e.discriminator && !lookup(() => ctx.catalogue.discriminator(e.discriminator as string))) ctx.problems.error(at(loc, 'discriminator'), `symptom discriminator ${e.discriminator} is not in the catalogue`);
  if (e.outcome && pack.nodes[resolveAnswerKey(draft.id, e.outcome)]?.type !== 'outcome') ctx.problems.error(at(loc, 'outcome'), `'${e.outcome}' is not an outcome node`);
  if (e.pathway && !pack.pathways[e.pathway] && !ctx.brokenPathways.has(e.pathway)) ctx.problems.error(at(loc, 'pathway'), `'${e.pathway}' is not a pathway`);
}

function checkPatientFits(draft: Draft, item: Item<AuthoredScenario>, pack: CompiledPack, ctx: CompileContext): void {
  const { patient, expect } = item.value;
  if (draft.screen || expect.error) return;
  const band = ageBandOf(ageDaysOf(patient));
  const gating = pack.pathways[draft.id].gating;
  if (!gating.ageBands.includes(band) || !gating.sexes.includes(patient.sex)) {
    ctx.problems.error(at(item.loc, 'patient'), `the scenario's patient (${band}, ${patient.sex}) is outside the pathway's gating; expect an error or change the patient`);
  }
}
