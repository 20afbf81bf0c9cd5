// The referrals API: the case side (refer, list) and the receiving side (inbox, accept, reject,
// book, complete). Paths in one place.
import { api, query } from './api';
import type { CaseView, Referral } from './cases';

export const PASS_OVER_REASONS: Record<string, string> = {
  '26': 'Patient choice',
  '21': 'Transport',
  '22': 'Capacity',
  '23': 'Not clinically appropriate',
  '24': 'Service declined',
  '27': 'Not contactable',
  '31': 'No appointments',
  '32': 'Appointments unsuitable',
  '40': 'Not eligible',
  '41': 'Requested home visit',
  '42': 'Distance',
  '99': 'Other',
};

export const REFERRAL_PATHS = {
  refer: (caseId: string) => `/api/cases/${caseId}/referrals`,
  ofCase: (caseId: string) => `/api/cases/${caseId}/referrals`,
  one: (id: string) => `/api/referrals/${id}`,
  list: '/api/referrals',
  action: (id: string, action: string) => `/api/referrals/${id}/${action}`,
  inbox: '/api/inbox',
  inboxStream: '/api/inbox/stream',
  inboxRead: (id: number) => `/api/inbox/${id}/read`,
  slots: (serviceId: number) => `/api/services/${serviceId}/slots`,
};

export interface ReferInput {
  caseId: string;
  serviceId: number;
  searchId?: string;
  passedOver?: { serviceId: number; reasonCode: string; note?: string }[];
  summary?: string;
  disposition?: string;
  slotId?: string;
}

export async function createReferral(input: ReferInput): Promise<{ referral: Referral }> {
  const { caseId, ...body } = input;
  return api<{ referral: Referral }>(REFERRAL_PATHS.refer(caseId), { body });
}

/** A case's referrals: from the case view when it carries them, else asked for. */
export async function referralsOfCase(caseId: string, view?: CaseView): Promise<Referral[]> {
  if (view && Array.isArray(view.referrals)) return view.referrals;
  const r = await api<{ referrals: Referral[] }>(REFERRAL_PATHS.ofCase(caseId));
  return r.referrals;
}

export interface InboxItem {
  id: number;
  kind: 'referral' | 'referral-update' | 'referral-response' | 'post-event-message';
  referralId: string | null;
  caseId: string | null;
  serviceId: number | null;
  summary: {
    serviceName?: string;
    status?: string;
    disposition?: string | null;
    dueBy?: string | null;
    patient?: { name?: string; dateOfBirth?: string; sex?: string };
    presentingProblem?: string;
    from?: { name?: string; organisation?: string };
    onward?: boolean;
    flags?: string[];
    [key: string]: unknown;
  };
  createdAt: string;
  readAt: string | null;
}

export interface InboxReferral extends Referral {
  item: InboxItem;
}

/**
 * The organisation's referrals as its inbox has them: newest first, one per referral, each with the
 * referral's current state (the inbox message is what arrived; the referral is what it is now).
 */
export async function inboxReferrals(limit = 100): Promise<InboxReferral[]> {
  const { items } = await api<{ items: InboxItem[] }>(`${REFERRAL_PATHS.inbox}${query({ limit })}`);
  const latest = new Map<string, InboxItem>();
  for (const item of items) if (item.referralId && (item.kind === 'referral' || item.kind === 'referral-update') && !latest.has(item.referralId)) latest.set(item.referralId, item);
  const out = await Promise.all(
    [...latest.values()].map(async (item) => {
      const r = await api<{ referral: Referral }>(REFERRAL_PATHS.one(item.referralId!)).catch(() => null);
      return r ? { ...r.referral, item } : null;
    }),
  );
  return out.filter((r): r is InboxReferral => r !== null);
}

export async function referralAction(id: string, action: 'accept' | 'reject' | 'book' | 'complete' | 'did-not-attend' | 'cancel', body: unknown = {}): Promise<Referral> {
  const r = await api<Record<string, unknown>>(REFERRAL_PATHS.action(id, action), { body });
  return (r.referral ?? r) as Referral;
}
