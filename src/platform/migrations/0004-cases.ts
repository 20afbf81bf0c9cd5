// Cases (one per episode), the clinical queue, case searches and notes, special patient notes.
export const up = String.raw`
create table cases (
  id text primary key,
  status text not null check (status in ('open', 'closed')),
  channel text not null,
  opened_at timestamptz not null,
  opened_by text not null,
  opened_by_org text,
  patient jsonb not null,
  caller jsonb,
  presenting_problem text not null,
  communication_needs jsonb not null default '{}',
  current_location jsonb,
  registered_practice text,
  nhs_number text,
  nhs_number_status text,
  -- normalised demographics for the repeat caller look-back
  match_first_name text,
  match_last_name text,
  match_birth_date date,
  match_sex text,
  match_postcode text,
  disposition jsonb,
  triage_session_ids text[] not null default '{}',
  repeat_caller jsonb not null default '{"status": "none", "matches": []}',
  flags jsonb not null default '[]',
  closed_at timestamptz,
  closed_by text,
  close_reason text,
  updated_at timestamptz not null
);
create index cases_opened on cases (opened_at);
create index cases_nhs_number on cases (nhs_number, opened_at) where nhs_number is not null;
create index cases_match_last_name on cases (match_last_name, opened_at);
create index cases_match_birth_date on cases (match_birth_date, opened_at);
create index cases_match_postcode on cases (match_postcode, opened_at);
create index cases_triage_sessions on cases using gin (triage_session_ids);

create table case_notes (
  id text primary key,
  case_id text not null references cases (id),
  text text not null,
  author_id text not null,
  author_name text not null,
  created_at timestamptz not null
);
create index case_notes_case on case_notes (case_id, created_at);
create trigger case_notes_append_only before update or delete on case_notes
  for each row execute function signpost_append_only();

create table case_searches (
  id text primary key,
  case_id text not null references cases (id),
  request jsonb not null,
  results jsonb not null,
  catch_all boolean not null,
  created_by text not null,
  created_at timestamptz not null
);
create index case_searches_case on case_searches (case_id, created_at);

create table clinical_queue (
  id text primary key,
  case_id text not null references cases (id),
  reasons text[] not null,
  disposition text not null,
  validation_of text,
  status text not null check (status in ('waiting', 'claimed', 'done', 'cancelled')),
  queued_at timestamptz not null,
  due_at timestamptz not null,
  claimed_by text,
  claimed_by_name text,
  claimed_at timestamptz,
  attempts jsonb not null default '[]',
  outcome jsonb,
  finished_at timestamptz,
  finished_by text
);
create unique index clinical_queue_one_open_per_case on clinical_queue (case_id) where status in ('waiting', 'claimed');
create index clinical_queue_due on clinical_queue (due_at) where status in ('waiting', 'claimed');

create table special_patient_notes (
  id text primary key,
  nhs_number text not null,
  category text not null check (category in ('end-of-life', 'long-term-condition', 'safeguarding', 'reasonable-adjustments')),
  title text not null,
  text text not null,
  review_date date not null,
  status text not null check (status in ('active', 'withdrawn')),
  author_id text not null,
  author_name text not null,
  organisation_id text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version int not null
);
create index special_patient_notes_patient on special_patient_notes (nhs_number) where status = 'active';
`;
