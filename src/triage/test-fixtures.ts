/**
 * Small content packs for the triage tests. A tiny pack keeps each compiler check visible:
 * a test adds one broken file and asserts the file and line reported.
 */
import { Catalogue } from '../directory/catalogue';
import { compilePack } from './compiler';
import type { CompiledPack, ContentFile, ContentProblem } from './model';

let catalogueCache: Catalogue | null = null;
export function catalogue(): Catalogue {
  catalogueCache ??= Catalogue.load();
  return catalogueCache;
}

export const PACK_YAML = `pack:
  id: test
  title: Test pack
  version: 1.0.0
  notice: DEMONSTRATION CONTENT — NOT FOR CLINICAL USE
`;

export const SCREEN_YAML = `emergencyScreen:
  title: Emergency questions
  start: breathing
  nodes:
    - id: breathing
      type: yes-no
      ask: Is the person not breathing?
      yes: { next: arrest, reason: Not breathing }
      no: clear
    - id: clear
      type: proceed
    - id: arrest
      type: outcome
      disposition: Dx01010
      symptomGroup: 11000
      discriminator: '14010'
      careAdvice: [ca-test]
      report: Not breathing.
`;

export const CARE_YAML = `careAdvice:
  - id: ca-test
    title: Test advice
    text: Look after yourself and call back if worse.
`;

/** Uses every node type: yes/no, single, multiple, number, date, branch, jump, outcome; sets and reads variables. */
export const TUMMY_YAML = `pathway:
  id: tummy
  title: Tummy trouble
  symptomGroup: 1004
  keywords: [tummy, stomach ache]
  source: [{ title: Test source, url: 'https://example.org/tummy' }]
  start: severe
  nodes:
    - id: severe
      type: yes-no
      ask: Is the pain severe?
      yes: { next: ed, reason: Severe pain }
      no: { next: kind, set: { mild: true } }
    - id: kind
      type: single
      ask: What kind of pain is it?
      options:
        - { id: cramp, label: Cramping }
        - { id: burning, label: Burning, next: to-sub }
      next: symptoms
    - id: to-sub
      type: jump
      pathway: sub
      reason: Burning pain is assessed separately
    - id: symptoms
      type: multiple
      ask: Do you have any of these?
      options:
        - { id: vomiting, label: Vomiting, reason: Vomiting with tummy pain }
        - { id: diarrhoea, label: Diarrhoea }
        - { id: none, label: None of these, exclusive: true }
      store: symptoms
      routes:
        - when: { var: symptoms, includes: vomiting }
          next: gp
      next: temp
    - id: temp
      type: number
      ask: What is your temperature?
      unit: °C
      min: 34
      max: 43
      store: temp
      routes:
        - when: { var: temp, gte: 38 }
          next: gp
          reason: A high temperature
      next: since
    - id: since
      type: date
      ask: When did it start?
      earliestDaysAgo: 30
      store: since
      routes:
        - when: { var: since, daysAgo: { gte: 14 } }
          next: gp
          reason: Pain for two weeks or more
      next: age
    - id: age
      type: branch
      routes:
        - when: { ageBand: [infant] }
          next: gp
          reason: A baby with tummy pain
      next: home
    - id: ed
      type: outcome
      disposition: Dx02
      discriminator: '14020'
      careAdvice: [ca-test]
      report: Severe tummy pain.
    - id: gp
      type: outcome
      disposition: Dx06
      discriminator: '4003'
      report: Tummy pain that needs a GP.
    - id: home
      type: outcome
      disposition: Dx39
      discriminator: '14024'
      careAdvice: [ca-test]
      report: Mild tummy pain with a temperature of {{temp}} °C.
  tests:
    - name: severe pain goes to the emergency department
      patient: { ageYears: 30, sex: male }
      answers: { severe: 'yes' }
      expect: { disposition: Dx02 }
    - name: mild pain is self-care
      patient: { ageYears: 30, sex: female }
      answers: { severe: 'no', kind: cramp, symptoms: [none], temp: 37, since: '2025-01-14' }
      expect: { disposition: Dx39, discriminator: '14024' }
    - name: burning pain moves to the sub-pathway
      patient: { ageYears: 30, sex: female }
      answers: { severe: 'no', kind: burning }
      expect: { disposition: Dx28, pathway: sub }
`;

/** Only reachable by the jump from tummy; reads the variable tummy sets. */
export const SUB_YAML = `pathway:
  id: sub
  title: Burning tummy pain
  symptomGroup: 1004
  entry: false
  source: [{ title: Test source, url: 'https://example.org/sub' }]
  start: check
  nodes:
    - id: check
      type: branch
      routes:
        - when: { var: mild, eq: true }
          next: pharmacist
      next: gp
    - id: pharmacist
      type: outcome
      disposition: Dx28
      discriminator: '14024'
      report: Burning tummy pain.
    - id: gp
      type: outcome
      disposition: Dx06
      discriminator: '4003'
      report: Burning tummy pain that needs a GP.
`;

export const ADULT_ONLY_YAML = `pathway:
  id: adult-only
  title: Pregnancy worry
  symptomGroup: 11016
  keywords: [pregnant, pregnancy]
  gating: { ageBands: [adult], sexes: [female] }
  source: [{ title: Test source, url: 'https://example.org/adult' }]
  start: bad
  nodes:
    - id: bad
      type: yes-no
      ask: Is it bad?
      yes: urgent
      no: fine
    - id: urgent
      type: outcome
      disposition: Dx30
      discriminator: '4003'
      report: A bad pregnancy worry.
    - id: fine
      type: outcome
      disposition: Dx16
      discriminator: '4003'
      report: A pregnancy worry.
`;

export function baseFiles(): Record<string, string> {
  return { 'test/pack.yaml': PACK_YAML, 'test/emergency-screen.yaml': SCREEN_YAML, 'test/care-advice.yaml': CARE_YAML };
}

export function miniFiles(): Record<string, string> {
  return { ...baseFiles(), 'test/pathways/tummy.yaml': TUMMY_YAML, 'test/pathways/sub.yaml': SUB_YAML, 'test/pathways/adult-only.yaml': ADULT_ONLY_YAML };
}

export function asFiles(files: Record<string, string>): ContentFile[] {
  return Object.entries(files).map(([path, text]) => ({ path, text }));
}

export function compileFiles(files: Record<string, string>): { pack: CompiledPack; problems: ContentProblem[] } {
  return compilePack(asFiles(files), catalogue());
}

/** The mini pack, compiled; fails loudly if the fixture itself has errors. */
export function miniPack(): CompiledPack {
  const { pack, problems } = compileFiles(miniFiles());
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new Error(`fixture pack has errors: ${JSON.stringify(errors, null, 2)}`);
  return pack;
}

/** 1-based line of the first line containing `snippet` (after `after`, if given). */
export function lineOf(text: string, snippet: string, after = ''): number {
  const lines = text.split('\n');
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  const index = lines.findIndex((l, i) => i >= from && l.includes(snippet));
  if (index < 0) throw new Error(`snippet not found: ${snippet}`);
  return index + 1;
}

export function errorsOf(problems: ContentProblem[]): ContentProblem[] {
  return problems.filter((p) => p.severity === 'error');
}
