// The Questionnaires of the shipped national pack against the triage engine itself: random sessions on
// every entry pathway, checked item by item. Every question asked is an item; a question with
// `enableWhen` is asked exactly when its enableWhen holds — so the Questionnaire claims no branching
// the engine does not do.
import { fileURLToPath } from 'node:url';
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { Catalogue } from '../directory/catalogue';
import { compilePack, loadPackFromDir } from '../triage/compiler';
import { drive } from '../triage/engine';
import type { AnswerValue, CompiledPack, QuestionNode } from '../triage/model';
import { contentHashOfId, questionnaireId, questionnairesOf } from './questionnaire';

const pack: CompiledPack = compilePack(loadPackFromDir(fileURLToPath(new URL('../../content/national', import.meta.url))), Catalogue.load()).pack;
const at = new Date('2026-12-01T09:00:00Z');
const questionnaires = questionnairesOf({ pack, status: 'active', publishedAt: at, updatedAt: at });

/** A small deterministic generator (mulberry32), so a failure is reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function anAnswer(q: QuestionNode, next: () => number): AnswerValue {
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
  switch (q.kind) {
    case 'yes-no':
    case 'single':
      return pick(q.options!).id;
    case 'multiple':
      return [pick(q.options!).id];
    case 'number': {
      const n = q.min! + next() * (q.max! - q.min!);
      return q.integer ? Math.round(n) : Math.round(n * 10) / 10;
    }
    case 'duration':
      return Math.round(q.min! + next() * Math.min(q.max! - q.min!, 24 * 60));
    case 'date':
      return `2025-01-${String(1 + Math.floor(next() * 14)).padStart(2, '0')}`;
  }
}

/** The item type each kind of question is (the type of the answers Signpost's QuestionnaireResponses carry). */
const ITEM_TYPE = { 'yes-no': 'choice', single: 'choice', multiple: 'choice', number: 'decimal', duration: 'decimal', date: 'date' } as const;
const codeOf = (value: AnswerValue) => (Array.isArray(value) ? value : [String(value)]);
const enabled = (item: QuestionnaireItem, answers: Map<string, AnswerValue>) =>
  item.enableWhen!.some((w) => answers.has(w.question) && codeOf(answers.get(w.question)!).includes(w.answerCoding!.code!));

describe('Questionnaires of the national pack', () => {
  it('one per pathway (the emergency screen too), ids short enough for FHIR and naming their content', () => {
    expect(questionnaires.map((q) => q.title)).toEqual([pack.screen, ...pack.pathwayOrder].map((id) => pack.pathways[id].title));
    expect(questionnaires[0].url).toMatch(/\/national\/emergency$/);
    expect(questionnaires[0].item!.every((i) => i.linkId.startsWith(`${pack.screen}/`))).toBe(true);
    for (const q of questionnaires) {
      expect(q.id!.length).toBeLessThanOrEqual(64);
      expect(contentHashOfId(q.id!)).toBe(pack.hash.slice(0, 12));
      expect(q.version).toBe(pack.contentVersion);
    }
    const long = questionnaireId(pack, 'a-pathway-id-far-too-long-to-fit-in-a-fhir-id-with-the-hash-after-it');
    expect(long.length).toBe(64);
    expect(contentHashOfId(long)).toBe(pack.hash.slice(0, 12));
  });

  it('random sessions on every entry pathway: each question asked is an item, and enableWhen holds exactly when it is asked', () => {
    const next = random(17);
    const byPathway = new Map<string, Questionnaire>(questionnaires.map((q) => [q.url!.split('/').pop()!, q]));
    let sessions = 0;
    let checkedConditions = 0;
    for (const pathwayId of pack.pathwayOrder.filter((id) => pack.pathways[id].entry && !pack.pathways[id].screen)) {
      const items = new Map(byPathway.get(pathwayId)!.item!.map((i) => [i.linkId, i]));
      for (let n = 0; n < 20; n++) {
        const patient = n % 3 === 0 ? { ageDays: 200 + Math.floor(next() * 3000) } : { ageYears: 16 + Math.floor(next() * 70) };
        const answers = new Map<string, AnswerValue>();
        const { walk } = drive(pack, { ...patient, sex: n % 2 ? 'female' : 'male', today: '2025-01-15', entry: { pathwayId } }, null, (q) => {
          const item = items.get(q.id);
          expect(item, `${pathwayId}: ${q.id} is asked but is not an item`).toBeDefined();
          expect(item!.type, q.id).toBe(ITEM_TYPE[q.kind]);
          if (item!.enableWhen) {
            expect(enabled(item!, answers), `${pathwayId}: ${q.id} is asked though its enableWhen does not hold`).toBe(true);
            checkedConditions++;
          }
          // Mostly "no" to the emergency screen, so that most sessions go on into the pathway.
          const value = q.pathway === pack.screen && next() < 0.85 ? 'no' : anAnswer(q, next);
          answers.set(q.id, value);
          return value;
        });
        if (!walk) continue; // the pathway is not for this patient (gating)
        sessions++;
        const asked = new Set(walk.answers.map((a) => a.nodeId));
        for (const item of items.values()) {
          if (item.enableWhen && enabled(item, answers) && walk.status === 'finished') expect(asked.has(item.linkId), `${pathwayId}: ${item.linkId} is enabled but was not asked`).toBe(true);
        }
      }
    }
    expect(sessions).toBeGreaterThan(500);
    expect(checkedConditions).toBeGreaterThan(2000);
  });
});
