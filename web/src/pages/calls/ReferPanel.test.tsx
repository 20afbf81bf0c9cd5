// @vitest-environment happy-dom
// Referring from a case search: each service ranked above the one chosen needs a reason the user
// picks (nothing is assumed), and a published slot can be booked with the referral.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CaseSearch } from '../../lib/cases';
import { ReferPanel } from './ReferPanel';
import { sortResponses } from './Responses';
import { byAttention } from './CaseList';

const result = (serviceId: number, position: number, name: string) =>
  ({ serviceId, position, name, publicName: name, typeId: 135, typeName: 'UTC', distanceKm: 1, rank: position, tier: 'commissioned', openNow: true, opensAt: null, closesAt: null, organisationId: 'org', odsCode: null }) as unknown as CaseSearch['results'][number];
const search = { searchId: 'srch_1', results: [result(1, 1, 'First UTC'), result(2, 2, 'Second UTC'), result(3, 3, 'Bookable clinic')] } as unknown as CaseSearch;
const SLOT = { id: 'slot_00000000-0000-0000-0000-000000000001', serviceId: 3, start: '2026-11-20T09:00:00Z', end: '2026-11-20T09:15:00Z', status: 'free', referralId: null };
const posted: { path: string; body: unknown }[] = [];

beforeEach(() => {
  posted.length = 0;
  vi.stubGlobal('fetch', async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST') {
      const body = JSON.parse(await request.text());
      posted.push({ path, body });
      return new Response(JSON.stringify({ referral: { id: 'ref_1', serviceName: 'Bookable clinic', appointment: null }, duplicate: false, revoked: null, completedOnward: null }), { status: 201, headers: { 'content-type': 'application/json' } });
    }
    const reply = path === '/api/services/3/slots' ? { slots: [SLOT] } : { slots: [] };
    return new Response(JSON.stringify(reply), { status: 200, headers: { 'content-type': 'application/json' } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the referral panel', () => {
  it('asks why each service above was passed over, then sends the reasons and the slot chosen', async () => {
    const onSent = vi.fn();
    render(<ReferPanel caseId="case_1" search={search} chosen={search.results[2]} onSent={onSent} onCancel={() => undefined} />);
    const first = screen.getByLabelText('Why not 1. First UTC?') as HTMLSelectElement;
    const second = screen.getByLabelText('Why not 2. Second UTC?') as HTMLSelectElement;
    expect(first.value).toBe('');
    await screen.findByLabelText(/^Fri 20 Nov|20 Nov/);
    fireEvent.click(screen.getByRole('button', { name: 'Send referral' }));
    expect(posted).toHaveLength(0);
    expect(screen.getByText('Say why First UTC was passed over')).toBeTruthy();

    fireEvent.change(first, { target: { value: '42' } });
    fireEvent.change(second, { target: { value: '22' } });
    fireEvent.click(screen.getByLabelText(/20 Nov/));
    fireEvent.click(screen.getByRole('button', { name: 'Send referral and book' }));
    await waitFor(() => expect(onSent).toHaveBeenCalled());
    expect(posted[0]).toEqual({
      path: '/api/cases/case_1/referrals',
      body: { serviceId: 3, searchId: 'srch_1', passedOver: [{ serviceId: 1, reasonCode: '42' }, { serviceId: 2, reasonCode: '22' }], slotId: SLOT.id },
    });
  });
});

describe('what must not be missed comes first', () => {
  it('responses: an unread end-of-life rejection, then other unread rejections, then the rest', () => {
    const item = (id: number, status: string, endOfLife: boolean, readAt: string | null, createdAt: string) => ({ id, readAt, createdAt, summary: { status, endOfLife } }) as unknown as Parameters<typeof sortResponses>[0][number];
    const sorted = sortResponses([item(1, 'accepted', false, null, '2026-11-18T10:05:00Z'), item(2, 'rejected', false, null, '2026-11-18T10:04:00Z'), item(3, 'rejected', true, null, '2026-11-18T10:00:00Z'), item(4, 'rejected', true, '2026-11-18T10:06:00Z', '2026-11-18T10:01:00Z')]);
    expect(sorted.map((i) => i.id)).toEqual([3, 2, 1, 4]);
  });

  it('cases: an end-of-life patient’s rejected referral, then other rejected ones, then newest first', () => {
    const c = (id: string, referralRejected: boolean, endOfLife: boolean, openedAt: string) => ({ id, openedAt, attention: { referralRejected, endOfLife, latestReferral: null } }) as unknown as Parameters<typeof byAttention>[0][number];
    expect(byAttention([c('a', false, true, '2026-11-18T10:03:00Z'), c('b', true, false, '2026-11-18T10:02:00Z'), c('c', true, true, '2026-11-18T10:00:00Z'), c('d', false, false, '2026-11-18T10:04:00Z')]).map((x) => x.id)).toEqual(['c', 'b', 'd', 'a']);
  });
});
