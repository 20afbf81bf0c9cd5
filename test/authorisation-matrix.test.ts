// The standing authorisation check (issue 11, item 4; docs/decisions/0010-patient-data-access.md).
//
// RULES below holds the expected rule of every route the app mounts, keyed by `METHOD path`. The list
// of routes comes from the app itself (the route definitions and Hono's router), so a route added
// without a rule here fails, and so does a route whose declared access differs from the rule. Then
// every route is called as anonymous, as each role, and with an API token, with objects owned by the
// caller's organisation and by another, asserting allowed/denied; and every reply body is scanned for
// patient data the caller has no business with (distinctive names, NHS numbers and texts planted in
// other organisations' cases).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signpostItself, type ActorRole } from '../src/platform/actor';
import { TokenInput } from '../src/identity/model';
import { ServiceProfileSchema } from '../src/directory/model';
import type { Access } from '../src/platform/http';
import { aService } from './builders';
import { openCase } from './case-helpers';
import { ORIGIN, TEST_PASSWORD, testApp, type TestApp, type TestUser, type ApiReply } from './fixture';

// ---- the rules ----

/** What a route's `:id` names, so that it can be called with the caller's own object and another organisation's. */
type ObjectKind = 'case' | 'referral' | 'note' | 'inbox-item' | 'service' | 'token' | 'patient';

interface Rule {
  access: Access;
  /** The object the route is about (`patient`: the `nhsNumber` in the query). */
  object?: ObjectKind;
  /** Whether a caller scoped to an organisation (provider staff, an API token) is refused another organisation's object (default: yes). */
  outsidersRefused?: boolean;
  body?: unknown;
  query?: string;
  /** Server-Sent Events: only the status is read. */
  stream?: true;
  /** Ends the caller's session: called with a session of its own. */
  endsSession?: true;
}

const FRONT_DOOR = ['call_handler', 'clinician', 'admin'] as const;
const CARE_STAFF = ['call_handler', 'clinician', 'provider_staff', 'admin'] as const;
const CARE = ['call_handler', 'clinician', 'provider_staff', 'system', 'admin'] as const;
const RECEIVERS = ['provider_staff', 'system', 'admin'] as const;
const CLINICIANS = ['clinician', 'admin'] as const;
const NOTE_AUTHORS = ['clinician', 'provider_staff', 'admin'] as const;
const EDITORS = ['dos_lead', 'admin', 'provider_staff'] as const;
const APPROVERS = ['dos_lead', 'admin'] as const;
const GOVERNANCE = ['clinical_governance', 'admin'] as const;
const CONTENT_READERS = ['clinical_governance', 'admin', 'clinician'] as const;
const PATHWAY_READERS = ['call_handler', 'clinician', 'admin', 'clinical_governance'] as const;
const ANALYSTS = ['commissioner', 'dos_lead', 'admin'] as const;
const COMMISSIONERS = ['commissioner'] as const;
const COST_KEEPERS = ['commissioner', 'admin'] as const;
const SLOT_KEEPERS = ['provider_staff', 'system', 'dos_lead', 'admin'] as const;
const TOKEN_KEEPERS = ['admin', 'dos_lead', 'provider_staff'] as const;
const PROFESSIONAL_REFERRERS = ['clinician', 'provider_staff', 'admin'] as const;
const SEARCHERS = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'commissioner', 'admin', 'system'] as const;
const STAFF = ['call_handler', 'clinician', 'provider_staff', 'dos_lead', 'clinical_governance', 'commissioner', 'admin'] as const;
const COMMISSIONING = ['commissioner', 'admin'] as const;
const SLOT = { slots: [{ start: '2026-11-19T09:00:00Z', end: '2026-11-19T09:15:00Z' }] };

