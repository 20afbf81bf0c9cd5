import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { inTransaction } from '../src/platform/database';
import { ServiceProfileSchema } from '../src/directory/model';
import { DeliveryWorker, type DeliveryTransport } from '../src/referrals/delivery';
import * as store from '../src/referrals/store';
import { aService } from './builders';
import { aPatient, openCase, runTriage } from './case-helpers';
import { fhirErrors } from './fhir-validate';
import { testApp, type TestApp, type ApiReply } from './fixture';

let t: TestApp;
let fhirService: number;
const breathing = { dispositions: ['Dx05'], symptoms: [{ sg: 11000, sd: '14013' }] };

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  [fhirService] = await t.signpost.directory.importServices(
    signpostItself,
    [ServiceProfileSchema.parse(aService({ name: 'UTC with a FHIR endpoint', coverage: breathing, referralEndpoints: [{ kind: 'fhir', address: 'https://utc.example.test/fhir/$process-message' }, { kind: 'email', address: 'utc@example.test' }] }))],
    { reason: 'test' },
  );
});
afterAll(async () => t?.close());

interface Sent {
  address: string;
  bundle: any;
  headers: Record<string, string>;
}

/** A stand-in receiver: answers with the statuses given in turn (the last repeats), recording every POST. */
function receiver(...statuses: (number | 'hang' | 'throw')[]) {
  const sent: Sent[] = [];
  const transport: DeliveryTransport = {
    async send(endpoint, bundle, headers) {
      sent.push({ address: endpoint.address, bundle, headers });
      const status = statuses[Math.min(sent.length - 1, statuses.length - 1)];
      if (status === 'hang') return new Promise(() => undefined);
      if (status === 'throw') throw new Error('connect ECONNREFUSED');
      return { status };
    },
  };
  return { transport, sent };
}

const worker = (transport: DeliveryTransport, options: Partial<ConstructorParameters<typeof DeliveryWorker>[1]> = {}) =>
  new DeliveryWorker(t.signpost.platform, { external: true, transport, leaseMs: 60_000, ...options });

/** A referral to the FHIR service; its external message starts held (external delivery is off in tests) and is released. */
async function referral() {
  const { case: c } = await openCase(t, aPatient({ nhsNumber: '9476719931', nhsNumberStatus: '01', registeredPractice: 'G82001' }));
  const view = await runTriage(t, 'breathing-problems', { inhaler: 'no', 'danger-signs': ['none'], 'chest-pain': 'no', onset: 'today', fever: 'yes', immunity: 'no' });
  await t.request<ApiReply<'/api/cases/{id}/triage', 'post'>>('POST', `/api/cases/${c.id}/triage`, { as: 'callhandler', body: { sessionId: view.session.id } });
  const res = await t.request<ApiReply<'/api/cases/{id}/referrals', 'post'>>('POST', `/api/cases/${c.id}/referrals`, { as: 'callhandler', body: { serviceId: fhirService, flags: [{ category: 'infection-risk', text: 'Tested positive for flu yesterday' }] } });
  expect(res.status).toBe(201);
  const outbox = await store.listOutbox(t.signpost.platform.db, { referralId: res.body.referral.id, limit: 10 });
  const external = outbox.find((m) => m.destination === 'endpoint')!;
  expect(external.status).toBe('held');
  await store.releaseHeld(t.signpost.platform.db, t.clock.now());
  return { referral: res.body.referral, messageId: external.messageId, caseId: c.id };
}

async function outboxRow(messageId: string) {
  return (await store.listOutbox(t.signpost.platform.db, { limit: 500 })).find((m) => m.messageId === messageId && m.destination === 'endpoint')!;
}

