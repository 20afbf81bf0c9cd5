// Messages other systems sent to POST /fhir/$process-message: one row per accepted message, written in
// the same transaction as the case and referral it created (so a repeated X-Request-ID from the same
// organisation is refused by the unique key, and nothing is half-written). The sender's endpoint
// (MessageHeader.source.endpoint) is kept so the receiving service's answer goes back to it.
export const up = String.raw`
create table fhir_inbound_messages (
  id bigserial primary key,
  organisation_id text not null references organisations (id),
  request_id text not null,
  message_id text not null,
  event text not null,
  reason text not null,
  source_endpoint text not null,
  sender_reference text,
  referral_id text references referrals (id),
  case_id text references cases (id),
  received_at timestamptz not null,
  unique (organisation_id, request_id)
);
create index fhir_inbound_messages_referral on fhir_inbound_messages (referral_id);
create index fhir_inbound_messages_reference on fhir_inbound_messages (organisation_id, sender_reference);
`;