const RULES: Record<string, Rule> = {
  'GET /api/health': { access: 'public' },
  'GET /api/openapi.json': { access: 'public' },
  'GET /api/events': { access: ['admin', 'commissioner'], query: 'limit=1000' },
  'GET /api/audit': { access: ['admin'] },
  // An empty body (400): wrong passwords would feed the sign-in throttle.
  'POST /api/auth/login': { access: 'public' },
  'POST /api/auth/logout': { access: 'signed-in', endsSession: true },
  'GET /api/auth/me': { access: 'signed-in' },
  'GET /api/organisations': { access: 'signed-in' },
  'POST /api/organisations': { access: ['admin'] },
  'GET /api/users': { access: ['admin'] },
  'POST /api/users': { access: ['admin'] },
  // Body-less calls (400) as the caller's own fresh session: a valid one would change the test users' passwords.
  'POST /api/users/me/password': { access: 'signed-in', endsSession: true },
  // An invalid body (400): a valid one would end the fixture's sessions of every test user.
  'POST /api/users/me/end-sessions': { access: 'signed-in', endsSession: true, body: { includeThisOne: 'not a boolean' } },
  // An unknown user (404): deactivating a real test user would end its sessions for the rest of the matrix.
  'POST /api/users/:id/deactivate': { access: ['admin'] },
  'POST /api/users/:id/reactivate': { access: ['admin'] },
  'POST /api/users/:id/reset-password': { access: ['admin'] },
  'POST /api/users/:id/end-sessions': { access: ['admin'] },
  'POST /api/users/:id/unlock': { access: ['admin'] },
  'GET /api/tokens': { access: TOKEN_KEEPERS },
  'POST /api/tokens': { access: TOKEN_KEEPERS },
  'DELETE /api/tokens/:id': { access: TOKEN_KEEPERS, object: 'token' },
  'GET /api/geo/postcodes/:postcode': { access: 'signed-in' },
  'GET /api/geo/areas': { access: 'signed-in' },
  'GET /api/geo/search-distance-rules': { access: 'signed-in' },
  'PUT /api/geo/search-distance-rules': { access: APPROVERS },
  'DELETE /api/geo/search-distance-rules/:scope/:key': { access: APPROVERS },
  'GET /api/reference/dispositions': { access: 'public' },
  'GET /api/reference/symptom-groups': { access: 'public' },
  'GET /api/reference/symptom-discriminators': { access: 'public' },
  'GET /api/reference/service-types': { access: 'public' },
  'GET /api/reference/capabilities': { access: 'public' },
  'GET /api/directory/services': { access: 'signed-in' },
  'POST /api/directory/services': { access: EDITORS },
  'GET /api/directory/services/:id': { access: 'signed-in', object: 'service', outsidersRefused: false },
  'PATCH /api/directory/services/:id': { access: EDITORS, object: 'service', body: { reason: 'matrix', changes: { publicName: 'Renamed by the matrix' } } },
  'DELETE /api/directory/services/:id': { access: EDITORS, object: 'service', body: { reason: 'matrix' } },
  'GET /api/directory/services/:id/history': { access: 'signed-in', object: 'service', outsidersRefused: false },
  'POST /api/directory/services/:id/verify': { access: EDITORS, object: 'service' },
  'GET /api/directory/verification-due': { access: EDITORS },
  'GET /api/directory/changes': { access: [...EDITORS, 'commissioner'] },
  'GET /api/directory/changes/:id': { access: [...EDITORS, 'commissioner'] },
  'POST /api/directory/changes/:id/approve': { access: APPROVERS },
  'POST /api/directory/changes/:id/reject': { access: APPROVERS },
  'POST /api/directory/changes/:id/withdraw': { access: EDITORS },
  'GET /api/directory/rankings': { access: 'signed-in' },
  'PUT /api/directory/rankings': { access: APPROVERS },
  'DELETE /api/directory/rankings/:areaCode/:serviceTypeId': { access: APPROVERS },
  'GET /api/directory/bank-holidays': { access: 'public' },
  'GET /api/directory/bank-holidays/overrides': { access: 'signed-in' },
  'PUT /api/directory/bank-holidays/overrides': { access: APPROVERS },
  'DELETE /api/directory/bank-holidays/overrides/:nation/:date': { access: APPROVERS },
  'POST /api/triage/sessions': { access: FRONT_DOOR },
  'GET /api/triage/sessions/:id': { access: FRONT_DOOR },
  'POST /api/triage/sessions/:id/answers': { access: FRONT_DOOR },
  'PUT /api/triage/sessions/:id/answers/:nodeId': { access: FRONT_DOOR },
  'POST /api/triage/sessions/:id/back': { access: FRONT_DOOR },
  'POST /api/triage/sessions/:id/pathway': { access: FRONT_DOOR },
  'GET /api/triage/pathways': { access: PATHWAY_READERS },
  'GET /api/triage/care-advice/:id': { access: PATHWAY_READERS },
  'GET /api/triage/content/versions': { access: CONTENT_READERS },
  'POST /api/triage/content/versions': { access: GOVERNANCE },
  'GET /api/triage/content/versions/:id': { access: CONTENT_READERS },
  'GET /api/triage/content/versions/:id/files': { access: CONTENT_READERS },
  'PUT /api/triage/content/versions/:id/files': { access: GOVERNANCE },
  'POST /api/triage/content/versions/:id/submit': { access: GOVERNANCE },
  'POST /api/triage/content/versions/:id/review': { access: GOVERNANCE },
  'POST /api/triage/content/versions/:id/publish': { access: GOVERNANCE },
  'POST /api/triage/content/versions/:id/withdraw': { access: GOVERNANCE },
  'GET /api/triage/content/versions/:id/impact': { access: CONTENT_READERS },
  'POST /api/triage/content/versions/:id/safety-signoff': { access: GOVERNANCE, body: { reason: 'matrix' } },
  'GET /api/triage/content/versions/:id/tests': { access: CONTENT_READERS },
  'PUT /api/capacity/services/:id': { access: SLOT_KEEPERS, object: 'service', body: { status: 'amber', reason: 'matrix' } },
  'GET /api/capacity/services/:id': { access: 'signed-in', object: 'service', outsidersRefused: false },
  'GET /api/capacity/services/:id/history': { access: 'signed-in', object: 'service', outsidersRefused: false },
  'GET /api/capacity': { access: 'signed-in' },
  'GET /api/capacity/stream': { access: 'signed-in', stream: true },
  'POST /api/directory/search': { access: SEARCHERS },
  'POST /api/directory/needs-search': { access: SEARCHERS, body: { needs: ['cannot inject insulin', 'lives alone'], lat: 51.28, lon: 1.08 } },
  // One small week and area: the matrix is about who may ask, not about the analysis.
  'GET /api/insight/coverage': { access: ANALYSTS, query: 'week=2026-11-16&area=ek-canterbury' },
  'GET /api/modelling/cost-model': { access: COST_KEEPERS },
  'PUT /api/modelling/cost-model': { access: COST_KEEPERS },
  'POST /api/modelling/costs': { access: COST_KEEPERS },
  'POST /api/modelling/costs/baseline': { access: COST_KEEPERS },
  'GET /api/insight/gaps': { access: ANALYSTS },
  'GET /api/modelling/baseline': { access: COMMISSIONERS },
  'GET /api/modelling/scenarios': { access: COMMISSIONERS },
  'POST /api/modelling/scenarios': { access: COMMISSIONERS, body: { name: 'Matrix scenario', replications: 1, horizonDays: 1 } },
  'GET /api/modelling/scenarios/:id': { access: COMMISSIONERS },
  'PUT /api/modelling/scenarios/:id': { access: COMMISSIONERS, body: { name: 'Matrix scenario' } },
  'DELETE /api/modelling/scenarios/:id': { access: COMMISSIONERS },
  'POST /api/modelling/runs': { access: COMMISSIONERS, body: { scenarioId: 'none' } },
  'GET /api/modelling/runs': { access: COMMISSIONERS },
  'GET /api/modelling/runs/:id': { access: COMMISSIONERS },
  'POST /api/modelling/runs/:id/cancel': { access: COMMISSIONERS },
  'GET /api/modelling/runs/:id/events': { access: COMMISSIONERS, stream: true },
  'POST /api/cases': { access: FRONT_DOOR },
  'GET /api/cases': { access: FRONT_DOOR },
  'GET /api/cases/:id': { access: CARE_STAFF, object: 'case' },
  'PATCH /api/cases/:id': { access: FRONT_DOOR, object: 'case' },
  'GET /api/cases/:id/timeline': { access: CARE_STAFF, object: 'case' },
  'POST /api/cases/:id/notes': { access: CARE_STAFF, object: 'case', body: { text: 'Matrix note' } },
  'POST /api/cases/:id/triage': { access: FRONT_DOOR, object: 'case' },
  'POST /api/cases/:id/searches': { access: CARE_STAFF, object: 'case', body: {} },
  'POST /api/cases/:id/repeat-caller': { access: FRONT_DOOR, object: 'case' },
  'POST /api/cases/:id/close': { access: FRONT_DOOR, object: 'case', body: { reason: 'matrix' } },
  'GET /api/queue': { access: CLINICIANS },
  'POST /api/queue/:id/claim': { access: CLINICIANS },
  'POST /api/queue/:id/release': { access: CLINICIANS },
  'POST /api/queue/:id/attempts': { access: CLINICIANS },
  'POST /api/queue/:id/outcome': { access: CLINICIANS },
  'POST /api/special-notes': { access: NOTE_AUTHORS },
  'GET /api/special-notes': { access: CARE_STAFF, object: 'patient' },
  'PATCH /api/special-notes/:id': { access: NOTE_AUTHORS, object: 'note', body: { reviewDate: '2027-06-01' } },
  'DELETE /api/special-notes/:id': { access: NOTE_AUTHORS, object: 'note' },
  // An unknown service: the front door gets past the case check to a 400; others are stopped at the case.
  'POST /api/cases/:id/referrals': { access: CARE, object: 'case', body: { serviceId: 999999 } },
  'POST /api/referrals/by-need': { access: PROFESSIONAL_REFERRERS, body: { patient: { firstName: 'Matrix', lastName: 'Patient', dateOfBirth: '1940-01-01', sex: 'female' }, needs: ['cannot inject insulin'], serviceId: 999999 } },
  'GET /api/cases/:id/referrals': { access: CARE, object: 'case' },
  'GET /api/referrals/:id': { access: CARE, object: 'referral' },
  'POST /api/referrals/:id/accept': { access: RECEIVERS, object: 'referral' },
  'POST /api/referrals/:id/reject': { access: RECEIVERS, object: 'referral', body: { reasonCode: '22', reason: 'matrix' } },
  'POST /api/referrals/:id/book': { access: CARE, object: 'referral', body: { slotId: 'slot_00000000-0000-0000-0000-000000000000' } },
  'POST /api/referrals/:id/complete': { access: RECEIVERS, object: 'referral', body: {} },
  'POST /api/referrals/:id/did-not-attend': { access: RECEIVERS, object: 'referral', body: {} },
  'POST /api/referrals/:id/cancel': { access: CARE, object: 'referral', body: { reason: 'matrix' } },
  'POST /api/services/:id/slots': { access: SLOT_KEEPERS, object: 'service', body: SLOT },
  'GET /api/services/:id/slots': { access: 'signed-in', object: 'service', outsidersRefused: false },
  'DELETE /api/services/:id/slots/:slotId': { access: SLOT_KEEPERS, object: 'service' },
  'GET /api/inbox': { access: CARE },
  'POST /api/inbox/:id/read': { access: CARE, object: 'inbox-item' },
  'GET /api/inbox/stream': { access: CARE, stream: true },
  'GET /api/delivery/outbox': { access: ['admin'], query: 'limit=500' },
  'GET /api/online/pathways': { access: 'public' },
  'POST /api/online/sessions': { access: 'public' },
  'GET /api/online/sessions/:id': { access: 'public' },
  'POST /api/online/sessions/:id/answers': { access: 'public' },
  'PUT /api/online/sessions/:id/answers/:nodeId': { access: 'public' },
  'POST /api/online/sessions/:id/back': { access: 'public' },
  'POST /api/online/sessions/:id/pathway': { access: 'public' },
  'POST /api/online/sessions/:id/services': { access: 'public' },
  'POST /api/online/sessions/:id/callback': { access: 'public' },
  'POST /api/telephony/calls': { access: ['telephony'], body: { callId: 'matrix-call', event: 'offered', at: '2026-11-18T09:00:00Z' } },
  'GET /api/modelling/surge': { access: STAFF },
  'GET /api/modelling/surge/stream': { access: STAFF, stream: true },
  'POST /api/modelling/surge/evaluate': { access: COMMISSIONING },
  'GET /api/modelling/surge/triggers': { access: COMMISSIONING },
  'PUT /api/modelling/surge/triggers': { access: COMMISSIONING, body: { triggers: [{ measure: 'calls', windowHours: 3, level2: 1.15, level3: 1.3, level4: 1.5 }] } },
  // No history in the matrix's database: an allowed caller gets 422 (not enough history), not 403.
  'GET /api/modelling/forecast': { access: COMMISSIONING, query: 'area=ek-canterbury' },
  'GET /api/demo/history': { access: 'signed-in' },
};

