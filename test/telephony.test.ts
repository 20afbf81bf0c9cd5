// Calls reported by the telephony platform (issue 14 item 1): POST /api/telephony/calls with an API
// token of the `telephony` scope; idempotent per call id and state; conflicting data is a 409; a case
// links to its (answered) call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { signpostItself } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import { aPatient } from './case-helpers';
import { testApp, type ApiReply, type ErrorReply, type TestApp } from './fixture';

let t: TestApp;
let telephonyToken: string;
let otherTelephonyToken: string;
let systemToken: string;

const token = async (organisationId: string, scope: 'system' | 'telephony') =>
  (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: `${organisationId} ${scope}`, organisationId, scope }))).token;

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  telephonyToken = await token('ic24', 'telephony');
  otherTelephonyToken = await token('kcht', 'telephony');
  systemToken = await token('ic24', 'system');
});
afterAll(async () => t?.close());

type CallReply = ApiReply<'/api/telephony/calls', 'post'>;
const report = (body: Record<string, unknown>, bearer = telephonyToken, headers: Record<string, string> = {}) =>
  t.request<CallReply & ErrorReply>('POST', '/api/telephony/calls', { body, headers: { authorization: `Bearer ${bearer}`, ...headers } });

const countRows = async (callId: string) => {
  const calls = await sql<{ n: number }>`select count(*)::int as n from telephony_calls where call_id = ${callId}`.execute(t.signpost.platform.db);
  const events = await sql<{ type: string }>`select type from events where subject_type = 'telephony_call' and subject_ids[1] = ${callId} order by id`.execute(t.signpost.platform.db);
  const audits = await sql<{ n: number }>`select count(*)::int as n from audit_log where subject_type = 'telephony_call' and subject_id = ${callId}`.execute(t.signpost.platform.db);
  return { calls: calls.rows[0].n, events: events.rows.map((r) => r.type), audits: audits.rows[0].n };
};

