import { describe, expect, it } from 'vitest';
import { compilePack, formatProblems, hasErrors, overlayPack } from './compiler';
import type { ContentProblem } from './model';
import { ADULT_ONLY_YAML, TUMMY_YAML, asFiles, baseFiles, catalogue, compileFiles, errorsOf, lineOf, miniFiles } from './test-fixtures';

const FILE = 'test/pathways/broken.yaml';

/** Compiles the base pack plus one pathway file, returning its errors. */
function errorsWith(yaml: string, more: Record<string, string> = {}): ContentProblem[] {
  return errorsOf(compileFiles({ ...baseFiles(), ...more, [FILE]: yaml }).problems);
}

function expectError(problems: ContentProblem[], line: number, message: RegExp, file = FILE): void {
  const match = problems.find((p) => p.file === file && p.line === line && message.test(p.message));
  expect(match, `expected an error at ${file}:${line} matching ${message}, got:\n${formatProblems(problems)}`).toBeTruthy();
}

/** A valid one-question pathway; tests break one thing at a time. */
function pathway(nodes: string, head = ''): string {
  return `pathway:
  id: broken
  title: Broken pathway
  symptomGroup: 1004
  source: [{ title: Test, url: 'https://example.org/x' }]
${head}  start: q1
  nodes:
${nodes}`;
}

const OUTCOMES = `    - id: done
      type: outcome
      disposition: Dx39
      discriminator: '14024'
      report: Done.
`;

