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
    created_at: Timestamp;
  };
  login_throttle: {
    key: string;
    kind: 'account-address' | 'address' | 'account';
    username: string | null;
    failures: number;
    last_failure_at: Timestamp;
    blocked_until: Timestamp | null;
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
    expires_at: Timestamp;
  };
  areas: { code: string; name: string; nation: string; region: string | null; commissioner_id: Generated<string | null> };
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
    effective_from: Timestamp | null;
    applied_at: Timestamp | null;
    lapsed_reason: string | null;
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
  triage_content_versions: {
    id: string;
    pack_id: string;
    label: string;
    area_code: string | null;
    overlay_of: string | null;
    status: string;
    files: Json<unknown>;
    compiled: Json<unknown>;
    problems: Json<unknown>;
    content_version: string;
    author: string;
    submitted_by: string | null;
    submitted_at: Timestamp | null;
    reviewer: string | null;
    review_reason: string | null;
    reviewed_at: Timestamp | null;
    approved_at: Timestamp | null;
    published_by: string | null;
    published_at: Timestamp | null;
    superseded_at: Timestamp | null;
    withdrawn_by: string | null;
    withdrawn_at: Timestamp | null;
    withdraw_reason: string | null;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  // triage safety sign-offs (migration 10)
  triage_safety_signoffs: {
    id: string;
    version_id: string;
    against_version_id: string | null;
    signed_by: string;
    signed_by_name: string;
    reason: string;
    findings: Json<unknown>;
    signed_at: Timestamp;
  };
  triage_sessions: {
    id: string;
    content_version_id: string;
    area_code: string | null;
    state: Json<unknown>;
    status: string;
    outcome: Json<unknown> | null;
    started_by: string;
    started_at: Timestamp;
    updated_at: Timestamp;
    finished_at: Timestamp | null;
  };
  // cases (migration 4)
  cases: {
    id: string;
    status: string;
    channel: string;
    opened_at: Timestamp;
    opened_by: string;
    opened_by_org: string | null;
    patient: Json<unknown>;
    caller: Json<unknown> | null;
    presenting_problem: string;
    communication_needs: Json<unknown>;
    current_location: Json<unknown> | null;
    registered_practice: string | null;
    nhs_number: string | null;
    nhs_number_status: string | null;
    match_first_name: string | null;
    match_last_name: string | null;
    match_birth_date: string | null;
    match_sex: string | null;
    match_postcode: string | null;
    disposition: Json<unknown> | null;
    triage_session_ids: ColumnType<string[], string[] | undefined, string[]>;
    repeat_caller: Json<unknown>;
    flags: Json<unknown>;
    closed_at: Timestamp | null;
    closed_by: string | null;
    close_reason: string | null;
    updated_at: Timestamp;
    call_id: Generated<string | null>;
  };
  case_notes: { id: string; case_id: string; text: string; author_id: string; author_name: string; created_at: Timestamp };
  case_searches: {
    id: string;
    case_id: string;
    request: Json<unknown>;
    results: Json<unknown>;
    catch_all: boolean;
    created_by: string;
    created_at: Timestamp;
  };
  clinical_queue: {
    id: string;
    case_id: string;
    reasons: string[];
    disposition: string;
    validation_of: string | null;
    status: string;
    queued_at: Timestamp;
    due_at: Timestamp;
    claimed_by: string | null;
    claimed_by_name: string | null;
    claimed_at: Timestamp | null;
    attempts: Json<unknown>;
    outcome: Json<unknown> | null;
    finished_at: Timestamp | null;
    finished_by: string | null;
  };
  special_patient_notes: {
    id: string;
    nhs_number: string;
    category: string;
    title: string;
    text: string;
    review_date: string;
    status: string;
    author_id: string;
    author_name: string;
    organisation_id: string;
    created_at: Timestamp;
    updated_at: Timestamp;
    version: number;
  };
  // referrals (migration 5)
  referrals: {
    id: string;
    seq: Generated<number>;
    case_id: string;
    service_id: number;
    service_name: string;
    service_type_id: number;
    service_ods_code: string | null;
    organisation_id: string;
    status: string;
    disposition: string | null;
    summary: string | null;
    passed_over: Json<unknown>;
    search_id: string | null;
    from_referral_id: string | null;
    referred_by: string;
    referred_by_name: string;
    referred_by_org: string | null;
    appointment: Json<unknown> | null;
    rejection: Json<unknown> | null;
    inappropriate: Json<unknown> | null;
    outcome: string | null;
    requested_at: Timestamp;
    accepted_at: Timestamp | null;
    updated_at: Timestamp;
    finished_at: Timestamp | null;
  };
  slots: {
    id: string;
    service_id: number;
    starts_at: Timestamp;
    ends_at: Timestamp;
    status: string;
    referral_id: string | null;
    created_by: string;
    created_at: Timestamp;
  };
  modelling_scenarios: {
    id: string;
    name: string;
    description: string;
    owner_id: string;
    shared: boolean;
    definition: Json<unknown>;
    created_at: Timestamp;
    updated_at: Timestamp;
  };
  modelling_runs: {
    id: string;
    scenario_id: string;
    scenario: Json<unknown>;
    status: string;
    replications: number;
    done: number;
    started_by: string;
    started_at: Timestamp;
    finished_at: Timestamp | null;
    error: string | null;
    results: Json<unknown> | null;
  };
  cost_models: {
    organisation_id: string;
    model: Json<Record<string, unknown>>;
    version: number;
    updated_at: Timestamp;
    updated_by: string;
    updated_by_name: string;
  };
  fhir_inbound_messages: {
    id: Generated<number>;
    organisation_id: string;
    request_id: string;
    message_id: string;
    event: string;
    reason: string;
    source_endpoint: string;
    sender_reference: string | null;
    referral_id: string | null;
    case_id: string | null;
    received_at: Timestamp;
  };
  outbox: {
    id: Generated<number>;
    message_id: string;
    destination: string;
    kind: string;
    organisation_id: string | null;
    service_id: number | null;
    endpoint: Json<unknown> | null;
    referral_id: string | null;
    case_id: string | null;
    payload: Json<unknown>;
    status: string;
    attempts: Generated<number>;
    next_attempt_at: Timestamp;
    lease_id: string | null;
    locked_until: Timestamp | null;
    last_error: string | null;
    created_at: Timestamp;
    delivered_at: Timestamp | null;
  };
  inbox_items: {
    id: Generated<number>;
    message_id: string;
    organisation_id: string;
    service_id: number | null;
    kind: string;
    referral_id: string | null;
    case_id: string | null;
    summary: Json<unknown>;
    created_at: Timestamp;
    read_at: Timestamp | null;
    read_by: string | null;
  };
  // online call-back requests (migration 7)
  online_callbacks: {
    session_id: string;
    request_hash: string;
    case_id: string | null;
    queued: Generated<boolean>;
    created_at: Timestamp;
  };
  surge_triggers: {
    id: string;
    triggers: Json<unknown>;
    updated_at: Timestamp;
    updated_by: string;
    updated_by_name: string;
  };
  escalation_status: {
    area_code: string;
    level: number;
    reasons: Json<unknown>;
    since: Timestamp;
    evaluated_at: Timestamp;
  };
  telephony_calls: {
    call_id: string;
    organisation_id: string;
    area_code: string | null;
    offered_at: Timestamp;
    answered_at: Timestamp | null;
    agent_id: string | null;
    seconds_to_answer: number | null;
    abandoned_at: Timestamp | null;
    seconds_to_abandon: number | null;
    transferred_at: Timestamp | null;
    transferred_to: string | null;
    updated_at: Timestamp;
  };
  demo_history: {
    id: string;
    seed: ColumnType<number, number, number>;
    days: number;
    starts_at: Timestamp;
    ends_at: Timestamp;
    status: string;
    days_written: Generated<number>;
    counters: Json<Record<string, unknown>>;
    written: Json<Record<string, unknown>>;
    started_at: Timestamp;
    updated_at: Timestamp;
    finished_at: Timestamp | null;
  };
}
