import { sql, type Selectable } from 'kysely';
import type { Executor } from '../platform/database';
import { ACTIVE_STATUSES, type ReferralStatus } from './lifecycle';
import type { Appointment, Endpoint, InboxItem, InboxKind, OutboxMessage, Referral, Slot } from './model';
import type { Tables } from '../tables';

// ---- referrals ----

type ReferralRow = Pick<Selectable<Tables['referrals']>, 'id' | 'case_id' | 'service_id' | 'service_name' | 'service_type_id' | 'service_ods_code' | 'organisation_id' | 'status' | 'disposition' | 'summary' | 'passed_over' | 'search_id' | 'from_referral_id' | 'referred_by' | 'referred_by_name' | 'referred_by_org' | 'appointment' | 'rejection' | 'inappropriate' | 'outcome' | 'requested_at' | 'accepted_at' | 'updated_at' | 'finished_at'>;

function toReferral(row: ReferralRow): Referral {
  const appointment = row.appointment as (Omit<Appointment, 'start' | 'end'> & { start: string; end: string }) | null;
  return {
    id: row.id,
    caseId: row.case_id,
    serviceId: row.service_id,
    serviceName: row.service_name,
    serviceTypeId: row.service_type_id,
    serviceOdsCode: row.service_ods_code,
    organisationId: row.organisation_id,
    status: row.status as ReferralStatus,
    disposition: row.disposition,
    summary: row.summary,
    passedOver: row.passed_over as Referral['passedOver'],
    searchId: row.search_id,
    fromReferralId: row.from_referral_id,
    referredBy: row.referred_by,
    referredByName: row.referred_by_name,
    referredByOrg: row.referred_by_org,
    appointment: appointment ? { slotId: appointment.slotId, start: new Date(appointment.start), end: new Date(appointment.end) } : null,
    rejection: (row.rejection as Referral['rejection']) ?? null,
    inappropriate: toInappropriate(row.inappropriate),
    outcome: row.outcome,
    requestedAt: row.requested_at,
    acceptedAt: row.accepted_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

function toInappropriate(value: unknown): Referral['inappropriate'] {
  const flag = value as (Omit<NonNullable<Referral['inappropriate']>, 'flaggedAt'> & { flaggedAt: string }) | null;
  return flag ? { ...flag, flaggedAt: new Date(flag.flaggedAt) } : null;
}

function referralValues(r: Referral) {
  return {
    id: r.id,
    case_id: r.caseId,
    service_id: r.serviceId,
    service_name: r.serviceName,
    service_type_id: r.serviceTypeId,
    service_ods_code: r.serviceOdsCode,
    organisation_id: r.organisationId,
    status: r.status,
    disposition: r.disposition,
    summary: r.summary,
    passed_over: JSON.stringify(r.passedOver),
    search_id: r.searchId,
    from_referral_id: r.fromReferralId,
    referred_by: r.referredBy,
    referred_by_name: r.referredByName,
    referred_by_org: r.referredByOrg,
    appointment: r.appointment ? JSON.stringify(r.appointment) : null,
    rejection: r.rejection ? JSON.stringify(r.rejection) : null,
    inappropriate: r.inappropriate ? JSON.stringify(r.inappropriate) : null,
    outcome: r.outcome,
    requested_at: r.requestedAt,
    accepted_at: r.acceptedAt,
    updated_at: r.updatedAt,
    finished_at: r.finishedAt,
  };
}

/** Many referrals in one statement, as `insertReferral` writes each (the demo's history). */
export async function insertReferrals(db: Executor, referrals: Referral[]): Promise<void> {
  if (referrals.length) await db.insertInto('referrals').values(referrals.map(referralValues)).execute();
}

export async function insertReferral(db: Executor, r: Referral): Promise<void> {
  await db.insertInto('referrals').values(referralValues(r)).execute();
}

export async function saveReferral(db: Executor, r: Referral): Promise<void> {
  const { id, ...values } = referralValues(r);
  await db.updateTable('referrals').set(values).where('id', '=', id).execute();
}

export async function findReferral(db: Executor, id: string, forUpdate = false): Promise<Referral | undefined> {
  let q = db.selectFrom('referrals').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toReferral(row);
}

export async function referralsOfCase(db: Executor, caseId: string): Promise<Referral[]> {
  const rows = await db.selectFrom('referrals').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();
  return rows.map(toReferral);
}

/** The latest referral (by when it was made) of each of the cases that has one. */
export async function latestReferralOfCases(db: Executor, caseIds: string[]): Promise<Referral[]> {
  if (!caseIds.length) return [];
  const rows = await db.selectFrom('referrals').selectAll().distinctOn('case_id').where('case_id', 'in', caseIds).orderBy('case_id').orderBy('seq', 'desc').execute();
  return rows.map(toReferral);
}

export async function activeReferral(db: Executor, caseId: string, forUpdate = false): Promise<Referral | undefined> {
  let q = db.selectFrom('referrals').selectAll().where('case_id', '=', caseId).where('status', 'in', ['requested', 'accepted', 'booked']);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row && toReferral(row);
}

/** The same case and service referred since `since`, not withdrawn: a duplicate submission. */
export async function recentDuplicate(db: Executor, caseId: string, serviceId: number, since: Date): Promise<Referral | undefined> {
  const row = await db
    .selectFrom('referrals')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('service_id', '=', serviceId)
    .where('requested_at', '>=', since)
    .where('status', 'not in', ['cancelled', 'revoked'])
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return row && toReferral(row);
}

/** The states of the case's referrals to these organisations. */
export async function referralStatusesTo(db: Executor, caseId: string, organisationIds: string[]): Promise<ReferralStatus[]> {
  if (!organisationIds.length) return [];
  const rows = await db.selectFrom('referrals').select('status').where('case_id', '=', caseId).where('organisation_id', 'in', organisationIds).execute();
  return rows.map((r) => r.status as ReferralStatus);
}

/** Whether one of these organisations was sent the case's post-event message (the patient's GP practice). */
export async function inboxHasPostEventMessage(db: Executor, caseId: string, organisationIds: string[]): Promise<boolean> {
  if (!organisationIds.length) return false;
  const row = await db
    .selectFrom('inbox_items')
    .select('id')
    .where('case_id', '=', caseId)
    .where('organisation_id', 'in', organisationIds)
    .where('kind', '=', 'post-event-message')
    .executeTakeFirst();
  return Boolean(row);
}

/** Whether one of these organisations holds an active referral for a case of this patient. */
export async function activeReferralForPatient(db: Executor, nhsNumber: string, organisationIds: string[]): Promise<boolean> {
  if (!organisationIds.length) return false;
  const row = await db
    .selectFrom('referrals')
    .innerJoin('cases', 'cases.id', 'referrals.case_id')
    .select('referrals.id')
    .where('cases.nhs_number', '=', nhsNumber)
    .where('referrals.organisation_id', 'in', organisationIds)
    .where('referrals.status', 'in', [...ACTIVE_STATUSES])
    .executeTakeFirst();
  return Boolean(row);
}

/**
 * The GP practice with this ODS code, as the directory lists it (read-only: the directory owns the
 * table). Falls back to an organisation with that ODS code.
 */
export async function practiceByOdsCode(db: Executor, odsCode: string): Promise<{ serviceId: number | null; organisationId: string; name: string; endpoints: unknown } | undefined> {
  const service = await db
    .selectFrom('services')
    .select(['id', 'organisation_id', 'name', sql<unknown>`profile->'referralEndpoints'`.as('endpoints')])
    .where(sql<string>`profile->>'odsCode'`, '=', odsCode)
    .where('type_id', '=', 100)
    .where('status', '=', 'active')
    .orderBy('id')
    .executeTakeFirst();
  if (service) return { serviceId: service.id, organisationId: service.organisation_id, name: service.name, endpoints: service.endpoints };
  const org = await db.selectFrom('organisations').select(['id', 'name']).where('ods_code', '=', odsCode).executeTakeFirst();
  return org && { serviceId: null, organisationId: org.id, name: org.name, endpoints: [] };
}

// ---- slots ----

type SlotRow = Pick<Selectable<Tables['slots']>, 'id' | 'service_id' | 'starts_at' | 'ends_at' | 'status' | 'referral_id'>;
const toSlot = (r: SlotRow): Slot => ({ id: r.id, serviceId: r.service_id, start: r.starts_at, end: r.ends_at, status: r.status as Slot['status'], referralId: r.referral_id });

export async function insertSlots(db: Executor, slots: Slot[], createdBy: string, at: Date): Promise<Slot[]> {
  if (!slots.length) return [];
  const rows = await db
    .insertInto('slots')
    .values(slots.map((s) => ({ id: s.id, service_id: s.serviceId, starts_at: s.start, ends_at: s.end, status: s.status, referral_id: s.referralId, created_by: createdBy, created_at: at })))
    .onConflict((oc) => oc.columns(['service_id', 'starts_at']).doNothing())
    .returningAll()
    .execute();
  return rows.map(toSlot);
}

export async function listSlots(db: Executor, serviceId: number, query: { from?: Date; to?: Date; status: string; limit: number }): Promise<Slot[]> {
  let q = db.selectFrom('slots').selectAll().where('service_id', '=', serviceId).orderBy('starts_at').limit(query.limit);
  if (query.status !== 'all') q = q.where('status', '=', query.status);
  if (query.from) q = q.where('starts_at', '>=', query.from);
  if (query.to) q = q.where('starts_at', '<', query.to);
  return (await q.execute()).map(toSlot);
}

export async function findSlot(db: Executor, id: string): Promise<Slot | undefined> {
  const row = await db.selectFrom('slots').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSlot(row);
}

/** Takes a free slot for a referral; undefined when someone else took it first. */
export async function takeSlot(db: Executor, slotId: string, serviceId: number, referralId: string): Promise<Slot | undefined> {
  const row = await db
    .updateTable('slots')
    .set({ status: 'busy', referral_id: referralId })
    .where('id', '=', slotId)
    .where('service_id', '=', serviceId)
    .where('status', '=', 'free')
    .returningAll()
    .executeTakeFirst();
  return row && toSlot(row);
}

/** Deletes a slot only while it is free; undefined when it is booked. */
export async function deleteFreeSlot(db: Executor, slotId: string, serviceId: number): Promise<Slot | undefined> {
  const row = await db.deleteFrom('slots').where('id', '=', slotId).where('service_id', '=', serviceId).where('status', '=', 'free').returningAll().executeTakeFirst();
  return row && toSlot(row);
}

export async function freeSlot(db: Executor, slotId: string, referralId: string): Promise<void> {
  await db.updateTable('slots').set({ status: 'free', referral_id: null }).where('id', '=', slotId).where('referral_id', '=', referralId).execute();
}

// ---- the outbox ----

type OutboxRow = Selectable<Tables['outbox']>;

const toOutbox = (r: OutboxRow): OutboxMessage => ({
  id: r.id,
  messageId: r.message_id,
  destination: r.destination as OutboxMessage['destination'],
  kind: r.kind as InboxKind,
  organisationId: r.organisation_id,
  serviceId: r.service_id,
  endpoint: (r.endpoint as Endpoint | null) ?? null,
  referralId: r.referral_id,
  caseId: r.case_id,
  payload: r.payload as Record<string, unknown>,
  status: r.status as OutboxMessage['status'],
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  leaseId: r.lease_id,
  lockedUntil: r.locked_until,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
});

export type NewOutboxMessage = Pick<OutboxMessage, 'messageId' | 'destination' | 'kind' | 'organisationId' | 'serviceId' | 'endpoint' | 'referralId' | 'caseId' | 'payload' | 'status'>;

export async function enqueue(db: Executor, messages: NewOutboxMessage[], at: Date): Promise<void> {
  if (!messages.length) return;
  await db
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        message_id: m.messageId,
        destination: m.destination,
        kind: m.kind,
        organisation_id: m.organisationId,
        service_id: m.serviceId,
        endpoint: m.endpoint ? JSON.stringify(m.endpoint) : null,
        referral_id: m.referralId,
        case_id: m.caseId,
        payload: JSON.stringify(m.payload),
        status: m.status,
        next_attempt_at: at,
        created_at: at,
      })),
    )
    .execute();
}

