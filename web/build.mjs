#!/usr/bin/env node
// Builds the web application into web/dist (run by `npm install` as postinstall, and by
// `npm run build:web`). Offline: everything comes from node_modules. If the build tools are not
// installed (npm install --omit=dev) it says so and leaves the server to serve its "not built" page.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
let viteBin;
try {
  const pkg = require.resolve('vite/package.json');
  viteBin = path.join(path.dirname(pkg), 'bin', 'vite.js');
} catch {
  viteBin = null;
}
if (!viteBin || !existsSync(viteBin)) {
  console.warn('signpost: vite is not installed (development dependencies omitted?); the web application was not built. `npm install` then `npm run build:web` builds it.');
  process.exit(0);
}
const strict = process.argv.includes('--strict');
const result = spawnSync(process.execPath, [viteBin, 'build', '--config', path.join(here, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('signpost: the web application build failed (see above); the server will serve its "not built" page until `npm run build:web` succeeds.');
  process.exit(strict ? result.status ?? 1 : 0);
}
console.log(`signpost: web application built into ${path.join(here, 'dist')}`);
