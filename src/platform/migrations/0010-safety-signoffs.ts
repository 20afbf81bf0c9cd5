// Safety sign-offs (issue 15): publishing content that makes an emergency vignette or a recorded
// session less urgent than the content in use needs a second clinical governance reviewer — not the
// author, not the approver — to sign it off with a reason. One row per sign-off; `findings` keeps
// what was less urgent when they signed, against the version then published (`against_version_id`).
export const up = String.raw`
create table triage_safety_signoffs (
  id text primary key,
  version_id text not null references triage_content_versions (id),
  against_version_id text references triage_content_versions (id),
  signed_by text not null,
  signed_by_name text not null,
  reason text not null check (length(reason) between 1 and 2000),
  findings jsonb not null,
  signed_at timestamptz not null
);
create index triage_safety_signoffs_version on triage_safety_signoffs (version_id, signed_at);
`;