// ---- the callers ----

type Caller = { name: string; user?: TestUser; token?: 'system' | 'telephony'; roles: readonly ActorRole[]; scoped: boolean };
const CALLERS: Caller[] = [
  { name: 'anonymous', roles: [], scoped: false },
  { name: 'API token (kcht)', token: 'system', roles: ['system'], scoped: true },
  { name: 'telephony token (kcht)', token: 'telephony', roles: ['telephony'], scoped: true },
  { name: 'call handler', user: 'callhandler', roles: ['call_handler'], scoped: false },
  { name: 'clinician', user: 'clinician', roles: ['clinician'], scoped: false },
  { name: 'provider staff (kcht)', user: 'provider', roles: ['provider_staff'], scoped: true },
  { name: 'DoS lead', user: 'doslead', roles: ['dos_lead'], scoped: false },
  { name: 'clinical governance', user: 'governance', roles: ['clinical_governance'], scoped: false },
  { name: 'commissioner', user: 'commissioner', roles: ['commissioner'], scoped: false },
  { name: 'admin', user: 'admin', roles: ['admin'], scoped: false },
];
const FRONT_DOOR_OR_ADMIN = (c: Caller) => c.roles.some((r) => r === 'call_handler' || r === 'clinician' || r === 'admin');

// ---- the planted patients ----

