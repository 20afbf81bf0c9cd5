// npm run bench:search-compare — the directory search side by side: the tree before this wave
// (BASE, default 842cc36, checked out for the run as a temporary git worktree under /tmp with this
// tree's node_modules linked in) and this tree, measured by turns in the same run on the same
// machine, several rounds, medians reported. Each turn is a fresh process (bench/search-compare-worker.ts)
// doing bench/search.ts's in-process measurement: index build, then varied searches timed one by one.
// The machine is shared, so the figures that count are the ratios of the medians.
// Writes bench/results/search-compare.json.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable, round } from './stats';

const BASE = process.env.BENCH_BASE ?? '842cc36';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 100_000);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 10_000);
/** The bar: this tree's search within 10% of the one before. */
const ALLOWED_SLOWDOWN = 1.1;

interface Turn {
  buildMs: number;
  p50Us: number;
  p99Us: number;
  bestOf3P50Us: number;
  bestOf3P99Us: number;
  perSecond: number;
  found: number;
  catchAll: number;
}

const here = path.resolve(import.meta.dirname, '..');
const baseTree = path.join(os.tmpdir(), `signpost-search-base-${BASE}`);

function checkOutBase(): void {
  if (!fs.existsSync(baseTree)) execFileSync('git', ['worktree', 'add', '--detach', baseTree, BASE], { cwd: here, stdio: 'ignore' });
  const modules = path.join(baseTree, 'node_modules');
  if (!fs.existsSync(modules)) fs.symlinkSync(fs.realpathSync(path.join(here, 'node_modules')), modules);
}

function removeBase(): void {
  execFileSync('git', ['worktree', 'remove', '--force', baseTree], { cwd: here, stdio: 'ignore' });
}

function measure(tree: string): Turn {
  const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'bench/search-compare-worker.ts', tree, String(SERVICES), String(SEARCHES)], {
    cwd: here,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, SIGNPOST_LOG: 'silent' },
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Turn;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function medians(turns: Turn[]) {
  return {
    buildMs: median(turns.map((t) => t.buildMs)),
    p50Us: round(median(turns.map((t) => t.p50Us))),
    p99Us: round(median(turns.map((t) => t.p99Us))),
    bestOf3P50Us: round(median(turns.map((t) => t.bestOf3P50Us))),
    bestOf3P99Us: round(median(turns.map((t) => t.bestOf3P99Us))),
    perSecond: median(turns.map((t) => t.perSecond)),
  };
}

checkOutBase();
const base: Turn[] = [];
const current: Turn[] = [];
try {
  for (let r = 0; r < ROUNDS; r++) {
    // Alternating which goes first, so neither always runs on a machine the other just warmed or loaded.
    const order = r % 2 === 0 ? (['base', 'current'] as const) : (['current', 'base'] as const);
    for (const which of order) {
      const turn = measure(which === 'base' ? baseTree : here);
      (which === 'base' ? base : current).push(turn);
      console.log(`round ${r + 1} ${which.padEnd(7)} p50 ${turn.p50Us} µs, p99 ${turn.p99Us} µs, best-of-3 p50 ${turn.bestOf3P50Us} µs, build ${turn.buildMs} ms`);
    }
  }
} finally {
  if (!process.env.BENCH_KEEP_BASE) removeBase();
}

// The searches found something, or only the catch-all: a check that both trees did the same work.
// (The engine's window rule changed in this wave, working days with bank holidays, so a few may differ.)
const outcomes = { base: { found: base[0].found, catchAll: base[0].catchAll }, current: { found: current[0].found, catchAll: current[0].catchAll } };
const b = medians(base);
const c = medians(current);
const ratio = {
  p50: round(c.p50Us / b.p50Us, 3),
  p99: round(c.p99Us / b.p99Us, 3),
  bestOf3P50: round(c.bestOf3P50Us / b.bestOf3P50Us, 3),
  buildMs: round(c.buildMs / b.buildMs, 3),
};
const result = {
  base: { commit: BASE, medians: b, turns: base },
  current: { commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8' }).trim(), dirty: execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: here, encoding: 'utf8' }).trim() !== '', medians: c, turns: current },
  ratio,
  withinTenPercent: ratio.p50 <= ALLOWED_SLOWDOWN && ratio.bestOf3P50 <= ALLOWED_SLOWDOWN,
  outcomes,
  reference: 'bench/results/search.json (in-process p50 and p99 of the same measurement on a quiet machine)',
  rounds: ROUNDS,
  services: SERVICES,
  searches: SEARCHES,
  machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l, 1)) },
  at: new Date().toISOString(),
};
printTable(`Directory search side by side, ${SERVICES} services, ${SEARCHES} searches, median of ${ROUNDS} rounds`, [
  ['in-process p50', `${b.p50Us} µs → ${c.p50Us} µs (×${ratio.p50})`, `≤ ×${ALLOWED_SLOWDOWN}`],
  ['in-process p99', `${b.p99Us} µs → ${c.p99Us} µs (×${ratio.p99})`, ''],
  ['best of 3 p50', `${b.bestOf3P50Us} µs → ${c.bestOf3P50Us} µs (×${ratio.bestOf3P50})`, `≤ ×${ALLOWED_SLOWDOWN}`],
  ['index build', `${b.buildMs} ms → ${c.buildMs} ms (×${ratio.buildMs})`, ''],
  ['found / catch-all', `${outcomes.base.found} / ${outcomes.base.catchAll} → ${outcomes.current.found} / ${outcomes.current.catchAll}`, ''],
]);
fs.mkdirSync(path.join(here, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(here, 'bench/results/search-compare.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(`Within 10%: ${result.withinTenPercent}. Wrote bench/results/search-compare.json`);