describe('compilePack', () => {
  it('compiles a valid pack into plain JSON with a content version', () => {
    const { pack, problems } = compileFiles(miniFiles());
    expect(hasErrors(problems)).toBe(false);
    expect(pack.contentVersion).toMatch(/^test@1\.0\.0\+[0-9a-f]{12}$/);
    expect(Object.keys(pack.pathways)).toEqual(['emergency', 'tummy', 'sub', 'adult-only']);
    expect(pack.nodes['tummy/severe']).toMatchObject({ type: 'question', kind: 'yes-no', at: `test/pathways/tummy.yaml:${lineOf(TUMMY_YAML, '- id: severe')}` });
    expect(pack.dispositions.Dx02).toMatchObject({ timeframe: 60, group: 'emergency-department' });
    expect(JSON.parse(JSON.stringify(pack))).toEqual(pack);
  });

  it('gives the same content version whichever directory the files came from', () => {
    const moved = Object.fromEntries(Object.entries(miniFiles()).map(([path, text]) => [`elsewhere/${path}`, text]));
    expect(compileFiles(moved).pack.contentVersion).toBe(compileFiles(miniFiles()).pack.contentVersion);
  });

  it('reports YAML syntax errors with file and line', () => {
    const yaml = pathway(`    - id: q1\n      type: [yes-no\n`);
    const errors = errorsWith(yaml);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].file).toBe(FILE);
    expect(errors[0].line).toBeGreaterThanOrEqual(lineOf(yaml, 'type: [yes-no'));
  });

  it('reports schema problems at the offending line: unknown fields and node types', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      colour: blue
      yes: done
      no: done
    - id: q2
      type: slider
${OUTCOMES}`);
    const errors = errorsWith(yaml);
    expectError(errors, lineOf(yaml, 'colour: blue'), /unknown field 'colour'/);
    expectError(errors, lineOf(yaml, 'type: slider'), /Expected 'yes-no'/);
  });

  it('reports duplicate node ids at the second definition', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: done
      no: done
    - id: q1
      type: yes-no
      ask: Is it worse?
      yes: done
      no: done
${OUTCOMES}`);
    const first = lineOf(yaml, '- id: q1');
    const second = lineOf(yaml, '- id: q1', 'Is it bad?');
    expectError(errorsWith(yaml), second, new RegExp(`duplicate node id 'q1'.*first defined at test/pathways/broken.yaml:${first}`));
  });

  it('reports duplicate pathway ids across files', () => {
    const errors = errorsOf(compileFiles({ ...miniFiles(), 'test/pathways/tummy-copy.yaml': TUMMY_YAML }).problems);
    expectError(errors, 2, /duplicate pathway id 'tummy'/, 'test/pathways/tummy-copy.yaml');
  });

  it('reports a path that does not end in an outcome (a missing target)', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: nowhere
      no: done
${OUTCOMES}`);
    expectError(errorsWith(yaml), lineOf(yaml, 'yes: nowhere'), /'nowhere' is not a node of pathway 'broken'.*does not end in an outcome/);
  });

  it('reports a choice option that leads nowhere', () => {
    const yaml = pathway(`    - id: q1
      type: single
      ask: Which one?
      options:
        - { id: a, label: A, next: done }
        - { id: b, label: B }
${OUTCOMES}`);
    expectError(errorsWith(yaml), lineOf(yaml, '{ id: b,'), /option 'b' leads nowhere/);
  });

  it('reports unreachable nodes', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: done
      no: done
    - id: orphan
      type: yes-no
      ask: Is anyone asking?
      yes: done
      no: done
${OUTCOMES}`);
    expectError(errorsWith(yaml), lineOf(yaml, 'id: orphan'), /node 'orphan' is unreachable/);
  });

  it('reports cycles inside a pathway', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: q2
      no: done
    - id: q2
      type: yes-no
      ask: Still bad?
      yes: q1
      no: done
${OUTCOMES}`);
    expectError(errorsWith(yaml), lineOf(yaml, 'id: q2'), /cycle: broken\/q1 → broken\/q2 → broken\/q1/);
  });

  it('reports cycles through pathway jumps', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: to-other
      no: done
    - id: to-other
      type: jump
      pathway: other
${OUTCOMES}`);
    const other = `pathway:
  id: other
  title: Other pathway
  symptomGroup: 1004
  source: [{ title: Test, url: 'https://example.org/y' }]
  start: back
  nodes:
    - id: back
      type: jump
      pathway: broken
`;
    const errors = errorsWith(yaml, { 'test/pathways/other.yaml': other });
    expect(errors.some((p) => /cycle \(through a pathway jump\)/.test(p.message) && /broken\/to-other/.test(p.message) && /other\/back/.test(p.message))).toBe(true);
  });

  it('reports a variable read on a path where it was not set', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: { next: q2, set: { bad: true } }
      no: q2
    - id: q2
      type: branch
      routes:
        - when: { var: bad, eq: true }
          next: done
      next: done
${OUTCOMES}`);
    expectError(errorsWith(yaml), lineOf(yaml, 'when: { var: bad'), /variable 'bad' is read here but is not set on every path/);
  });

  it('reports a variable that is never set, also in report text', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Is it bad?
      yes: done
      no: done
    - id: done
      type: outcome
      disposition: Dx39
      discriminator: '14024'
      report: Temperature {{temperature}}.
`);
    expectError(errorsWith(yaml), lineOf(yaml, 'report: Temperature'), /variable 'temperature' is read here but is never set anywhere/);
  });

  it('reports codes missing from the catalogue', () => {
    const yaml = `pathway:
  id: broken
  title: Broken pathway
  symptomGroup: 9999
  source: [{ title: Test, url: 'https://example.org/x' }]
  start: done
  nodes:
    - id: done
      type: outcome
      disposition: Dx999
      discriminator: '99999'
      report: Done.
`;
    const errors = errorsWith(yaml);
    expectError(errors, lineOf(yaml, 'symptomGroup: 9999'), /symptom group 9999 is not in the catalogue/);
    expectError(errors, lineOf(yaml, 'Dx999'), /disposition Dx999 is not in the catalogue/);
    expectError(errors, lineOf(yaml, "'99999'"), /symptom discriminator 99999 is not in the catalogue/);
  });

  it('reports a jump into a pathway whose gating excludes patients who can reach the jump', () => {
    const yaml = pathway(`    - id: q1
      type: yes-no
      ask: Could you be pregnant?
      yes: to-adult
      no: done
    - id: to-adult
      type: jump
      pathway: adult-only
${OUTCOMES}`);
    const errors = errorsWith(yaml, { 'test/pathways/adult-only.yaml': ADULT_ONLY_YAML });
    expectError(errors, lineOf(yaml, 'pathway: adult-only'), /patients who can reach this jump \(infant, toddler, child, adult \(male\/unknown\)\) are excluded by the gating of pathway 'adult-only'/);
  });

  it('accepts the same jump once a branch keeps excluded patients away', () => {
    const yaml = pathway(`    - id: q1
      type: branch
      routes:
        - when: { all: [{ ageBand: [adult] }, { sex: [female] }] }
          next: to-adult
      next: done
    - id: to-adult
      type: jump
      pathway: adult-only
${OUTCOMES}`);
    expect(errorsWith(yaml, { 'test/pathways/adult-only.yaml': ADULT_ONLY_YAML })).toEqual([]);
  });

  it('reports an age-band branch that can never be taken', () => {
    const yaml = pathway(
      `    - id: q1
      type: branch
      routes:
        - when: { ageBand: [infant] }
          next: done
      next: done
${OUTCOMES}`,
      `  gating: { ageBands: [adult] }\n`,
    );
    expectError(errorsWith(yaml), lineOf(yaml, 'when: { ageBand: [infant] }'), /this age\/sex branch can never be taken: only adult can reach this node/);
  });

  it('reports scenario tests that answer questions that do not exist or with invalid answers', () => {
    const yaml = pathway(`    - id: q1
      type: single
      ask: Which one?
      options:
        - { id: a, label: A, next: done }
        - { id: b, label: B, next: done }
${OUTCOMES}  tests:
    - name: bad answers
      patient: { ageYears: 30, sex: male }
      answers: { q1: c, q9: 'yes' }
      expect: { disposition: Dx39 }
    - name: patient outside gating
      patient: { ageYears: 30, sex: male }
      answers: { q1: a }
      expect: { disposition: Dx38, outcome: nothing }
`);
    const errors = errorsWith(yaml);
    expectError(errors, lineOf(yaml, 'q1: c'), /answer to 'broken\/q1' is not valid: The answer must be one of: a, b/);
    expectError(errors, lineOf(yaml, 'q1: c'), /answers 'broken\/q9', which is not a question/);
    expectError(errors, lineOf(yaml, 'outcome: nothing'), /'nothing' is not an outcome node/);
  });

  it('reports a scenario patient outside the pathway gating unless an error is expected', () => {
    const yaml = `${ADULT_ONLY_YAML}  tests:
    - name: a man
      patient: { ageYears: 30, sex: male }
      answers: { bad: 'yes' }
      expect: { disposition: Dx30 }
    - name: a man is refused
      patient: { ageYears: 30, sex: male }
      expect: { error: pathway-not-applicable }
`;
    const errors = errorsWith(yaml);
    expectError(errors, lineOf(yaml, 'patient: { ageYears: 30, sex: male }'), /outside the pathway's gating/);
    expect(errors).toHaveLength(1);
  });

  it('rejects a proceed node outside the emergency screen', () => {
    const yaml = pathway(`    - id: q1
      type: proceed
`);
    expectError(errorsWith(yaml), lineOf(yaml, 'type: proceed'), /proceed node belongs only in the emergency screen/);
  });

  it('warns about care advice no outcome uses', () => {
    const files = { ...miniFiles(), 'test/care-advice.yaml': `${baseFiles()['test/care-advice.yaml']}  - id: ca-unused\n    title: Unused advice\n    text: Nobody reads this advice.\n` };
    const warnings = compileFiles(files).problems.filter((p) => p.severity === 'warning');
    expect(warnings.some((p) => p.file === 'test/care-advice.yaml' && p.line === 5 && /'ca-unused' is not used/.test(p.message))).toBe(true);
  });
});