/** Case A: referred to the caller's organisation (kcht). B: referred to another (ekhuft). C: referred to kcht, then re-referred to ekhuft (kcht's revoked). */
const PATIENTS = {
  own: { firstName: 'Ownerina', lastName: 'Kentishcommunity', nhsNumber: '9434765927' },
  other: { firstName: 'Zanzibar', lastName: 'Otherorganisation', nhsNumber: '9434765935' },
  revoked: { firstName: 'Quixote', lastName: 'Revokedson', nhsNumber: '9434765943' },
};
const MARKS = {
  ownNote: 'MARK-OWN-SPECIAL-NOTE',
  otherNote: 'MARK-OTHER-SPECIAL-NOTE',
  otherCaseNote: 'MARK-OTHER-CASE-NOTE',
  revokedLaterNote: 'MARK-REVOKED-LATER-CASE-NOTE',
  revokedLaterSpecial: 'MARK-REVOKED-LATER-SPECIAL-NOTE',
};
/** Patient data kcht's callers must never see: all of B; of C, what was written after kcht's referral was revoked (kcht had the rest). */
const NOT_FOR_KCHT = [PATIENTS.other.firstName, PATIENTS.other.lastName, PATIENTS.other.nhsNumber, MARKS.otherNote, MARKS.otherCaseNote, MARKS.revokedLaterNote, MARKS.revokedLaterSpecial];
/** Patient data of every planted patient: none of it for those who do not care for patients. */
const ALL_PATIENT_DATA = [...Object.values(PATIENTS).flatMap((p) => [p.firstName, p.lastName, p.nhsNumber]), ...Object.values(MARKS)];

