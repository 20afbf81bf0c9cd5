/**
 * A case as it is opened: one shape for a call handler's case, a professional's referral by need and
 * the demo's history, so they cannot drift apart. Pure.
 */
import type { Actor } from '../platform/actor';
import type { Case } from './model';

export interface OpeningCase {
  id: string;
  channel: Case['channel'];
  at: Date;
  opener: Pick<Actor, 'id' | 'organisationId'>;
  patient: Case['patient'];
  caller: Case['caller'];
  presentingProblem: string;
  communicationNeeds?: Case['communicationNeeds'];
  currentLocation?: Case['currentLocation'];
  flags?: Case['flags'];
  callId?: string | null;
}

export function openedCase(o: OpeningCase): Case {
  return {
    id: o.id,
    status: 'open',
    channel: o.channel,
    openedAt: o.at,
    openedBy: o.opener.id,
    openedByOrg: o.opener.organisationId,
    patient: o.patient,
    caller: o.caller,
    presentingProblem: o.presentingProblem,
    communicationNeeds: o.communicationNeeds ?? null,
    currentLocation: o.currentLocation ?? null,
    disposition: null,
    triageSessionIds: [],
    repeatCaller: { status: 'none', matches: [] },
    flags: o.flags ?? [],
    closedAt: null,
    closedBy: null,
    closeReason: null,
    updatedAt: o.at,
    callId: o.callId ?? null,
  };
}
