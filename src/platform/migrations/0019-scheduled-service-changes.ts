// Directory changes that take effect from a future date (docs/decisions/0034). A change may carry
// `effective_from`; approved before that instant it is 'scheduled', and the scheduler applies it
// then, claiming it with UPDATE … SET status = 'approved' WHERE status = 'scheduled' in the same
// transaction as the service's new version, so two processes on one database apply it once.
// `applied_at` is when a change's new version was written; a scheduled change that could no longer
// apply on its date (its sections changed since) becomes 'lapsed' with `lapsed_reason`.
export const up = String.raw`
alter table service_changes add column effective_from timestamptz;
alter table service_changes add column applied_at timestamptz;
alter table service_changes add column lapsed_reason text;
alter table service_changes drop constraint service_changes_status_check;
alter table service_changes add constraint service_changes_status_check
  check (status in ('pending', 'scheduled', 'approved', 'rejected', 'withdrawn', 'lapsed'));
update service_changes set applied_at = decided_at where status = 'approved';
create index service_changes_scheduled on service_changes (effective_from) where status = 'scheduled';
`;
