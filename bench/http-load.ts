// What the HTTP benchmarks share: a Signpost server of their own on 127.0.0.1 (one process per core,
// as it would be deployed here), and the load client (bench/http-client.mjs) in a process of its own,
// so neither the generator nor the measurer shares a heap with the server.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface LoadResult {
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failures: number;
}

export interface ServerOptions {
  port: number;
  workers: number;
  databaseUrl: string;
  /** a path that answers 200 once the server is up */
  readyPath: string;
  nodeArgs?: string[];
}

/** Starts `signpost serve` and waits (up to 2 minutes) until it answers. */
export async function startServer(options: ServerOptions): Promise<ChildProcess> {
  const args = [...(options.nodeArgs ?? []), 'bin/signpost.mjs', 'serve', '--port', String(options.port), '--workers', String(options.workers)];
  const server = spawn(process.execPath, args, { env: { ...process.env, HOST: '127.0.0.1', DATABASE_URL: options.databaseUrl, SIGNPOST_LOG: 'silent' }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 1200; i++) {
    if (await fetch(`http://127.0.0.1:${options.port}${options.readyPath}`).then((r) => r.ok).catch(() => false)) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopServer(server);
  throw new Error('the server did not come up within 2 minutes');
}

export async function stopServer(server: ChildProcess | null): Promise<void> {
  if (!server || server.exitCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
}

export interface LoadOptions {
  port: number;
  token: string;
  concurrency: number;
  /** requests carry their own method and body (`{ method, path, body }`) rather than all being search POSTs */
  mixed?: boolean;
  /** the client is stopped after this long */
  timeoutMs?: number;
}

/** Runs the load client over these requests and returns what it measured. */
export async function runLoadClient(requests: unknown[], options: LoadOptions): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `signpost-bench-requests-${process.pid}-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(requests));
  const args = ['bench/http-client.mjs', String(options.port), options.token, file, String(options.concurrency), ...(options.mixed ? ['-'] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGTERM'), options.timeoutMs) : undefined;
  await new Promise((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  fs.rmSync(file, { force: true });
  if (!output) throw new Error(`the load client stopped without a result${options.timeoutMs ? ` (over ${options.timeoutMs / 1000} s?)` : ''}`);
  return JSON.parse(output) as LoadResult;
}
