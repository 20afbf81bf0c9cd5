// The web app's API types are generated from the routes (npm run gen:api); this fails when a route's
// schema changed and the committed file was not regenerated, so the compiler sees every screen the
// change touches.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_SCHEMA_FILE, generatedSchemaText } from '../scripts/gen-api';

describe('the generated web client types', () => {
  it('are what the server routes produce now', async () => {
    const expected = await generatedSchemaText();
    const committed = fs.existsSync(GENERATED_SCHEMA_FILE) ? fs.readFileSync(GENERATED_SCHEMA_FILE, 'utf8') : '';
    const where = path.relative(process.cwd(), GENERATED_SCHEMA_FILE);
    if (committed !== expected) {
      const at = firstDifferentLine(committed, expected);
      expect.fail(`${where} is out of date with the routes (first difference at line ${at}): run npm run gen:api and commit the result`);
    }
  }, 180_000);

  it('cover every route the server has', async () => {
    const committed = fs.readFileSync(GENERATED_SCHEMA_FILE, 'utf8');
    for (const route of ['/api/cases/{id}', '/api/directory/services', '/api/referrals/{id}/accept', '/api/openapi.json']) expect(committed).toContain(`"${route}": {`);
  });
});

function firstDifferentLine(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  for (let i = 0; i < Math.max(left.length, right.length); i++) if (left[i] !== right[i]) return i + 1;
  return 0;
}
