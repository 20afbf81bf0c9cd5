// Validate once, at the edge (issue 12, item 2): a route's zod schemas check a request, and the
// service takes the parsed type (`z.output` of the schema, exported from the module's model.ts).
// The CLI, the demo seed, benches and tests parse their own raw objects at that edge. Role lists
// are declared once per use case: the routes' `access` and the service's checks share a constant.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../src');
const modules = fs.readdirSync(src).filter((name) => fs.statSync(path.join(src, name)).isDirectory() && !['platform', 'cli', 'demo'].includes(name));
const sourcesOf = (module: string) =>
  fs
    .readdirSync(path.join(src, module))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ file: `${module}/${f}`, text: fs.readFileSync(path.join(src, module, f), 'utf8') }));

/** Service-side parses that are an edge of their own, not a second check of a route's request. */
const OWN_EDGES: Record<string, RegExp[]> = {
  // reference files read from disk
  'geo/service.ts': [/parseWith\(AreaFile,/, /parseWith\(DistanceRuleFile,/],
  // a proposed patch merged onto the stored service is a new value; bulk import reads files
  'directory/service.ts': [/parseWith\(ServiceProfileSchema, \{ \.\.\.base, \.\.\.patch \}/, /parseWith\(ServiceProfileSchema, input, `services\./],
  // the simulation's input as the CLI (simulate --input FILE), benches and tests build it (no route takes one)
  'modelling/model.ts': [/return parseWith\(SimulationInput, raw\)/],
  // the shipped default cost model read from disk, and saved models read back (new activities take default tariffs)
  'modelling/cost-model.ts': [/return parseWith\(CostModel, raw, where\)/],
};

describe('validate once, at the edge', () => {
  it('no service method takes an unknown request and parses it again', () => {
    const found: string[] = [];
    for (const module of modules) {
      // Every source file: the use cases of a large service live in files of their own (issue 12, item 7).
      for (const { file, text } of sourcesOf(module)) {
        for (const line of text.split('\n')) {
          const allowed = (OWN_EDGES[file] ?? []).some((re) => re.test(line));
          if (/parseWith\(/.test(line) && !allowed) found.push(`${file}: ${line.trim()}`);
          if (/^\s+(async )?\w+\([^)]*\b(input|query|body|request|data): unknown/.test(line)) found.push(`${file}: ${line.trim()}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('declares each role list once per module (routes and service share it)', () => {
    const duplicates: string[] = [];
    for (const module of modules) {
      const seen = new Map<string, string>();
      for (const { file, text } of sourcesOf(module)) {
        for (const m of text.matchAll(/^(?:export )?const (\w+) = (\[[^\]]*\]) as const;/gm)) {
          if (!/'(admin|clinician|call_handler|dos_lead|provider_staff|clinical_governance|commissioner)'/.test(m[2])) continue;
          const roles = JSON.stringify(
            m[2]
              .slice(1, -1)
              .split(',')
              .map((r) => r.trim())
              .filter(Boolean)
              .sort(),
          );
          const earlier = seen.get(roles);
          if (earlier) duplicates.push(`${file}: ${m[1]} repeats ${earlier}`);
          else seen.set(roles, `${file}: ${m[1]}`);
        }
      }
    }
    expect(duplicates).toEqual([]);
  });
});