describe('external delivery', () => {
  it('sends a valid FHIR R4 Bundle, retries with exponential back-off, and keeps the same message id', async () => {
    const { messageId, caseId } = await referral();
    const { transport, sent } = receiver(503, 'throw', 202);
    const w = worker(transport);
    expect(await w.deliverExternal()).toBe(1);
    let row = await outboxRow(messageId);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 503' });
    expect(row.nextAttemptAt.toISOString()).toBe('2026-11-18T10:00:10.000Z');

    expect(await w.deliverExternal()).toBe(0); // not due yet
    t.clock.advance(10_000);
    expect(await w.deliverExternal()).toBe(1);
    row = await outboxRow(messageId);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, lastError: 'connect ECONNREFUSED' });
    expect(row.nextAttemptAt.getTime() - t.clock.now().getTime()).toBe(20_000);
    t.clock.advance(19_000);
    expect(await w.deliverExternal()).toBe(0);
    t.clock.advance(1_000);
    expect(await w.deliverExternal()).toBe(1);
    row = await outboxRow(messageId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3 });

    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((s) => s.bundle.id))).toEqual(new Set([messageId]));
    expect(new Set(sent.map((s) => JSON.stringify(s.bundle))).size).toBe(1);
    expect(sent.map((s) => s.headers['x-correlation-id'])).toEqual([messageId, messageId, messageId]);
    expect(sent[0].address).toBe('https://utc.example.test/fhir/$process-message');
    expect(fhirErrors(sent[0].bundle)).toEqual([]);
    const flags = sent[0].bundle.entry.filter((e: any) => e.resource.resourceType === 'Flag').map((e: any) => e.resource.category[0].coding[0].code);
    expect(flags).toContain('infection-risk');
    expect(sent[0].bundle.entry.map((e: any) => e.resource.resourceType).slice(0, 6)).toEqual(['MessageHeader', 'ServiceRequest', 'Patient', 'Encounter', 'CarePlan', 'QuestionnaireResponse']);

    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${caseId}/timeline`, { as: 'callhandler' })).body.timeline;
    expect(timeline.find((e: any) => e.type === 'referral.message_delivered')!.details).toMatchObject({ messageId, attempts: 3 });
    await w.stop();
  });

  it('gives up at once on a permanent refusal, and after the last attempt otherwise; both are recorded', async () => {
    const refused = await referral();
    const other = await referral();
    const bad = worker(receiver(400).transport);
    await bad.deliverExternal();
    expect(await outboxRow(refused.messageId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await outboxRow(other.messageId)).status).toBe('failed');

    const third = await referral();
    const flaky = worker(receiver(500).transport, { retry: { baseMs: 1000, maxMs: 1000, maxAttempts: 3 } });
    for (let i = 0; i < 3; i++) {
      await flaky.deliverExternal();
      t.clock.advance(1000);
    }
    expect(await outboxRow(third.messageId)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'HTTP 500' });
    const failed = (await t.request<ApiReply<'/api/delivery/outbox'>>('GET', '/api/delivery/outbox?status=failed', { as: 'admin' })).body.messages;
    expect(failed.map((m: any) => m.messageId)).toEqual(expect.arrayContaining([refused.messageId, third.messageId]));
    const timeline = (await t.request<ApiReply<'/api/cases/{id}/timeline'>>('GET', `/api/cases/${third.caseId}/timeline`, { as: 'callhandler' })).body.timeline;
    expect(timeline.map((e: any) => e.type)).toContain('referral.delivery_failed');
  });

  it('survives a worker killed mid-delivery: a new worker on the same database sends it again, same id (at least once)', async () => {
    const { messageId } = await referral();
    const first = receiver('hang');
    const dying = worker(first.transport);
    void dying.deliverExternal();
    for (let i = 0; i < 100 && first.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(first.sent).toHaveLength(1);
    await dying.stop(); // the process "dies" with the POST in flight; its lease is left behind

    const second = receiver(200);
    const restarted = worker(second.transport);
    expect(await restarted.deliverExternal()).toBe(0); // still leased to the dead worker
    t.clock.advance(60_000);
    expect(await restarted.deliverExternal()).toBe(1);
    expect(await outboxRow(messageId)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(second.sent[0].bundle.id).toBe(messageId);
    expect(second.sent[0].bundle).toEqual(first.sent[0].bundle);
    await restarted.stop();
  });
});

describe('in-app delivery', () => {
  it('messages written before a kill are delivered after restart, exactly once, however many workers run', async () => {
    // Outbox rows committed by a process that died before delivering them.
    const at = t.clock.now();
    const ids = Array.from({ length: 20 }, (_, i) => `0000000${i}-dead-4000-8000-000000000000`.slice(-36));
    await inTransaction(t.signpost.platform.db, (tx) =>
      store.enqueue(
        tx,
        ids.map((messageId) => ({ messageId, destination: 'inbox' as const, kind: 'referral' as const, organisationId: 'kcht', serviceId: fhirService, endpoint: null, referralId: null, caseId: null, payload: { kind: 'referral', serviceName: 'x' }, status: 'pending' as const })),
        at,
      ),
    );
    const a = worker(receiver(200).transport);
    const b = worker(receiver(200).transport);
    const [x, y] = await Promise.all([a.runOnce(), b.runOnce()]);
    expect(x.inbox + y.inbox).toBe(20);
    for (const id of ids) expect(await store.inboxCount(t.signpost.platform.db, id)).toBe(1);

    // Even if a delivered message were found pending again (its mark lost), it lands only once.
    await t.signpost.platform.db.updateTable('outbox').set({ status: 'pending' }).where('message_id', '=', ids[0]).where('destination', '=', 'inbox').execute();
    expect((await a.runOnce()).inbox).toBe(1);
    expect(await store.inboxCount(t.signpost.platform.db, ids[0])).toBe(1);
    const items = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox?limit=500', { as: 'provider' })).body.items.filter((i: any) => ids.includes(i.messageId));
    expect(items).toHaveLength(20);
    await a.stop();
    await b.stop();
  });

  it('a referral is in the receiving inbox by the time the request returns', async () => {
    const { referral: r } = await referral();
    const items = (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as: 'provider' })).body.items;
    expect(items.find((i: any) => i.referralId === r.id)).toMatchObject({ kind: 'referral', organisationId: 'kcht' });
  });
});
