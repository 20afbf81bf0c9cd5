// Shapes of the cases and referrals API.
import { ageDaysFromBirth, wholeYears } from '../../../src/directory/age';
import type { SearchOutcome, SearchResult } from './types';

export interface Patient {
  nhsNumber: string | null;
  nhsNumberStatus: string | null;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  sex: 'female' | 'male' | 'other' | 'unknown';
  address: { lines: string[]; town?: string; postcode: string } | null;
  postcode: string | null;
  phone: string | null;
  registeredPractice: string | null;
}
export interface RepeatMatch {
  caseId: string;
  openedAt: string;
  presentingProblem: string;
  disposition: string | null;
  basis: 'nhs-number' | 'demographics';
  matched: string[];
  score: number;
}
export interface CaseDisposition {
  code: string;
  title: string;
  group: string;
  symptomGroup: number | null;
  symptomGroupTitle: string | null;
  symptomDiscriminator: string | null;
  symptomDiscriminatorTitle: string | null;
  source: 'triage' | 'clinician';
  triageSessionId: string | null;
  setAt: string;
  setByName: string;
  dueBy: string | null;
  validation: { by: string; status: 'pending' | 'done' } | null;
  summary: string | null;
  report: { nodeId: string; question: string; answer: string }[];
  careAdvice: string[];
}
export interface Case {
  id: string;
  status: 'open' | 'closed';
  channel: string;
  openedAt: string;
  openedBy: string;
  patient: Patient;
  caller: { relationship: string; name?: string; phone?: string } | null;
  presentingProblem: string;
  communicationNeeds: { language?: string; interpreterRequired: boolean; hearing: boolean; sight: boolean; speech: boolean; notes?: string } | null;
  currentLocation: { postcode: string } | null;
  disposition: CaseDisposition | null;
  triageSessionIds: string[];
  repeatCaller: { status: 'none' | 'repeat' | 'possible' | 'confirmed' | 'not-repeat'; matches: RepeatMatch[] };
  flags: { category: string; text: string }[];
  closedAt: string | null;
  closeReason: string | null;
  updatedAt: string;
}
export interface SpecialNote {
  id: string;
  nhsNumber: string;
  category: string;
  title: string;
  text: string;
  reviewDate: string;
  reviewOverdue: boolean;
  authorName: string;
  organisationId: string;
}
export interface QueueEntry {
  id: string;
  caseId: string;
  reasons: ('callback' | 'validation' | 'repeat-caller')[];
  disposition: string;
  validationOf: string | null;
  status: 'waiting' | 'claimed' | 'done' | 'cancelled';
  queuedAt: string;
  dueAt: string;
  claimedBy: string | null;
  claimedByName: string | null;
  claimedAt: string | null;
  attempts: { at: string; byName: string; result: string; note: string | null }[];
  outcome: { kind: string; disposition: string; summary: string | null; validation: string | null } | null;
  finishedAt: string | null;
  level?: string | null;
  warning?: boolean;
  breached?: boolean;
  patient?: { name: string; dateOfBirth: string; sex: string; phone: string | null };
  presentingProblem?: string | null;
  caseDisposition?: string | null;
  repeatCaller?: string | null;
}
export interface CaseNote {
  id: string;
  text: string;
  authorName: string;
  createdAt: string;
}
export interface Referral {
  id: string;
  caseId: string;
  serviceId: number;
  serviceName: string;
  organisationId: string;
  status: 'requested' | 'accepted' | 'rejected' | 'booked' | 'completed' | 'did-not-attend' | 'cancelled' | 'revoked';
  disposition: string | null;
  summary: string | null;
  referredByName: string;
  appointment: { start: string; end?: string; slotId?: string } | null;
  rejection: { reason: string } | null;
  outcome: string | null;
  requestedAt: string;
  acceptedAt: string | null;
  updatedAt: string;
  finishedAt: string | null;
  [key: string]: unknown;
}
export interface CaseView {
  case: Case;
  notes: CaseNote[];
  specialNotes: SpecialNote[];
  queue: QueueEntry[];
  referrals?: Referral[];
  [section: string]: unknown;
}
export interface TimelineEntry {
  eventId: number;
  at: string;
  type: string;
  kind: string;
  summary: string;
  details: Record<string, unknown>;
}
export type CaseSearchResult = SearchResult & { organisationId: string | null; odsCode: string | null; position: number };
export type CaseSearch = Omit<SearchOutcome, 'results'> & { searchId: string; request: Record<string, unknown>; results: CaseSearchResult[] };

export function patientName(p: Patient): string {
  return `${p.firstName} ${p.lastName}`;
}

/** For display: whole years by the calendar (an 18th birthday is 18), and days lived. */
export function ageOf(dateOfBirth: string, now = new Date()): { years: number; days: number } {
  const dob = new Date(`${dateOfBirth}T00:00:00Z`);
  const days = Math.max(0, Math.floor((now.getTime() - dob.getTime()) / 86_400_000));
  return { years: wholeYears(ageDaysFromBirth(dateOfBirth, now.toISOString().slice(0, 10))), days };
}

export const REFERRAL_STATUS: Record<Referral['status'], [string, 'blue' | 'green' | 'red' | 'grey' | 'aqua-green' | 'orange' | 'purple']> = {
  requested: ['Requested', 'blue'],
  accepted: ['Accepted', 'aqua-green'],
  booked: ['Booked', 'purple'],
  completed: ['Completed', 'green'],
  rejected: ['Rejected', 'red'],
  'did-not-attend': ['Did not attend', 'orange'],
  cancelled: ['Cancelled', 'grey'],
  revoked: ['Revoked', 'grey'],
};
