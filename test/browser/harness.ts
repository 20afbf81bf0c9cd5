// Starts Signpost on a fresh embedded database (the demo community is seeded on first start) and
// headless Chromium; saves a screenshot of each screen under test-results/screens/.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENS = path.join(ROOT, 'test-results', 'screens');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const PASSWORD = 'signpost-demo';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** The server's environment: this process's, on the embedded database whatever DATABASE_URL says. */
function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  return env;
}

export interface Harness {
  base: string;
  browser: Browser;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  if (!existsSync(path.join(ROOT, 'web', 'dist', 'index.html'))) {
    throw new Error('web/dist is not built: run `npm run build:web` (npm install does it)');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: apt-get install -y chromium`);
  mkdirSync(SCREENS, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'signpost-browser-'));
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const server: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'signpost.mjs'), 'serve'], {
    cwd: ROOT,
    // No simulated history: the screens are tested on the demo community as seeded.
    env: serverEnv({ SIGNPOST_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SIGNPOST_LOG: 'info', SIGNPOST_DEMO_HISTORY_DAYS: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The server did not start in 180 s:\n${output.slice(-3000)}`)), 180_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/Signpost is ready at/.test(output)) {
        clearTimeout(timer);
        // From now on the server logs a line per request: let it flow past unread.
        server.stdout!.off('data', onData).resume();
        server.stderr!.off('data', onData).resume();
        resolve();
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before it was ready:\n${output.slice(-3000)}`));
    });
  });
  // playwright-core gives each launch a new empty profile (--user-data-dir) of its own.
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    base,
    browser,
    async stop() {
      await browser.close().catch(() => undefined);
      server.removeAllListeners('exit');
      await new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve();
        server.once('exit', () => resolve());
        server.kill('SIGTERM');
        setTimeout(() => server.kill('SIGKILL'), 10_000).unref();
      });
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function newPage(h: Harness, width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await h.browser.newContext({ baseURL: h.base, viewport: { width, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  return { context, page };
}

/** Signs in through the form, as a person does. */
export async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-as').waitFor();
}

export async function shot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENS, `${name}.png`);
  await page.waitForTimeout(400);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
