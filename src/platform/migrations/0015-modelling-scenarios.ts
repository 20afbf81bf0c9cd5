// Modelling scenarios and their runs (issue 13, item 4). A scenario is a named set of changes to the
// baseline, owned by a commissioner and optionally shared with all commissioners; its settings and
// changes are one JSON document (checked by the route's schema). A run keeps the scenario as it was
// run, its progress (replications done of the total), its state, and its results as JSON. A run may be
// started by a person or by Signpost itself (the CLI), so started_by is an actor id, not a user.
export const up = String.raw`
create table modelling_scenarios (
  id text primary key,
  name text not null,
  description text not null,
  owner_id text not null references users (id),
  shared boolean not null,
  definition jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index modelling_scenarios_owner on modelling_scenarios (owner_id);

create table modelling_runs (
  id text primary key,
  scenario_id text not null references modelling_scenarios (id) on delete cascade,
  scenario jsonb not null,
  status text not null check (status in ('queued', 'running', 'done', 'cancelled', 'failed')),
  replications int not null check (replications between 1 and 1000),
  done int not null check (done >= 0),
  started_by text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  error text,
  results jsonb
);
create index modelling_runs_scenario on modelling_runs (scenario_id, started_at desc);
`;
