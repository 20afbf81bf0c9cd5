import { describe, expect, it } from 'vitest';
import { runScenarioTests } from './scenarios';
import { TUMMY_YAML, compileFiles, miniFiles } from './test-fixtures';

function resultsWithTests(tests: string) {
  const { pack } = compileFiles({ ...miniFiles(), 'test/pathways/tummy.yaml': TUMMY_YAML.replace(/ {2}tests:\n[\s\S]*$/, `  tests:\n${tests}`) });
  return runScenarioTests(pack).filter((r) => r.pathwayId === 'tummy');
}

describe('runScenarioTests', () => {
  it('passes the fixture pack’s own scenarios and names where each is written', () => {
    const results = runScenarioTests(compileFiles(miniFiles()).pack);
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['severe pain goes to the emergency department', true],
      ['mild pain is self-care', true],
      ['burning pain moves to the sub-pathway', true],
    ]);
    expect(results[0].at).toMatch(/^test\/pathways\/tummy.yaml:\d+$/);
  });

  it('reports a wrong disposition, a missing answer and an unused answer', () => {
    const [wrong, missing, unused] = resultsWithTests(`    - name: wrong
      patient: { ageYears: 30, sex: male }
      answers: { severe: 'yes' }
      expect: { disposition: Dx03 }
    - name: missing
      patient: { ageYears: 30, sex: male }
      answers: { severe: 'no' }
      expect: { disposition: Dx39 }
    - name: unused
      patient: { ageYears: 30, sex: male }
      answers: { severe: 'yes', kind: cramp }
      expect: { disposition: Dx02 }
`);
    expect(wrong).toMatchObject({ passed: false, failures: ['expected disposition Dx03 but got Dx02 (at tummy/ed)'] });
    expect(missing).toMatchObject({ passed: false, failures: [`no answer given for 'tummy/kind' ("What kind of pain is it?")`] });
    expect(unused).toMatchObject({ passed: false, failures: ['answers given but never asked: tummy/kind'] });
  });

  it('checks an expected refusal', () => {
    const { pack } = compileFiles({
      ...miniFiles(),
      'test/pathways/adult-only.yaml': `${miniFiles()['test/pathways/adult-only.yaml']}  tests:\n    - name: a boy is refused\n      patient: { ageYears: 8, sex: male }\n      expect: { error: pathway-not-applicable }\n`,
    });
    expect(runScenarioTests(pack).find((r) => r.name === 'a boy is refused')).toMatchObject({ passed: true });
  });
});
