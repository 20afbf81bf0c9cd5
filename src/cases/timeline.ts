/**
 * A case's timeline, built from the event log: every event whose subject ids include the case (or a
 * triage session linked to it), in order, each with a sentence a person can read. Pure.
 */
import type { StoredEvent } from '../platform/events';

export interface TimelineEntry {
  eventId: number;
  at: Date;
  type: string;
  /** triage, search, referral, call, note, queue, case, delivery … */
  kind: string;
  actorId: string | null;
  summary: string;
  details: Record<string, unknown>;
}

const str = (value: unknown) => (value === undefined || value === null ? '' : String(value));

const DESCRIBE: Record<string, (p: Record<string, unknown>) => string> = {
  'case.opened': (p) => `Case opened (${str(p.channel)}) by ${str(p.by)}`,
  'case.updated': (p) => `Case details changed: ${(p.fields as string[] | undefined)?.join(', ') ?? ''}`,
  'case.triage_linked': (p) => `Triage session ${str(p.sessionId)} linked`,
  'case.disposition_set': (p) =>
    `Disposition ${str(p.code)} (${str(p.title)}) from ${p.source === 'clinician' ? 'a clinician' : 'triage'}${p.validation ? `; validation call-back ${str(p.validation)}` : ''}`,
  'case.searched': (p) => `Directory search for ${str(p.disposition)}: ${str(p.results)} services${p.catchAll ? ' (catch-all)' : ''}`,
  'case.note_added': (p) => `Note by ${str(p.by)}`,
  'case.repeat_caller_detected': (p) => `${p.status === 'repeat' ? 'Repeat caller' : 'Possible repeat caller'}: ${str((p.matches as unknown[] | undefined)?.length)} earlier contact(s) in 96 hours`,
  'case.repeat_caller_decided': (p) => `Repeat caller ${p.decision === 'confirm' ? 'confirmed' : 'ruled out'} by ${str(p.by)}`,
  'case.closed': (p) => `Case closed: ${str(p.reason)}`,
  'queue.entry_added': (p) => `Added to the clinical queue (${(p.reasons as string[] | undefined)?.join(', ') ?? ''}, ${str(p.disposition)}), due ${str(p.dueAt)}`,
  'queue.claimed': (p) => `Claimed by ${str(p.by)}`,
  'queue.released': (p) => `Released back to the queue by ${str(p.by)}`,
  'queue.call_attempted': (p) => `Call attempt by ${str(p.by)}: ${str(p.result)}`,
  'queue.outcome_recorded': (p) => `Clinician outcome ${str(p.disposition)}${p.kind === 'retriage' ? ' after re-triage' : ''}${p.validation ? ` (validation: ${str(p.validation)})` : ''}`,
  'queue.cancelled': (p) => `Taken off the clinical queue: ${str(p.reason)}`,
  'triage.session_started': () => 'Triage started',
  'triage.answered': (p) => `Triage question answered (${str(p.nodeId)})`,
  'triage.answer_changed': (p) => `Triage answer changed (${str(p.nodeId)})`,
  'triage.went_back': () => 'Triage went back a question',
  'triage.pathway_chosen': (p) => `Triage pathway chosen: ${str(p.pathwayId)}`,
  'triage.finished': (p) => `Triage finished: ${str(p.disposition)} (SG ${str(p.symptomGroup)}, SD ${str(p.symptomDiscriminator)})`,
  'referral.requested': (p) => `${p.onward ? 'Onward referral' : 'Referral'} to ${str(p.serviceName)}`,
  'referral.accepted': (p) => `Referral accepted by ${str(p.serviceName)}`,
  'referral.rejected': (p) => `Referral rejected by ${str(p.serviceName)}: ${str(p.reason)}`,
  'referral.booked': (p) => `Appointment booked at ${str(p.serviceName)} for ${str(p.start)}`,
  'referral.completed': (p) => `Referral to ${str(p.serviceName)} completed${p.outcome ? ` (${str(p.outcome)})` : ''}`,
  'referral.did_not_attend': (p) => `Did not attend ${str(p.serviceName)}`,
  'referral.cancelled': (p) => `Referral to ${str(p.serviceName)} cancelled: ${str(p.reason)}`,
  'referral.revoked': (p) => `Referral to ${str(p.serviceName)} revoked (re-referred)`,
  'referral.message_delivered': (p) => `${str(p.kind)} message delivered to ${p.destination === 'inbox' ? 'the in-app inbox' : 'the external endpoint'}`,
  'referral.delivery_failed': (p) => `${str(p.kind)} message could not be delivered: ${str(p.error)}`,
  'inbox.item_added': (p) => `${str(p.kind)} delivered to the in-app inbox of ${str(p.organisationId)}`,
  'post_event.sent': (p) => `Post-event message sent to GP practice ${str(p.practice)}`,
  'post_event.not_sent': (p) => `No post-event message: ${str(p.reason)}`,
};

export function kindOf(type: string): string {
  if (type.startsWith('triage.')) return 'triage';
  if (type === 'case.searched') return 'search';
  if (type === 'case.note_added') return 'note';
  if (type === 'queue.call_attempted') return 'call';
  if (type.startsWith('queue.')) return 'queue';
  if (type.startsWith('referral.message') || type.startsWith('referral.delivery') || type.startsWith('inbox.')) return 'delivery';
  if (type.startsWith('referral.')) return 'referral';
  if (type.startsWith('post_event.')) return 'post-event';
  return 'case';
}

export function timelineEntry(event: StoredEvent): TimelineEntry {
  const describe = DESCRIBE[event.type];
  return {
    eventId: event.id,
    at: event.at,
    type: event.type,
    kind: kindOf(event.type),
    actorId: event.actorId,
    summary: describe ? describe(event.payload) : event.type,
    details: event.payload,
  };
}

/** The timeline in event order. */
export function buildTimeline(events: StoredEvent[]): TimelineEntry[] {
  return [...events].sort((a, b) => a.id - b.id).map(timelineEntry);
}
