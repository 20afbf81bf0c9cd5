// npm run demo:journey — the patient journey end to end against a running Signpost (SIGNPOST_URL,
// default http://localhost:8111) with the demo logins (password signpost-demo): call → triage → search
// → referral → accepted → onward referral to a hospital department → completed → post-event message.
// Prints each step; exits non-zero if any fails.
import { runJourney, type JourneyClient, type Login } from './journey';

const base = (process.env.SIGNPOST_URL ?? 'http://localhost:8111').replace(/\/$/, '');
const origin = new URL(base).origin;
const password = process.env.SIGNPOST_DEMO_PASSWORD ?? 'signpost-demo';
const cookies = new Map<Login, string>();

async function login(user: Login): Promise<string> {
  let cookie = cookies.get(user);
  if (!cookie) {
    const response = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ username: user, password }),
    });
    if (response.status !== 200) throw new Error(`cannot sign in as ${user}: ${response.status} ${await response.text()}`);
    cookie = response.headers.get('set-cookie')!.split(';')[0];
    cookies.set(user, cookie);
  }
  return cookie;
}

const client: JourneyClient = {
  async request(user, method, path, body) {
    const headers: Record<string, string> = { origin, cookie: await login(user) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // keep the text
    }
    return { status: response.status, body: parsed };
  },
};

console.log(`Patient journey against ${base}\n`);
const started = performance.now();
try {
  const health = await fetch(`${base}/api/health`).catch((error: Error) => {
    throw new Error(`no Signpost at ${base} (${error.message}); start one with npm start`);
  });
  if (health.status !== 200) throw new Error(`${base}/api/health answered ${health.status}`);
  const result = await runJourney(client, {
    log: (step, title, detail) => console.log(`  ✓ ${String(step).padStart(2)}. ${title.padEnd(19)} ${detail}`),
  });
  console.log(`\nJourney complete in ${Math.round(performance.now() - started)} ms: case ${result.caseId}, ${result.referralIds.length} referrals, post-event message ${result.postEventItemId}.`);
} catch (error) {
  console.error(`\n  ✗ ${(error as Error).message}`);
  process.exitCode = 1;
}
