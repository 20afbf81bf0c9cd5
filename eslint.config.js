// The module rules of DESIGN.md, kept by a machine (decision 0019): no import cycles; a module uses
// another module through its service or model, never its store; production `src` never imports the
// demo generator (except the CLI) or the benchmarks; the pure core imports no I/O. Plus
// typescript-eslint's recommended rules. `npm run lint` runs it with zero warnings allowed.
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const srcModules = fs.readdirSync(path.join(root, 'src'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** Files that are the SQL of a module: only that module (and tests, scripts, the app's wiring) reads them. */
const storeFiles = (module) => [`src/${module}/{store,*-store}.ts`];

/** Pure core: plain data in, plain data out; testable without a database, fast enough for every search. */
export const PURE_CORE = [
  'src/search/engine.ts',
  'src/search/index.ts',
  'src/search/grid.ts',
  'src/search/hours.ts',
  'src/search/window.ts',
  'src/search/coverage.ts',
  'src/search/reply.ts',
  'src/directory/opening-hours.ts',
  'src/directory/local-time.ts',
  'src/directory/working-days.ts',
  'src/directory/age.ts',
  'src/geo/distance.ts',
  'src/geo/nation.ts',
  'src/triage/engine.ts',
  'src/triage/answers.ts',
  'src/triage/conditions.ts',
  'src/triage/dates.ts',
  'src/triage/errors.ts',
  'src/triage/search.ts',
  // The FHIR server's mappings, searches and bundles; its service and routes do the I/O.
  'src/fhir/!(service|routes|*-service|*-store).ts',
  // The coming simulation (DESIGN.md: modelling is pure); its store, service and routes may do I/O.
  'src/modelling/!(store|service|routes|*-store|*-routes|*-service).ts',
];

/** What the pure core may not import: a database, the network, threads, processes, files. */
const IO_PACKAGES = [
  'node:fs', 'fs', 'node:fs/promises', 'fs/promises', 'node:net', 'net', 'node:http', 'http', 'node:https', 'https',
  'node:worker_threads', 'worker_threads', 'node:child_process', 'child_process',
  'pg', '@electric-sql/pglite', 'kysely', 'hono', '@hono/node-server',
];
// (Every entry a glob: the rule refuses a mix of globs and plain paths.)
const IO_FILES = [
  'src/**/{store,*-store,service,routes,*-routes}.ts',
  // The use cases of the services split by what they do (issue 12, item 7): they read and write too.
  'src/triage/{library,sessions,authoring,publication,impact}.ts',
  'src/cases/{access,case-records,case-search,case-view,clinical-queue,context,dispositions,episodes,special-notes,triage-outcomes}.ts',
  'src/referrals/{case-relations,context,inbox,messages,referring,scopes,slots,steps}.ts',
  'src/platform/{database,transactions,migrate,http,events,event-stream,web,context}.ts',
];

const boundaryZones = [
  // A module reads another module's data only through that module's service.
  ...srcModules.map((module) => ({
    target: `src/!(${module})/**`,
    from: storeFiles(module),
    message: `Use the ${module} module's service: its store is its own (DESIGN.md, module rooms).`,
  })),
  // The demo generator is made-up data: the CLI seeds with it; tests beside the code may use it as fixtures.
  {
    target: ['src/!(cli|demo)/**/!(*.test).ts', 'src/*.ts'],
    from: ['src/demo/**'],
    message: 'Only the CLI (and tests) may use the demo generator (decision 0001, 0019).',
  },
  { target: ['src/**'], from: ['bench/**'], message: 'src never imports the benchmarks.' },
  // A nation is geo's and the directory uses geo; geo importing the directory back made a cycle.
  { target: ['src/geo/**'], from: ['src/directory/**'], message: 'geo must not import the directory (the directory imports geo).' },
  { target: PURE_CORE, from: IO_FILES, message: 'The pure core imports no I/O (DESIGN.md, principles).' },
];

export default defineConfig(
  { ignores: ['web/dist/**', 'node_modules/**', 'bench/results/**'] },
  {
    files: ['{src,test,bench,scripts}/**/*.{ts,mjs}', 'web/src/**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x does not parse .ts files when it follows imports, and sees no cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] })],
    },
    rules: {
      // `_name` marks a value dropped on purpose (`const { page: _page, ...report } = …`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: boundaryZones }],
    },
  },
  // The two plain-JavaScript modules (a worker's loader, the benchmark's HTTP client) run on Node.
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'Buffer', 'console', 'performance', 'URL', 'setTimeout', 'clearTimeout', 'setImmediate', 'queueMicrotask', 'AbortController', 'fetch'].map((name) => [name, 'readonly']),
      ),
    },
  },
  // Replies read as JSON in tests and scripts are `any` until the typed `request<T>` and generated client
  // of issue 12 (items 1 and 3) land; then this block goes.
  {
    files: ['test/**', '**/*.test.ts', '**/*.test.tsx', 'scripts/**', 'src/triage/test-fixtures.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // `route()` erases handler types to `any` until response schemas type it (issue 12, item 1).
  {
    files: ['src/platform/http.ts', 'src/platform/openapi.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: PURE_CORE,
    rules: {
      'no-restricted-imports': ['error', { paths: IO_PACKAGES.map((name) => ({ name, message: 'The pure core imports no I/O (DESIGN.md, principles).' })) }],
    },
  },
);