/** Pending in-app deliveries, locked for the caller's transaction (other workers skip them). */
export async function lockPendingInbox(db: Executor, limit: number, messageIds?: string[]): Promise<OutboxMessage[]> {
  let q = db.selectFrom('outbox').selectAll().where('destination', '=', 'inbox').where('status', '=', 'pending').orderBy('id').limit(limit).forUpdate().skipLocked();
  if (messageIds) q = q.where('message_id', 'in', messageIds.length ? messageIds : ['-']);
  return (await q.execute()).map(toOutbox);
}

/**
 * Claims due external deliveries with a lease: each claimed row gets this lease id and is left alone
 * by other workers until the lease ends (a worker killed mid-delivery loses its claim that way).
 */
export async function claimDueEndpoints(db: Executor, now: Date, leaseId: string, leaseUntil: Date, limit: number): Promise<OutboxMessage[]> {
  const due = await db
    .selectFrom('outbox')
    .select('id')
    .where('destination', '=', 'endpoint')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (!due.length) return [];
  const rows = await db
    .updateTable('outbox')
    .set((eb) => ({ lease_id: leaseId, locked_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', due.map((d) => d.id))
    .returningAll()
    .execute();
  return rows.map(toOutbox).sort((a, b) => a.id - b.id);
}

export async function markDelivered(db: Executor, id: number, at: Date, leaseId: string | null): Promise<boolean> {
  let q = db.updateTable('outbox').set({ status: 'delivered', delivered_at: at, locked_until: null, last_error: null }).where('id', '=', id).where('status', '=', 'pending');
  if (leaseId) q = q.where('lease_id', '=', leaseId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markRetry(db: Executor, id: number, leaseId: string, nextAttemptAt: Date, error: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ next_attempt_at: nextAttemptAt, locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .where('lease_id', '=', leaseId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markFailed(db: Executor, id: number, leaseId: string, error: string): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set({ status: 'failed', locked_until: null, last_error: error.slice(0, 1000) })
    .where('id', '=', id)
    .where('lease_id', '=', leaseId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Held external messages (external delivery was off) become pending when it is switched on. */
export async function releaseHeld(db: Executor, at: Date): Promise<number> {
  const result = await db.updateTable('outbox').set({ status: 'pending', next_attempt_at: at }).where('status', '=', 'held').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function listOutbox(db: Executor, query: { status?: string; referralId?: string; limit: number }): Promise<OutboxMessage[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(query.limit);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.referralId) q = q.where('referral_id', '=', query.referralId);
  return (await q.execute()).map(toOutbox);
}

/** When the soonest pending external delivery is due (for the worker's timer). */
export async function nextDue(db: Executor): Promise<Date | null> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('next_attempt_at').as('next'))
    .where('destination', '=', 'endpoint')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return row?.next ? new Date(row.next as Date) : null;
}

// ---- inboxes ----

type InboxRow = Selectable<Tables['inbox_items']>;

const toInbox = (r: InboxRow): InboxItem => ({
  id: r.id,
  messageId: r.message_id,
  organisationId: r.organisation_id,
  serviceId: r.service_id,
  kind: r.kind as InboxKind,
  referralId: r.referral_id,
  caseId: r.case_id,
  summary: r.summary as Record<string, unknown>,
  createdAt: r.created_at,
  readAt: r.read_at,
  readBy: r.read_by,
});

/**
 * Puts an in-app message in its inbox once (a second delivery of the same message id adds nothing)
 * and marks it delivered in the outbox, in one statement: one round trip inside the delivering
 * transaction. The item is undefined if the inbox had it already.
 */
export async function deliverToInbox(db: Executor, m: OutboxMessage, at: Date): Promise<InboxItem | undefined> {
  const row = await db
    .with('delivered', (d) => d.updateTable('outbox').set({ status: 'delivered', delivered_at: at, locked_until: null, last_error: null }).where('id', '=', m.id).where('status', '=', 'pending').returning('id'))
    .insertInto('inbox_items')
    .values({
      message_id: m.messageId,
      organisation_id: m.organisationId!,
      service_id: m.serviceId,
      kind: m.kind,
      referral_id: m.referralId,
      case_id: m.caseId,
      summary: JSON.stringify(m.payload),
      created_at: at,
    })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toInbox(row);
}

export async function listInbox(db: Executor, query: { organisationIds: string[]; kind?: string; unread?: boolean; after?: number; limit: number }): Promise<InboxItem[]> {
  let q = db
    .selectFrom('inbox_items')
    .selectAll()
    .where('organisation_id', 'in', query.organisationIds.length ? query.organisationIds : ['-'])
    .orderBy('id', 'desc')
    .limit(query.limit);
  if (query.kind) q = q.where('kind', '=', query.kind);
  if (query.unread) q = q.where('read_at', 'is', null);
  if (query.after) q = q.where('id', '>', query.after);
  return (await q.execute()).map(toInbox);
}

export async function findInboxItem(db: Executor, id: number): Promise<InboxItem | undefined> {
  const row = await db.selectFrom('inbox_items').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toInbox(row);
}

export async function markRead(db: Executor, id: number, by: string, at: Date): Promise<void> {
  await db.updateTable('inbox_items').set({ read_at: at, read_by: by }).where('id', '=', id).where('read_at', 'is', null).execute();
}

export async function inboxCount(db: Executor, messageId: string): Promise<number> {
  const row = await db.selectFrom('inbox_items').select((eb) => eb.fn.countAll().as('n')).where('message_id', '=', messageId).executeTakeFirst();
  return Number(row?.n ?? 0);
}
