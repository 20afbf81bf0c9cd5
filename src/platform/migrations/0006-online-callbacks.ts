// A patient's online call-back request, one per triage session: the row is claimed first in the
// transaction that opens the case and queues it, so a repeated or concurrent request finds it (or
// waits for it) and opens nothing more.
export const up = String.raw`
create table online_callbacks (
  session_id text primary key references triage_sessions (id),
  -- what was asked (a hash of the patient's details): an identical repeat gets the first reply
  request_hash text not null,
  -- set in the same transaction as the claim; never seen empty once committed
  case_id text references cases (id),
  queued boolean not null default false,
  created_at timestamptz not null
);
`;