function forbiddenMarks(caller: Caller): string[] {
  if (FRONT_DOOR_OR_ADMIN(caller)) return [];
  // A telephony platform reports calls: it cares for no patient.
  if (caller.token === 'telephony') return ALL_PATIENT_DATA;
  if (caller.scoped) return NOT_FOR_KCHT;
  return ALL_PATIENT_DATA;
}

type Variant = 'own' | 'other' | 'revoked';
const objects = {} as Record<ObjectKind, Partial<Record<Variant, string>>>;

let t: TestApp;
let apiToken: string;
let telephonyToken: string;

beforeAll(async () => {
  t = await testApp({ now: '2026-11-18T10:00:00Z' });
  const services = [aService({ name: 'Canterbury UTC' }), aService({ name: 'SDEC, Kent and Canterbury Hospital', typeId: 140, organisationId: 'ekhuft' })];
  const [utc, sdec] = await t.signpost.directory.importServices(signpostItself, services.map((s) => ServiceProfileSchema.parse(s)), { reason: 'test' });
  const refer = async (caseId: string, serviceId: number) => {
    const res = await t.request<ApiReply<'/api/cases/{id}/referrals', 'post'>>('POST', `/api/cases/${caseId}/referrals`, { as: 'clinician', body: { serviceId, disposition: 'Dx05' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.referral.id as string;
  };
  const note = async (as: TestUser, nhsNumber: string, text: string) => {
    const res = await t.request<ApiReply<'/api/special-notes', 'post'>>('POST', '/api/special-notes', { as, body: { nhsNumber, category: 'safeguarding', title: 'Plan', text, reviewDate: '2027-06-01' } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  const a = (await openCase(t, { ...PATIENTS.own, dateOfBirth: '1961-02-03', sex: 'female', postcode: 'CT1 3NG', phone: '07700 900101' })).case.id;
  const b = (await openCase(t, { ...PATIENTS.other, dateOfBirth: '1972-04-05', sex: 'male', postcode: 'CT1 3NG', phone: '07700 900102' })).case.id;
  const c = (await openCase(t, { ...PATIENTS.revoked, dateOfBirth: '1983-06-07', sex: 'female', postcode: 'CT1 3NG', phone: '07700 900103' })).case.id;
  const refA = await refer(a, utc);
  const refB = await refer(b, sdec);
  const refC = await refer(c, utc);
  expect((await t.request('POST', `/api/referrals/${refC}/accept`, { as: 'provider' })).status).toBe(200);
  await refer(c, sdec); // revokes kcht's
  await t.request<ApiReply<'/api/cases/{id}/notes', 'post'>>('POST', `/api/cases/${b}/notes`, { as: 'clinician', body: { text: MARKS.otherCaseNote } });
  await t.request<ApiReply<'/api/cases/{id}/notes', 'post'>>('POST', `/api/cases/${c}/notes`, { as: 'clinician', body: { text: MARKS.revokedLaterNote } });
  const ownNote = await note('provider', PATIENTS.own.nhsNumber, MARKS.ownNote);
  const otherNote = await note('otherprovider', PATIENTS.other.nhsNumber, MARKS.otherNote);
  await note('otherprovider', PATIENTS.revoked.nhsNumber, MARKS.revokedLaterSpecial);

  const inboxOf = async (as: TestUser) => (await t.request<ApiReply<'/api/inbox'>>('GET', '/api/inbox', { as })).body.items as { id: number; caseId: string }[];
  const ownItem = (await inboxOf('provider')).find((i) => i.caseId === a)!;
  const otherItem = (await inboxOf('otherprovider')).find((i) => i.caseId === b)!;
  apiToken = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'KCHT feed', organisationId: 'kcht' }))).token;
  telephonyToken = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'KCHT telephony', organisationId: 'kcht', scope: 'telephony' }))).token;
  const ownToken = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'KCHT second feed', organisationId: 'kcht' }))).apiToken.id;
  const otherToken = (await t.signpost.identity.createToken(signpostItself, TokenInput.parse({ name: 'EKHUFT feed', organisationId: 'ekhuft' }))).apiToken.id;

  Object.assign(objects, {
    case: { own: a, other: b, revoked: c },
    referral: { own: refA, other: refB },
    note: { own: ownNote, other: otherNote },
    'inbox-item': { own: String(ownItem.id), other: String(otherItem.id) },
    service: { own: String(utc), other: String(sdec) },
    token: { own: String(ownToken), other: String(otherToken) },
    patient: { own: PATIENTS.own.nhsNumber, other: PATIENTS.other.nhsNumber, revoked: PATIENTS.revoked.nhsNumber },
  });
});
afterAll(async () => t?.close());

