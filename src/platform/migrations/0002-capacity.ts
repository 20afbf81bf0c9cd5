// Live capacity (RAG status per service) and its full history.
export const up = String.raw`
create table capacity (
  service_id bigint primary key references services (id),
  status text not null check (status in ('green', 'amber', 'red')),
  reason text,
  set_by text,
  set_by_name text,
  set_at timestamptz not null,
  reset_at timestamptz not null
);
create index capacity_reset on capacity (reset_at) where status <> 'green';

create table capacity_history (
  id bigserial primary key,
  service_id bigint not null references services (id),
  status text not null,
  reason text,
  set_by text,
  set_by_name text,
  set_at timestamptz not null,
  reset_at timestamptz not null,
  cause text not null check (cause in ('set', 'expired'))
);
create index capacity_history_service on capacity_history (service_id, id);
create trigger capacity_history_append_only before update or delete on capacity_history
  for each row execute function signpost_append_only();

create index events_gap_summary on events (type, at) where type in ('search.gaps', 'search.unmet_need');
`;
