// What cases need to know from the modules that work a case after the front door (referrals), as one
// interface the referrals module implements and src/app.ts hands to the cases service. It replaces
// hooks registered at run time (decision 0023): a reader follows the case's access rules, the
// closing guard, the end-of-episode message and the case view's referrals from these types.
import type { Actor } from '../platform/actor';
import type { Tx } from '../platform/database';
import type { Referral, ReferralAction } from '../referrals/model';
import type { Case } from './model';

/**
 * How far an actor may go with a case: `work` reads and changes it (notes, searches, onward
 * referral); `read` only reads it (a service whose referral finished, a GP sent the summary).
 */
export type CaseAccess = 'work' | 'read';

/** A referral of the case as the case view lists it: the referral and what may be done with it next. */
export type CaseReferral = Referral & { actions: ReferralAction[] };

/** Work queued inside a transaction to run once it has committed (delivering a message). */
export type AfterCommit = (work: () => Promise<void>) => void;

export interface CaseRelations {
  /**
   * How far the actor's organisation may go with the case because of a referral (decision 0010):
   * null when no referral (and no post-event message) of the case reaches the organisation.
   */
  accessThroughReferral(actor: Actor, caseId: string): Promise<CaseAccess | null>;
  /** Whether the actor's organisation cares for the patient now: it holds an active referral for the NHS number. */
  caresForPatient(actor: Actor, nhsNumber: string): Promise<boolean>;
  /** Inside the closing transaction, before the case closes: throws to refuse (an active referral). */
  assertMayClose(tx: Tx, c: Case): Promise<void>;
  /** Inside the transaction that ends the episode, after the case closed (the post-event message). */
  episodeEnded(tx: Tx, actor: Actor, at: Date, closed: Case, afterCommit: AfterCommit): Promise<void>;
  /** The referrals of the case, oldest first, for the case view. */
  referralsOf(caseId: string): Promise<CaseReferral[]>;
  /** Each listed case's latest referral (for the case list's marks: a rejected one needs the front door). */
  latestReferrals(caseIds: string[]): Promise<Map<string, Referral>>;
}

/** An installation without referrals: nothing grants access, guards closing, or is shown. */
export const NO_RELATIONS: CaseRelations = {
  accessThroughReferral: async () => null,
  caresForPatient: async () => false,
  assertMayClose: async () => {},
  episodeEnded: async () => {},
  referralsOf: async () => [],
  latestReferrals: async () => new Map(),
};
