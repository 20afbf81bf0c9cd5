/**
 * A referral as it is first requested: one shape for the call handler's referral, a professional's
 * referral by need and the demo's history, so the three cannot drift apart. Pure.
 */
import type { Actor } from '../platform/actor';
import type { Referral } from './model';

export interface RequestedReferral {
  id: string;
  caseId: string;
  service: { id: number; name: string; typeId: number; odsCode?: string | null; organisationId: string };
  referrer: Pick<Actor, 'id' | 'name' | 'organisationId'>;
  at: Date;
  /** The triage outcome it is for; null for a referral by need (what is needed is in its summary). */
  disposition: string | null;
  summary: string | null;
  passedOver?: Referral['passedOver'];
  searchId?: string | null;
}

export function requestedReferral(r: RequestedReferral): Referral {
  return {
    id: r.id,
    caseId: r.caseId,
    serviceId: r.service.id,
    serviceName: r.service.name,
    serviceTypeId: r.service.typeId,
    serviceOdsCode: r.service.odsCode ?? null,
    organisationId: r.service.organisationId,
    status: 'requested',
    disposition: r.disposition,
    summary: r.summary,
    passedOver: r.passedOver ?? [],
    searchId: r.searchId ?? null,
    fromReferralId: null,
    referredBy: r.referrer.id,
    referredByName: r.referrer.name,
    referredByOrg: r.referrer.organisationId,
    appointment: null,
    rejection: null,
    inappropriate: null,
    outcome: null,
    requestedAt: r.at,
    acceptedAt: null,
    updatedAt: r.at,
    finishedAt: null,
  };
}
