// The commissioner's cost model for modelling (issue 13, item 3): tariffs, who delivers what and how
// each organisation is paid. One row per commissioning organisation, replaced whole on each save with
// its version, time and author; the event log keeps every earlier version (cost_model.saved).
export const up = String.raw`
create table cost_models (
  organisation_id text primary key references organisations (id),
  model jsonb not null,
  version int not null,
  updated_at timestamptz not null,
  updated_by text not null,
  updated_by_name text not null
);
`;
