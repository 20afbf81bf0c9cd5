// Referrals, appointment slots, the delivery outbox and the in-app inboxes it delivers to.
export const up = String.raw`
create table referrals (
  id text primary key,
  seq bigserial not null,
  case_id text not null references cases (id),
  service_id bigint not null references services (id),
  service_name text not null,
  service_type_id int not null,
  service_ods_code text,
  organisation_id text not null,
  status text not null check (status in ('requested', 'accepted', 'rejected', 'booked', 'completed', 'did-not-attend', 'cancelled', 'revoked')),
  disposition text,
  summary text,
  passed_over jsonb not null default '[]',
  search_id text,
  from_referral_id text references referrals (id),
  referred_by text not null,
  referred_by_name text not null,
  referred_by_org text,
  appointment jsonb,
  rejection jsonb,
  outcome text,
  requested_at timestamptz not null,
  accepted_at timestamptz,
  updated_at timestamptz not null,
  finished_at timestamptz
);
create unique index referrals_one_active_per_case on referrals (case_id) where status in ('requested', 'accepted', 'booked');
create index referrals_case on referrals (case_id, seq);
create index referrals_organisation on referrals (organisation_id, requested_at);

create table slots (
  id text primary key,
  service_id bigint not null references services (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  status text not null check (status in ('free', 'busy')),
  referral_id text references referrals (id),
  created_by text not null,
  created_at timestamptz not null,
  unique (service_id, starts_at)
);
create index slots_service_free on slots (service_id, starts_at) where status = 'free';

create table outbox (
  id bigserial primary key,
  message_id text not null,
  destination text not null check (destination in ('inbox', 'endpoint')),
  kind text not null,
  organisation_id text,
  service_id bigint,
  endpoint jsonb,
  referral_id text,
  case_id text,
  payload jsonb not null,
  status text not null check (status in ('pending', 'held', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  lease_id text,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  delivered_at timestamptz,
  unique (message_id, destination)
);
create index outbox_due on outbox (destination, next_attempt_at) where status = 'pending';

create table inbox_items (
  id bigserial primary key,
  message_id text not null unique,
  organisation_id text not null,
  service_id bigint,
  kind text not null,
  referral_id text,
  case_id text,
  summary jsonb not null,
  created_at timestamptz not null,
  read_at timestamptz,
  read_by text
);
create index inbox_items_organisation on inbox_items (organisation_id, id);
`;
