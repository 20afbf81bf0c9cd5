import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import { ServiceProfileSchema } from '../src/directory/model';
import { aService } from './builders';
import { ORIGIN, testApp, type TestApp, type ApiReply, type ErrorReply } from './fixture';

let t: TestApp;
let kchtService: number;
let ekhuftService: number;
beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  [kchtService, ekhuftService] = await t.signpost.directory.importServices(
    signpostItself,
    [ServiceProfileSchema.parse(aService({ organisationId: 'kcht-nursing' })), ServiceProfileSchema.parse(aService({ organisationId: 'ekhuft' }))],
    { reason: 'test' },
  );
});
afterAll(async () => t?.close());

describe('setting capacity', () => {
  it('lets provider staff set their own services (and those below them), with reason and reset time', async () => {
    const res = await t.request<ApiReply<'/api/capacity/services/{id}', 'put'>>('PUT', `/api/capacity/services/${kchtService}`, { as: 'provider', body: { status: 'red', reason: 'No nurses until 14:00', resetAfterMinutes: 60 } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'red', reason: 'No nurses until 14:00', resetAt: '2026-11-18T11:00:00.000Z', setByName: 'Test provider' });
    const read = await t.request<ApiReply<'/api/capacity/services/{id}'>>('GET', `/api/capacity/services/${kchtService}`, { as: 'callhandler' });
    expect(read.body).toMatchObject({ status: 'red', expired: false });
  });

  it('refuses another organisation’s service with 403', async () => {
    const res = await t.request<ApiReply<'/api/capacity/services/{id}', 'put'>>('PUT', `/api/capacity/services/${ekhuftService}`, { as: 'provider', body: { status: 'amber', reason: 'busy' } });
    expect(res.status).toBe(403);
  });

  it('refuses reset times outside 15 minutes to 5 days, and amber or red without a reason', async () => {
    for (const minutes of [14, 7201]) {
      const res = await t.request<ErrorReply>('PUT', `/api/capacity/services/${kchtService}`, { as: 'provider', body: { status: 'amber', reason: 'x', resetAfterMinutes: minutes } });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('body.resetAfterMinutes');
    }
    const noReason = await t.request<ErrorReply>('PUT', `/api/capacity/services/${kchtService}`, { as: 'provider', body: { status: 'amber' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('body.reason');
  });

  it('accepts another system with an API token for its organisation only', async () => {
    const { token } = await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'Rota system', organisationId: 'kcht' }));
    const put = (id: number) =>
      t.signpost.app.request(`${ORIGIN}/api/capacity/services/${id}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ status: 'amber', reason: 'Feed says busy' }),
      });
    expect((await put(kchtService)).status).toBe(200);
    expect((await put(ekhuftService)).status).toBe(403);
  });
});

describe('expiry', () => {
  it('counts an expired status as green at once, and resets the record shortly after', async () => {
    await t.request<ApiReply<'/api/capacity/services/{id}', 'put'>>('PUT', `/api/capacity/services/${kchtService}`, { as: 'provider', body: { status: 'red', reason: 'Closed ward', resetAfterMinutes: 15 } });
    t.clock.advance(16 * 60_000);
    const read = await t.request<ApiReply<'/api/capacity/services/{id}'>>('GET', `/api/capacity/services/${kchtService}`, { as: 'callhandler' });
    expect(read.body).toMatchObject({ status: 'green', expired: true });
    expect(await t.signpost.capacity.resetExpired()).toBe(1);
    const history = await t.request<ApiReply<'/api/capacity/services/{id}/history'>>('GET', `/api/capacity/services/${kchtService}/history`, { as: 'commissioner' });
    expect(history.body.history[0]).toMatchObject({ status: 'green', cause: 'expired', reason: 'red expired' });
    expect(history.body.history.map((h: { status: string }) => h.status)).toContain('red');
    expect(await t.signpost.capacity.resetExpired()).toBe(0);
  });
});

describe('live stream', () => {
  it('pushes each change to connected dashboards', async () => {
    const cookie = await t.cookieFor('commissioner');
    const controller = new AbortController();
    const response = await t.signpost.app.request(`${ORIGIN}/api/capacity/stream`, { headers: { cookie }, signal: controller.signal });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const readUntil = async (pattern: RegExp) => {
      while (!pattern.test(received)) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value);
      }
    };
    await readUntil(/event: ready/);
    await t.request<ApiReply<'/api/capacity/services/{id}', 'put'>>('PUT', `/api/capacity/services/${kchtService}`, { as: 'provider', body: { status: 'amber', reason: 'Long waits', resetAfterMinutes: 120 } });
    await readUntil(/Long waits/);
    expect(received).toMatch(/event: capacity.set/);
    expect(received).toMatch(new RegExp(`"serviceId":${kchtService}`));
    controller.abort();
    await reader.cancel().catch(() => undefined);
  });
});
