// The referrals API: the case side (refer, list) and the receiving side (inbox, accept, reject,
// book, complete), through the typed client.
import { INAPPROPRIATE_REASONS as SERVER_INAPPROPRIATE_REASONS, InappropriateReasonCodes, PASS_OVER_REASONS as SERVER_PASS_OVER_REASONS, PassOverReasonCodes } from '../../../src/referrals/reasons';
import { call, client, type Reply, type RequestBody } from './api';
import type { Referral } from './cases';

export type PassOverCode = NonNullable<RequestBody<'/api/cases/{id}/referrals'>['passedOver']>[number]['reasonCode'];

/** Why a ranked service was passed over: the server's one list (a code it does not know would not compile here). */
export const PASS_OVER_REASONS: Readonly<Record<PassOverCode, string>> = SERVER_PASS_OVER_REASONS;
export const PASS_OVER_CHOICES = PassOverReasonCodes.map((value) => ({ value, label: PASS_OVER_REASONS[value] }));

/** A reason code chosen in a form (anything unknown: 99, other). */
export function passOverCode(text: string): PassOverCode {
  return PassOverReasonCodes.find((code) => code === text) ?? '99';
}

/** A reason code chosen in a form, or undefined while none is chosen (nothing is assumed for the user). */
export function chosenCode(text: string): PassOverCode | undefined {
  return PassOverReasonCodes.find((code) => code === text);
}

/** Why a receiving service rejects a referral: the same national codes, each with its number. */
export const REJECTION_CHOICES = PassOverReasonCodes.map((value) => ({ value, label: `${value} — ${PASS_OVER_REASONS[value]}` }));

export type InappropriateCode = NonNullable<RequestBody<'/api/referrals/{id}/reject'>['inappropriate']>['code'];
export const INAPPROPRIATE_REASONS: Readonly<Record<InappropriateCode, string>> = SERVER_INAPPROPRIATE_REASONS;
export const INAPPROPRIATE_CHOICES = InappropriateReasonCodes.map((value) => ({ value, label: /^[0-9]+$/.test(value) ? `${value} — ${INAPPROPRIATE_REASONS[value]}` : INAPPROPRIATE_REASONS[value] }));
export function inappropriateCode(text: string): InappropriateCode | undefined {
  return InappropriateReasonCodes.find((code) => code === text);
}

/** The organisation's inbox items of one kind, newest first. */
export async function inboxItems(kind: InboxItem['kind'], limit = 200): Promise<InboxItem[]> {
  const { items } = await call(client.GET('/api/inbox', { params: { query: { kind, limit } } }));
  return items;
}

export async function markInboxItemRead(id: number) {
  return call(client.POST('/api/inbox/{id}/read', { params: { path: { id } } }));
}

export type ReferInput = RequestBody<'/api/cases/{id}/referrals'> & { caseId: string };

export async function createReferral(input: ReferInput) {
  const { caseId, ...body } = input;
  return call(client.POST('/api/cases/{id}/referrals', { params: { path: { id: caseId } }, body }));
}

/** A case's referrals. */
export async function referralsOfCase(caseId: string): Promise<Referral[]> {
  const r = await call(client.GET('/api/cases/{id}/referrals', { params: { path: { id: caseId } } }));
  return r.referrals;
}

export type InboxItem = Reply<'/api/inbox'>['items'][number];

export type InboxReferral = Referral & { item: InboxItem };

/**
 * The organisation's referrals as its inbox has them: newest first, one per referral, each with the
 * referral's current state (the inbox message is what arrived; the referral is what it is now).
 */
export async function inboxReferrals(limit = 100): Promise<InboxReferral[]> {
  const { items } = await call(client.GET('/api/inbox', { params: { query: { limit } } }));
  const latest = new Map<string, InboxItem>();
  for (const item of items) if (item.referralId && (item.kind === 'referral' || item.kind === 'referral-update') && !latest.has(item.referralId)) latest.set(item.referralId, item);
  const out = await Promise.all(
    [...latest.entries()].map(async ([id, item]) => {
      const r = await call(client.GET('/api/referrals/{id}', { params: { path: { id } } })).catch(() => null);
      return r ? { ...r.referral, item } : null;
    }),
  );
  return out.filter((r): r is InboxReferral => r !== null);
}

const referral = (id: string) => ({ params: { path: { id } } });

/** What the receiving service (and the referrer, for cancel) can do with a referral; each answers with the referral as it now is. */
export const referralActions = {
  accept: (id: string) => call(client.POST('/api/referrals/{id}/accept', referral(id))),
  reject: (id: string, body: RequestBody<'/api/referrals/{id}/reject'>) => call(client.POST('/api/referrals/{id}/reject', { ...referral(id), body })),
  book: (id: string, body: RequestBody<'/api/referrals/{id}/book'>) => call(client.POST('/api/referrals/{id}/book', { ...referral(id), body })),
  complete: (id: string, body: RequestBody<'/api/referrals/{id}/complete'> = {}) => call(client.POST('/api/referrals/{id}/complete', { ...referral(id), body })),
  didNotAttend: (id: string, body: RequestBody<'/api/referrals/{id}/did-not-attend'> = {}) => call(client.POST('/api/referrals/{id}/did-not-attend', { ...referral(id), body })),
  cancel: (id: string, body: RequestBody<'/api/referrals/{id}/cancel'>) => call(client.POST('/api/referrals/{id}/cancel', { ...referral(id), body })),
};