describe('calls offered, answered, abandoned and transferred', () => {
  it('records an answered call with its time to answer, once however often an event repeats', async () => {
    const offered = { callId: 'call-001', event: 'offered', at: '2026-11-18T09:00:00Z', areaCode: 'E07000106' };
    const first = await report(offered);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.recorded).toBe(true);
    expect((await report(offered)).body.recorded).toBe(false);
    const answered = { callId: 'call-001', event: 'answered', at: '2026-11-18T09:00:42.500Z', agentId: 'agent-7' };
    const ans = await report(answered);
    expect(ans.body).toMatchObject({ recorded: true, call: { secondsToAnswer: 42.5, agentId: 'agent-7', areaCode: 'E07000106', organisationId: 'ic24' } });
    expect((await report(answered)).body.recorded).toBe(false);
    const moved = await report({ callId: 'call-001', event: 'transferred', at: '2026-11-18T09:08:00Z', transferredTo: 'clinician' });
    expect(moved.body.call).toMatchObject({ transferredTo: 'clinician', transferredAt: '2026-11-18T09:08:00.000Z' });
    expect(await countRows('call-001')).toEqual({
      calls: 1,
      events: ['telephony.call_offered', 'telephony.call_answered', 'telephony.call_transferred'],
      audits: 3,
    });
  });

  it('records an abandoned call with its time to abandon', async () => {
    await report({ callId: 'call-002', event: 'offered', at: '2026-11-18T09:10:00Z' });
    const res = await report({ callId: 'call-002', event: 'abandoned', at: '2026-11-18T09:12:05Z' });
    expect(res.body).toMatchObject({ recorded: true, call: { secondsToAbandon: 125, answeredAt: null } });
    expect((await report({ callId: 'call-002', event: 'abandoned', at: '2026-11-18T09:12:05Z' })).body.recorded).toBe(false);
    expect((await countRows('call-002')).events).toEqual(['telephony.call_offered', 'telephony.call_abandoned']);
  });

  it('refuses data that contradicts what is recorded (409), and changes nothing', async () => {
    await report({ callId: 'call-003', event: 'offered', at: '2026-11-18T09:20:00Z' });
    await report({ callId: 'call-003', event: 'answered', at: '2026-11-18T09:20:10Z' });
    const before = await countRows('call-003');
    const cases: Record<string, unknown>[] = [
      { callId: 'call-003', event: 'offered', at: '2026-11-18T09:21:00Z' },
      { callId: 'call-003', event: 'answered', at: '2026-11-18T09:20:30Z' },
      { callId: 'call-003', event: 'abandoned', at: '2026-11-18T09:25:00Z' },
      { callId: 'call-never-offered', event: 'answered', at: '2026-11-18T09:20:30Z' },
      { callId: 'call-002', event: 'transferred', at: '2026-11-18T09:30:00Z', transferredTo: '999' },
    ];
    for (const body of cases) {
      const res = await report(body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect(res.body.error.details.map((d) => d.path)).toEqual(['callId']);
    }
    // Another platform's token cannot touch this organisation's call.
    const other = await report({ callId: 'call-003', event: 'transferred', at: '2026-11-18T09:30:00Z', transferredTo: '999' }, otherTelephonyToken);
    expect(other.status).toBe(409);
    expect(await countRows('call-003')).toEqual(before);
  });

  it('names the field at fault in a 400', async () => {
    await report({ callId: 'call-004', event: 'offered', at: '2026-11-18T09:40:00Z' });
    const expectField = async (body: Record<string, unknown>, field: string) => {
      const res = await report(body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.error.details.map((d) => d.path)).toContain(field);
    };
    await expectField({ callId: 'call-004', event: 'answered', at: '2026-11-18T09:39:00Z' }, 'body.at');
    await expectField({ callId: 'call-004', event: 'answered', at: 'yesterday' }, 'body.at');
    await expectField({ callId: 'call 004!', event: 'offered', at: '2026-11-18T09:40:00Z' }, 'body.callId');
    await expectField({ callId: 'call-005', event: 'rang', at: '2026-11-18T09:40:00Z' }, 'body.event');
    await expectField({ callId: 'call-005', event: 'offered', at: '2026-11-18T09:40:00Z', areaCode: 'Kent & Medway' }, 'body.areaCode');
    await expectField({ callId: 'call-004', event: 'transferred', at: '2026-11-18T09:45:00Z' }, 'body.transferredTo');
    await expectField({ callId: 'call-004', event: 'abandoned', at: '2026-11-18T09:45:00Z', agentId: 'a1' }, 'body.agentId');
    expect((await countRows('call-005')).calls).toBe(0);
  });

  it('lets only a telephony token report calls, and gives that token nothing else', async () => {
    const body = { callId: 'call-006', event: 'offered', at: '2026-11-18T09:50:00Z' };
    expect((await report(body, systemToken)).status).toBe(403);
    expect((await t.request('POST', '/api/telephony/calls', { as: 'callhandler', body })).status).toBe(403);
    expect((await t.request('POST', '/api/telephony/calls', { as: 'admin', body })).status).toBe(403);
    expect((await t.request('POST', '/api/telephony/calls', { body })).status).toBe(401);
    const capacity = await t.request('GET', '/api/capacity', { headers: { authorization: `Bearer ${telephonyToken}` } });
    expect(capacity.status).toBe(200); // signed-in routes: any authenticated caller
    const search = await t.request('PUT', '/api/capacity/services/1', { headers: { authorization: `Bearer ${telephonyToken}` }, body: { status: 'red', reason: 'x' } });
    expect(search.status).toBe(403);
  });

  it('replays a retried request with the same Idempotency-Key', async () => {
    const body = { callId: 'call-007', event: 'offered', at: '2026-11-18T09:55:00Z' };
    const first = await report(body, telephonyToken, { 'idempotency-key': 'k-007' });
    const again = await report(body, telephonyToken, { 'idempotency-key': 'k-007' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await countRows('call-007')).events).toEqual(['telephony.call_offered']);
  });
});

describe('a case links to its call', () => {
  it('opens a case for an answered call, and refuses an unknown or unanswered one naming callId', async () => {
    await report({ callId: 'call-100', event: 'offered', at: '2026-11-18T09:58:00Z' });
    const unanswered = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient(), presentingProblem: 'Cough', callId: 'call-100' } });
    expect(unanswered.status).toBe(400);
    expect(unanswered.body.error.details).toEqual([{ path: 'body.callId', message: 'not answered' }]);
    const unknown = await t.request<ErrorReply>('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient(), presentingProblem: 'Cough', callId: 'call-nobody-made' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'body.callId', message: 'unknown call' }]);

    await report({ callId: 'call-100', event: 'answered', at: '2026-11-18T09:58:20Z' });
    const opened = await t.request<ApiReply<'/api/cases', 'post'>>('POST', '/api/cases', { as: 'callhandler', body: { patient: aPatient(), presentingProblem: 'Cough', callId: 'call-100' } });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    expect(opened.body.case.callId).toBe('call-100');
    const read = await t.request<ApiReply<'/api/cases/{id}'>>('GET', `/api/cases/${opened.body.case.id}`, { as: 'callhandler' });
    expect(read.body.case.callId).toBe('call-100');
  });
});
