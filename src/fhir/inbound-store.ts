/** SQL for messages received at POST /fhir/$process-message (table fhir_inbound_messages, migration 0010). */
import type { Executor } from '../platform/database';

export interface InboundRecord {
  organisationId: string;
  requestId: string;
  messageId: string;
  event: string;
  reason: string;
  sourceEndpoint: string;
  senderReference: string | null;
  referralId: string | null;
  caseId: string | null;
  receivedAt: Date;
}

/** Whether this organisation already sent a message with this X-Request-ID. */
export async function requestSeen(db: Executor, organisationId: string, requestId: string): Promise<boolean> {
  const row = await db.selectFrom('fhir_inbound_messages').select('id').where('organisation_id', '=', organisationId).where('request_id', '=', requestId).executeTakeFirst();
  return Boolean(row);
}

export async function insertInbound(db: Executor, r: InboundRecord): Promise<void> {
  await db
    .insertInto('fhir_inbound_messages')
    .values({
      organisation_id: r.organisationId,
      request_id: r.requestId,
      message_id: r.messageId,
      event: r.event,
      reason: r.reason,
      source_endpoint: r.sourceEndpoint,
      sender_reference: r.senderReference,
      referral_id: r.referralId,
      case_id: r.caseId,
      received_at: r.receivedAt,
    })
    .execute();
}

/** The referral an earlier `new` message from this organisation created, by the sender's own reference to it. */
export async function referralOfSenderReference(db: Executor, organisationId: string, senderReference: string): Promise<{ referralId: string; caseId: string } | undefined> {
  const row = await db
    .selectFrom('fhir_inbound_messages')
    .select(['referral_id', 'case_id'])
    .where('organisation_id', '=', organisationId)
    .where('sender_reference', '=', senderReference)
    .where('reason', '=', 'new')
    .where('referral_id', 'is not', null)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.referral_id && row.case_id ? { referralId: row.referral_id, caseId: row.case_id } : undefined;
}

/** The message that brought a referral in (where its answers go back), if it came in that way. */
export async function originOfReferral(db: Executor, referralId: string): Promise<{ messageId: string; sourceEndpoint: string; event: string } | undefined> {
  const row = await db
    .selectFrom('fhir_inbound_messages')
    .select(['message_id', 'source_endpoint', 'event'])
    .where('referral_id', '=', referralId)
    .where('reason', '=', 'new')
    .orderBy('id', 'asc')
    .executeTakeFirst();
  return row && { messageId: row.message_id, sourceEndpoint: row.source_endpoint, event: row.event };
}