// ---- calling ----

const PLACEHOLDERS: Record<string, string> = {
  id: '999999',
  postcode: 'CT1 3NG',
  nodeId: 'node',
  slotId: 'slot_00000000-0000-0000-0000-000000000000',
  scope: 'area',
  key: 'nowhere',
  areaCode: 'nowhere',
  serviceTypeId: '999',
  nation: 'england-and-wales',
  date: '2031-01-02',
};

function urlFor(key: string, rule: Rule, variant: Variant | null): string {
  const path = key.slice(key.indexOf(' ') + 1);
  const id = variant && rule.object && rule.object !== 'patient' ? objects[rule.object][variant]! : undefined;
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(name === 'id' && id ? id : PLACEHOLDERS[name] ?? 'x'));
  const query = [rule.query, variant && rule.object === 'patient' ? `nhsNumber=${objects.patient[variant]}` : undefined].filter(Boolean).join('&');
  return query ? `${filled}?${query}` : filled;
}

async function call(key: string, rule: Rule, caller: Caller, variant: Variant | null): Promise<{ status: number; text: string }> {
  const method = key.slice(0, key.indexOf(' '));
  const headers: Record<string, string> = { origin: ORIGIN };
  if (caller.user) headers.cookie = rule.endsSession ? await freshSession(caller.user) : await t.cookieFor(caller.user);
  if (caller.token) headers.authorization = `Bearer ${caller.token === 'telephony' ? telephonyToken : apiToken}`;
  const body = rule.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
  if (body !== undefined) headers['content-type'] = 'application/json';
  const controller = new AbortController();
  const response = await t.signpost.app.request(`${ORIGIN}${urlFor(key, rule, variant)}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: controller.signal,
  });
  if (rule.stream && response.status === 200) {
    controller.abort();
    await response.body?.cancel().catch(() => undefined);
    return { status: 200, text: '' };
  }
  return { status: response.status, text: await response.text() };
}

/** A second session for a user (the fixture's own must survive a sign-out). */
async function freshSession(user: TestUser): Promise<string> {
  await t.cookieFor(user);
  const response = await t.signpost.app.request(`${ORIGIN}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ username: user, password: TEST_PASSWORD }),
  });
  return response.headers.get('set-cookie')!.split(';')[0];
}

