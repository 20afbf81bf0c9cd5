// Triage: content versions under governance (national packs and local overlays) and the sessions
// run on them. Sessions keep their full state, so replay can re-run every one on a new version.
export const up = String.raw`
create table triage_content_versions (
  id text primary key,
  pack_id text not null,
  label text not null,
  -- null = the national pack; set = a local variation (an overlay) for that area
  area_code text references areas (code),
  -- for a local variation: the national version it overlays
  overlay_of text references triage_content_versions (id),
  status text not null check (status in ('draft', 'in_review', 'approved', 'published', 'withdrawn', 'superseded')),
  -- the YAML sources: [{ path, text }]
  files jsonb not null,
  -- the compiled pack the engine runs (for an overlay: base and overlay compiled together)
  compiled jsonb not null,
  -- compiler warnings (errors are never stored: such content is refused)
  problems jsonb not null default '[]',
  -- id@version+hash of the compiled pack: what sessions record and replay compares
  content_version text not null,
  author text not null,
  submitted_by text,
  submitted_at timestamptz,
  reviewer text,
  review_reason text,
  reviewed_at timestamptz,
  approved_at timestamptz,
  published_by text,
  published_at timestamptz,
  superseded_at timestamptz,
  withdrawn_by text,
  withdrawn_at timestamptz,
  withdraw_reason text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check (overlay_of is null or area_code is not null)
);
-- At most one published version per area (and one national).
create unique index triage_content_published on triage_content_versions ((coalesce(area_code, ''))) where status = 'published';
create index triage_content_status on triage_content_versions (status, area_code);

create table triage_sessions (
  id text primary key,
  content_version_id text not null references triage_content_versions (id),
  area_code text references areas (code),
  -- the engine's SessionState (start, answers, trail, outcome …)
  state jsonb not null,
  status text not null check (status in ('in_progress', 'finished')),
  outcome jsonb,
  started_by text not null,
  started_at timestamptz not null,
  updated_at timestamptz not null,
  finished_at timestamptz
);
create index triage_sessions_version on triage_sessions (content_version_id, id);
create index triage_sessions_started on triage_sessions (started_at);
`;
