// npm run bench:fhir-process-message — POST /fhir/$process-message of a BaRS referral over HTTP on
// 127.0.0.1 at a steady 20 messages a second (open loop: each is sent on time whether or not the last
// has answered), a bounded count, against PostgreSQL (BENCH_DATABASE_URL, default
// postgres://root@127.0.0.1:5432/test). Each message opens a case, sets its outcome, refers it to a
// service's inbox and records the message, in one transaction. Writes `processMessageP99Ms` (and its
// p50, count and failures) into bench/results/fhir.json beside bench/fhir.ts's figures.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from '@hono/node-server';
import { createScratchDatabase } from '../scripts/scratch-database';
import { createSignpost } from '../src/app';
import { ServiceProfileSchema } from '../src/directory/model';
import { TokenInput } from '../src/identity/model';
import { signpostItself } from '../src/platform/actor';
import { loadConfig } from '../src/platform/config';
import { openPostgres } from '../src/platform/database';
import { createLogger } from '../src/platform/log';
import { aService } from '../test/builders';
import { printTable, round, summarise } from './stats';

const MESSAGES = Number(process.env.BENCH_PROCESS_MESSAGES ?? 600);
const RATE = Number(process.env.BENCH_PROCESS_RATE ?? 20);
const WARM_UP = 40;
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

/** A BaRS servicerequest-request to the service, with the story (CarePlan, answers, a Flag). */
function referral(n: number, serviceId: number) {
  const u = (i: number) => `urn:uuid:00000000-0000-4000-8000-${String(n * 10 + i).padStart(12, '0')}`;
  return {
    resourceType: 'Bundle',
    id: `bench-${n}`,
    type: 'message',
    entry: [
      { fullUrl: u(1), resource: { resourceType: 'MessageHeader', eventCoding: { system: 'https://fhir.nhs.uk/CodeSystem/message-events-bars', code: 'servicerequest-request' }, reason: { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars', code: 'new' }] }, source: { endpoint: 'https://sender.example.nhs.uk/fhir' }, focus: [{ reference: u(2) }] } },
      {
        fullUrl: u(2),
        resource: {
          resourceType: 'ServiceRequest',
          identifier: [{ system: 'https://sender.example.nhs.uk/Id/referral', value: `B-${n}` }],
          status: 'active',
          intent: 'plan',
          subject: { reference: u(3) },
          performer: [{ reference: `HealthcareService/${serviceId}` }],
          reasonCode: [{ coding: [{ system: 'https://signpost.example/CodeSystem/symptom-group', code: '1011' }] }, { coding: [{ system: 'https://signpost.example/CodeSystem/disposition', code: 'Dx05' }] }],
          note: [{ text: 'Cough and a temperature, now short of breath' }],
        },
      },
      { fullUrl: u(3), resource: { resourceType: 'Patient', name: [{ use: 'official', family: `Bench${n}`, given: ['Pat'] }], gender: 'female', birthDate: '1980-01-01', address: [{ postalCode: 'CT1 2AB' }] } },
      { fullUrl: u(4), resource: { resourceType: 'CarePlan', status: 'active', intent: 'plan', subject: { reference: u(3) }, description: 'To be seen within 2 hours' } },
      { fullUrl: u(5), resource: { resourceType: 'QuestionnaireResponse', status: 'completed', subject: { reference: u(3) }, item: [{ linkId: '1.fever', text: 'A high temperature?', answer: [{ valueString: 'Yes' }] }] } },
      { fullUrl: u(6), resource: { resourceType: 'Flag', status: 'active', category: [{ coding: [{ system: 'https://signpost.example/CodeSystem/flag-category', code: 'reasonable-adjustment' }] }], code: { text: 'Hearing aid' }, subject: { reference: u(3) } } },
    ],
  };
}

async function main() {
  const scratch = await createScratchDatabase(serverUrl, 'signpost_bench_procmsg');
  const config = loadConfig({ SIGNPOST_DATA_DIR: path.join(os.tmpdir(), 'signpost-bench'), SIGNPOST_LOG: 'silent' });
  const log = createLogger(config);
  const signpost = await createSignpost({ database: await openPostgres(scratch.url, 4, log), config, log, backgroundJobs: false });
  const server = serve({ fetch: signpost.app.fetch, port: 0, hostname: '127.0.0.1' });
  try {
    await signpost.identity.createOrganisation(signpostItself, { id: 'receiver', name: 'Receiving provider', kind: 'provider' });
    await signpost.identity.createOrganisation(signpostItself, { id: 'sender', name: 'Sending system', kind: 'provider' });
    const [serviceId] = await signpost.directory.importServices(
      signpostItself,
      [
        ServiceProfileSchema.parse(aService({ organisationId: 'receiver', name: 'Bench UTC', referralRoles: ['clinician'], coverage: { dispositions: ['Dx05'], symptoms: [{ sg: 1011, sd: '4052' }] } })),
      ],
      { reason: 'bench' },
    );
    const { token } = await signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'bench sender', organisationId: 'sender' }));
    await new Promise((resolve) => (server.listening ? resolve(undefined) : server.once('listening', resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir/$process-message`;
    const send = async (n: number) => {
      const body = JSON.stringify(referral(n, serviceId));
      const started = performance.now();
      const res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', 'x-request-id': `bench-${n}` }, body });
      await res.arrayBuffer();
      return { ms: performance.now() - started, ok: res.status === 200 };
    };
    const warm: number[] = [];
    for (let n = 0; n < WARM_UP; n++) warm.push((await send(1_000_000 + n)).ms);
    console.log(`warm-up, one at a time: ${warm.map((ms) => Math.round(ms)).join(" ")} ms`);

    console.log(`Sending ${MESSAGES} referrals at ${RATE}/s …`);
    const interval = 1000 / RATE;
    const start = performance.now();
    const runs: Promise<{ ms: number; ok: boolean }>[] = [];
    for (let n = 0; n < MESSAGES; n++) {
      const due = start + n * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      runs.push(send(n));
    }
    const results = await Promise.all(runs);
    const failures = results.filter((r) => !r.ok).length;
    const stats = summarise(results.map((r) => r.ms));
    const previous = fs.existsSync('bench/results/fhir.json') ? (JSON.parse(fs.readFileSync('bench/results/fhir.json', 'utf8')) as Record<string, unknown>) : {};
    const result = {
      ...previous,
      processMessageP50Ms: round(stats.p50, 2),
      processMessageP99Ms: round(stats.p99, 2),
      processMessage: { messages: MESSAGES, ratePerSecond: RATE, failures, database: 'postgresql', at: new Date().toISOString(), loadAverage: os.loadavg().map((l) => round(l, 2)) },
    };
    printTable(`FHIR $process-message (referral in), ${MESSAGES} at ${RATE}/s over HTTP (127.0.0.1)`, [
      ['p50 / p99', `${result.processMessageP50Ms} ms / ${result.processMessageP99Ms} ms`, 'p99 ≤ 50 ms'],
      ['failures', String(failures), '0'],
    ]);
    fs.mkdirSync('bench/results', { recursive: true });
    fs.writeFileSync('bench/results/fhir.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('Wrote bench/results/fhir.json');
  } finally {
    server.close();
    await signpost.close();
    await scratch.drop().catch(() => undefined);
  }
}

await main();
process.exit(0);
