// Calls reported by the telephony platform (POST /api/telephony/calls, issue 14 item 1): one row per
// call id, filled in as its events arrive (offered, then answered or abandoned, then perhaps
// transferred). A case opened for a call links to it. And the demo's simulated history (issue 13
// item 6): one row per history, with how far it has been written, so a restart resumes it.
export const up = String.raw`
create table telephony_calls (
  call_id text primary key,
  organisation_id text not null references organisations (id),
  area_code text,
  offered_at timestamptz not null,
  answered_at timestamptz,
  agent_id text,
  seconds_to_answer double precision,
  abandoned_at timestamptz,
  seconds_to_abandon double precision,
  transferred_at timestamptz,
  transferred_to text,
  updated_at timestamptz not null,
  check (answered_at is null or abandoned_at is null),
  check (transferred_at is null or answered_at is not null)
);
create index telephony_calls_offered on telephony_calls (organisation_id, offered_at);

alter table cases add column call_id text references telephony_calls (call_id);
create index cases_call on cases (call_id) where call_id is not null;

create table demo_history (
  id text primary key,
  seed bigint not null,
  days int not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null check (status in ('running', 'done')),
  days_written int not null default 0,
  counters jsonb not null default '{}',
  written jsonb not null default '{}',
  started_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz
);
`;
