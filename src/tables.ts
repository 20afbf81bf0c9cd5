import type { ColumnType, Generated } from 'kysely';

// Kysely's view of every table, in one place so the query builder type-checks joins across modules.
// Each block mirrors a migration in platform/migrations.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface Tables {
  events: {
    id: Generated<number>;
    type: string;
    at: Timestamp;
    actor_id: string | null;
    actor_kind: string;
    subject_type: string;
    subject_ids: string[];
    payload: Json<Record<string, unknown>>;
  };
  audit_log: {
    id: Generated<number>;
    at: Timestamp;
    actor_id: string | null;
    actor_kind: string;
    organisation_id: string | null;
    action: string;
    subject_type: string;
    subject_id: string | null;
    patient_data: boolean;
    details: Json<Record<string, unknown>>;
    request_id: string | null;
  };
  idempotency_keys: {
    actor_id: string;
    key: string;
    method: string;
    path: string;
    request_hash: string;
    status: number | null;
    response: Json<unknown> | null;
    created_at: Timestamp;
  };
  organisations: {
    id: string;
    name: string;
    kind: string;
    ods_code: string | null;
    parent_id: string | null;
    created_at: Timestamp;
  };
  users: {
    id: string;
    username: string;
    display_name: string;
    email: string | null;
    organisation_id: string;
    roles: string[];
    password_hash: string;
    active: Generated<boolean>;
    failed_logins: Generated<number>;
    last_failed_login_at: Timestamp | null;
    created_at: Timestamp;
  };
  user_sessions: {
    id: string;
    user_id: string;
    created_at: Timestamp;
    expires_at: Timestamp;
  };
  api_tokens: {
    id: string;
    organisation_id: string;
    name: string;
    token_hash: string;
    roles: string[];
    created_by: string | null;
    created_at: Timestamp;
    revoked_at: Timestamp | null;
    last_used_at: Timestamp | null;
  };
  areas: { code: string; name: string; nation: string; region: string | null };
  postcode_districts: {
    district: string;
    lat: number;
    lon: number;
    area_code: string | null;
    town: string | null;
    population: number | null;
  };
  postcodes: { postcode: string; lat: number; lon: number; area_code: string | null; nation: string | null };
  search_distance_rules: { scope: string; key: string; km: number };
  bank_holiday_overrides: { nation: string; date: string; kind: string; name: string | null };
  services: {
    id: Generated<number>;
    version: number;
    type_id: number;
    status: string;
    organisation_id: string;
    parent_id: number | null;
    name: string;
    public_name: string;
    postcode: string;
    lat: number;
    lon: number;
    area_code: string | null;
    nation: string;
    profile: Json<unknown>;
    last_verified_at: Timestamp | null;
    next_verification_due: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  service_versions: {
    service_id: number;
    version: number;
    snapshot: Json<unknown>;
    diff: Json<unknown>;
    reason: string;
    change_id: string | null;
    changed_by: string | null;
    changed_at: Timestamp;
  };
  service_changes: {
    id: string;
    service_id: number | null;
    kind: string;
    proposal: Json<unknown>;
    base_values: Json<Record<string, unknown>>;
    reason: string;
    status: string;
    proposed_by: string;
    proposed_by_org: string;
    proposed_at: Timestamp;
    decided_by: string | null;
    decided_at: Timestamp | null;
    decision_reason: string | null;
  };
  ranking_strategies: { area_code: string; service_type_id: number; rank: number };
  capacity: {
    service_id: number;
    status: string;
    reason: string | null;
    set_by: string | null;
    set_by_name: string | null;
    set_at: Timestamp;
    reset_at: Timestamp;
  };
  capacity_history: {
    id: Generated<number>;
    service_id: number;
    status: string;
    reason: string | null;
    set_by: string | null;
    set_by_name: string | null;
    set_at: Timestamp;
    reset_at: Timestamp;
    cause: string;
  };
}
