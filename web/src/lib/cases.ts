// Shapes of the cases and referrals API.
import { ageDaysFromBirth, wholeYears } from '../../../src/directory/age';
import type { Reply } from './api';

export type CaseView = Reply<'/api/cases/{id}'>;
export type Case = CaseView['case'];
export type Patient = Case['patient'];
export type CaseDisposition = NonNullable<Case['disposition']>;
export type RepeatMatch = Case['repeatCaller']['matches'][number];
export type CaseNote = CaseView['notes'][number];
export type SpecialNote = CaseView['specialNotes'][number];
export type QueueEntry = CaseView['queue'][number];
/** A queue entry as the clinical queue lists it: with the patient and the case's problem. */
export type QueueListEntry = Reply<'/api/queue'>['entries'][number];
export type Referral = Reply<'/api/referrals/{id}'>['referral'];
export type TimelineEntry = Reply<'/api/cases/{id}/timeline'>['timeline'][number];
export type CaseSearch = Reply<'/api/cases/{id}/searches', 'post'>;
export type CaseSearchResult = CaseSearch['results'][number];

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
