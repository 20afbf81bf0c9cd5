// The module boundaries of decision 0019 bite: code placed (in memory) at a path inside the tree
// that breaks a rule gets the rule's error from the project's own ESLint configuration, and the
// same import from where it is allowed gets none. `npm run lint` (in .ci/run) holds the real tree
// to these rules; this proves they are not silently inert (a wrong glob or resolver matches nothing).
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids and messages ESLint reports for `code` as if it were the file at `file`. */
async function findings(file: string, code: string): Promise<{ rule: string | null; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.map((m) => ({ rule: m.ruleId, message: m.message }));
}

const rules = async (file: string, code: string) => (await findings(file, code)).map((f) => f.rule);

describe('module boundaries (eslint.config.js)', () => {
  it("refuses another module's store and allows its service", async () => {
    const bad = await findings('src/search/probe.ts', "import { findCase } from '../cases/store';\nexport const f = findCase;\n");
    expect(bad).toEqual([{ rule: 'import-x/no-restricted-paths', message: expect.stringContaining("Use the cases module's service") }]);
    expect(await rules('src/identity/probe.ts', "import { findUserByUsername } from './accounts-store';\nexport const f = findUserByUsername;\n")).toEqual([]);
    expect(await rules('src/referrals/probe.ts', "import { findUserByUsername } from '../identity/accounts-store';\nexport const f = findUserByUsername;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rules('src/search/probe.ts', "import { CaseService } from '../cases/service';\nexport const s = CaseService;\n")).toEqual([]);
    expect(await rules('src/cases/probe.ts', "import { findCase } from './store';\nexport const f = findCase;\n")).toEqual([]);
  });

  it('keeps the demo generator to the CLI and tests, and the benchmarks out of src', async () => {
    const demo = "import { Random } from '../demo/random';\nexport const r = Random;\n";
    expect(await rules('src/search/probe.ts', demo)).toEqual(['import-x/no-restricted-paths']);
    expect(await rules('src/cli/probe.ts', demo)).toEqual([]);
    expect(await rules('src/search/probe.test.ts', demo)).toEqual([]);
    expect(await rules('src/app-probe.ts', "import { Random } from './demo/random';\nexport const r = Random;\n")).toEqual(['import-x/no-restricted-paths']);
    expect(await rules('src/search/probe.ts', "import { summarise } from '../../bench/stats';\nexport const s = summarise;\n")).toEqual(['import-x/no-restricted-paths']);
  });

  it('keeps the pure core free of I/O', async () => {
    const io: [string, string][] = [
      ['pg', 'no-restricted-imports'],
      ['node:fs', 'no-restricted-imports'],
      ['node:worker_threads', 'no-restricted-imports'],
      ['kysely', 'no-restricted-imports'],
      ['hono', 'no-restricted-imports'],
      ['./service', 'import-x/no-restricted-paths'],
      ['./routes', 'import-x/no-restricted-paths'],
      ['../directory/store', 'import-x/no-restricted-paths'],
      ['../platform/database', 'import-x/no-restricted-paths'],
      ['../platform/http', 'import-x/no-restricted-paths'],
    ];
    for (const [from, rule] of io) {
      const found = await rules('src/search/engine.ts', `import * as probe from '${from}';\nexport const used = probe;\n`);
      // (The engine's own service and routes import the engine, so those also make a cycle.)
      expect(found, from).toContain(rule);
      expect(found.filter((r) => r !== rule && r !== 'import-x/no-cycle'), from).toEqual([]);
    }
    expect(await rules('src/directory/opening-hours.ts', "import pg from 'pg';\nexport const p = pg;\n")).toEqual(['no-restricted-imports']);
    expect(await rules('src/triage/engine.ts', "import * as store from './store';\nexport const s = store;\n")).toEqual(['import-x/no-restricted-paths']);
    // The same imports are fine outside the pure core.
    expect(await rules('src/search/probe.ts', "import pg from 'pg';\nexport const p = pg;\n")).toEqual([]);
  });

  it('refuses an import cycle and geo importing the directory back', async () => {
    // compile-context.ts as it would be if it imported the compiler that imports it.
    const cycle = await rules('src/triage/compile-context.ts', "import { compilePack } from './compiler';\nexport const c = compilePack;\n");
    expect(cycle).toContain('import-x/no-cycle');
    // geo/model.ts as it was before the nation moved to geo/nation.ts.
    const back = await rules('src/geo/model.ts', "import { Nations } from '../directory/opening-hours';\nexport const n = Nations;\n");
    expect(back).toEqual(['import-x/no-restricted-paths']);
  });
});
