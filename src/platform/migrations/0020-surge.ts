// Surge detection (issue 13 item 5): the commissioners' triggers (one current set) and each area's
// escalation level as last evaluated, so every process and dashboard reads the same level and a
// change is announced once.
export const up = String.raw`
create table surge_triggers (
  id text primary key check (id = 'current'),
  triggers jsonb not null,
  updated_at timestamptz not null,
  updated_by text not null,
  updated_by_name text not null
);

create table escalation_status (
  area_code text primary key,
  level int not null check (level between 1 and 4),
  reasons jsonb not null default '[]',
  since timestamptz not null,
  evaluated_at timestamptz not null
);
`;