const allowedByRole = (access: Access, caller: Caller) =>
  access === 'public' || (caller.roles.length > 0 && (access === 'signed-in' || caller.roles.some((r) => access.includes(r))));

/** Every route the app mounts under /api, as `METHOD path`: from the route definitions and from Hono's router. */
function mountedRoutes(): string[] {
  const fromDefs = t.signpost.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`);
  const fromRouter = t.signpost.app.routes.filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
  return [...new Set([...fromDefs, ...fromRouter])];
}

describe('the authorisation matrix', () => {
  it('has a rule for every mounted route, and each route declares the access its rule expects', () => {
    const mounted = mountedRoutes();
    const unknown = mounted.filter((key) => !RULES[key]);
    expect(unknown, 'routes without a rule: declare who may call them in RULES (test/authorisation-matrix.test.ts)').toEqual([]);
    const stale = Object.keys(RULES).filter((key) => !mounted.includes(key));
    expect(stale, 'rules for routes no longer mounted').toEqual([]);
    const differing = t.signpost.routes
      .filter((r) => JSON.stringify(normalise(r.access)) !== JSON.stringify(normalise(RULES[`${r.method.toUpperCase()} ${r.path}`].access)))
      .map((r) => `${r.method.toUpperCase()} ${r.path}: declares ${JSON.stringify(r.access)}`);
    expect(differing, 'routes whose declared access differs from their rule').toEqual([]);
  });

  it('the organisation’s own objects are open to it: its case, referral, special notes (reads)', async () => {
    const provider = CALLERS.find((c) => c.user === 'provider')!;
    for (const key of ['GET /api/cases/:id', 'GET /api/cases/:id/timeline', 'GET /api/cases/:id/referrals', 'GET /api/referrals/:id', 'GET /api/special-notes']) {
      const res = await call(key, RULES[key], provider, 'own');
      expect(res.status, `${key}: ${res.text.slice(0, 200)}`).toBe(200);
    }
  });

  it('every route × every caller × own and other organisations’ objects: allowed or refused as declared, and no patient data leaks', async () => {
    const failures: string[] = [];
    const seen = new Set<string>();
    // Reads first, so the writes (which move referrals along) cannot change what the reads see.
    const keys = Object.keys(RULES).sort((x, y) => Number(!x.startsWith('GET ')) - Number(!y.startsWith('GET ')));
    for (const key of keys) {
      const rule = RULES[key];
      const variants: (Variant | null)[] = rule.object ? (Object.keys(objects[rule.object]) as Variant[]) : [null];
      for (const variant of variants) {
        for (const caller of CALLERS) {
          const { status, text } = await call(key, rule, caller, variant);
          const what = `${key}${variant ? ` (${variant} ${rule.object})` : ''} as ${caller.name}: ${status} ${text.slice(0, 160)}`;
          if (status >= 500) failures.push(`server error: ${what}`);
          if (!allowedByRole(rule.access, caller)) {
            const expected = caller.roles.length ? 403 : 401;
            if (status !== expected) failures.push(`expected ${expected}: ${what}`);
          } else {
            if (status === 401 || /This needs one of the roles/.test(text)) failures.push(`refused though allowed: ${what}`);
            const outsider = caller.scoped && variant !== null && variant !== 'own' && rule.object && rule.outsidersRefused !== false;
            if (outsider && status !== 403 && status !== 404) failures.push(`another organisation's object not refused: ${what}`);
          }
          for (const mark of ALL_PATIENT_DATA) if (text.includes(mark)) seen.add(mark);
          const leaked = forbiddenMarks(caller).filter((mark) => text.includes(mark));
          if (leaked.length) failures.push(`patient data leaked (${leaked.join(', ')}): ${what}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // The scan can see: every planted item shows up somewhere it is allowed (the front door's replies).
    expect(ALL_PATIENT_DATA.filter((mark) => !seen.has(mark))).toEqual([]);
  });

});

function normalise(access: Access) {
  return typeof access === 'string' ? access : [...access].sort();
}