describe('overlayPack', () => {
  const overlayMeta = `pack:
  id: test-north
  title: Test pack, northern variation
  version: 1.0.0-north.1
  notice: DEMONSTRATION CONTENT — NOT FOR CLINICAL USE
  overlayOf: test
  area: North
`;

  it('replaces a node by id and records the base version', () => {
    const patch = `pathwayPatch:
  pathway: tummy
  nodes:
    - id: home
      type: outcome
      disposition: Dx28
      discriminator: '14024'
      report: Mild tummy pain; the local pharmacy scheme can help.
`;
    const files = overlayPack(asFiles(miniFiles()), asFiles({ 'north/pack.yaml': overlayMeta, 'north/tummy.yaml': patch }));
    const { pack, problems } = compilePack(files, catalogue());
    expect(errorsOf(problems)).toEqual([]);
    expect(pack).toMatchObject({ id: 'test-north', overlayOf: 'test', baseVersion: '1.0.0', area: 'North' });
    expect(pack.nodes['tummy/home']).toMatchObject({ disposition: 'Dx28', at: 'north/tummy.yaml:4' });
    expect(pack.nodes['tummy/severe']).toBeDefined();
  });

  it('replaces a whole pathway by id without a duplicate-id error', () => {
    const local = ADULT_ONLY_YAML.replace('disposition: Dx16', 'disposition: Dx10');
    const { pack, problems } = compilePack(overlayPack(asFiles(miniFiles()), asFiles({ 'north/pack.yaml': overlayMeta, 'north/adult-only.yaml': local })), catalogue());
    expect(errorsOf(problems)).toEqual([]);
    expect(pack.nodes['adult-only/fine']).toMatchObject({ disposition: 'Dx10' });
  });

  it('requires the overlay to name the pack it varies', () => {
    const wrong = overlayMeta.replace('overlayOf: test', 'overlayOf: national');
    const { problems } = compilePack(overlayPack(asFiles(miniFiles()), asFiles({ 'north/pack.yaml': wrong })), catalogue());
    expectError(errorsOf(problems), 6, /overlayOf: test/, 'north/pack.yaml');
  });

  it('reports a patch for a pathway that does not exist', () => {
    const patch = `pathwayPatch:\n  pathway: nothing\n  nodes: []\n`;
    const { problems } = compilePack(overlayPack(asFiles(miniFiles()), asFiles({ 'north/pack.yaml': overlayMeta, 'north/x.yaml': patch })), catalogue());
    expectError(errorsOf(problems), 2, /unknown pathway 'nothing'/, 'north/x.yaml');
  });
});
