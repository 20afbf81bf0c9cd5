/**
 * BaRS response messages: the reply to a message another system sent to `$process-message`, and each
 * later answer of the receiving service (accepted, rejected, booked, completed) sent back to it. The
 * same Bundle as an outbound referral (src/referrals/fhir.ts builds it), with the MessageHeader saying
 * which message it answers (`response.identifier` is that message's Bundle.id). Pure.
 */
import type { Bundle, MessageHeader } from '@medplum/fhirtypes';
import { messageBundle, type MessageInput } from '../referrals/fhir';

export interface ResponseInput extends MessageInput {
  /** Bundle.id of the message answered */
  respondingTo: string;
  code: 'ok' | 'transient-error' | 'fatal-error';
}

export function responseBundle(input: ResponseInput): Bundle {
  const bundle = messageBundle(input);
  const header = bundle.entry![0].resource as MessageHeader;
  header.response = { identifier: input.respondingTo, code: input.code };
  return bundle;
}
