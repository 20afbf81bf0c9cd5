// Shapes of the API's JSON replies that the screens read (dates arrive as ISO strings).
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKDAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

export interface Session {
  open: string;
  close: string;
}
export interface OpeningTimes {
  alwaysOpen: boolean;
  weekly: Record<Weekday, Session[]>;
  bankHoliday: Session[] | null;
  specifiedDates: { date: string; sessions: Session[]; note?: string }[];
}
export interface Access {
  walkIn: boolean;
  phoneFirst: boolean;
  referralOnly: boolean;
  bookingRequired: boolean;
  instructions?: string;
}
export interface Address {
  lines: string[];
  town: string;
  postcode: string;
}
export interface Contacts {
  publicPhone?: string;
  professionalPhone?: string;
  web?: string;
  email?: string;
}
export interface Eligibility {
  ageFromDays: number;
  ageToDays: number;
  sexes: ('female' | 'male')[];
  registeredPractices: string[];
}
export interface Coverage {
  dispositions: string[];
  symptoms: { sg: number; sd: string }[];
}
export interface Areas {
  commissionedFor: string[];
  limitedTo: string[];
  promotedInto: string[];
}
export interface ReferralEndpoint {
  kind: 'fhir' | 'http' | 'email' | 'phone';
  address: string;
  description?: string;
}
export interface ServiceProfile {
  typeId: number;
  status: 'active' | 'closed' | 'commissioning';
  organisationId: string;
  parentId: number | null;
  odsCode?: string;
  name: string;
  publicName: string;
  description?: string;
  address: Address;
  location?: { lat: number; lon: number };
  contacts: Contacts;
  access: Access;
  referralEndpoints: ReferralEndpoint[];
  referralRoles: ('call-handler' | 'clinician' | 'provider' | 'patient')[];
  eligibility: Eligibility;
  coverage: Coverage;
  openingTimes: OpeningTimes;
  areas: Areas;
  verificationIntervalDays: number;
}
export interface Service extends ServiceProfile {
  id: number;
  version: number;
  lat: number;
  lon: number;
  areaCode: string | null;
  nation: string;
  lastVerifiedAt: string | null;
  nextVerificationDue: string | null;
  createdAt: string;
  updatedAt: string;
}
export interface Opening {
  at: string;
  openNow: boolean;
  nextOpening: string | null;
  nextClosing: string | null;
}
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}
export interface ServiceChange {
  id: string;
  serviceId: number | null;
  kind: 'create' | 'update';
  proposal: Partial<ServiceProfile>;
  baseValues: Record<string, unknown>;
  reason: string;
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  proposedBy: string;
  proposedByName?: string;
  proposedByOrg: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  serviceName?: string | null;
}
export interface ServiceVersion {
  serviceId: number;
  version: number;
  diff: FieldChange[];
  reason: string;
  changeId: string | null;
  changedBy: string | null;
  changedByName?: string | null;
  changedAt: string;
}
export type Rag = 'green' | 'amber' | 'red';
export interface CapacityRecord {
  serviceId: number;
  status: Rag;
  reason: string | null;
  setBy: string | null;
  setByName: string | null;
  setAt: string;
  resetAt: string;
  serviceName?: string;
  effectiveStatus?: Rag;
  expired?: boolean;
}
export interface ServiceType {
  id: number;
  name: string;
  nationalRank: number;
  maxResults: number;
  category: string;
  catchAll: boolean;
}
export interface Disposition {
  code: string;
  title: string;
  group: string;
  /** as the catalogue says: { kind: 'minutes', minutes }, { kind: 'working-days', days }, { kind: 'immediate' | 'none' } */
  timeframe: { kind: string; minutes?: number; days?: number };
}
export interface CodeTitle<C = string | number> {
  code: C;
  title: string;
}
export interface Area {
  code: string;
  name: string;
  nation: string;
  region?: string;
}

// Search
export interface ResultCapacity {
  status: Rag;
  reason: string | null;
  setAt: string | null;
  resetAt: string | null;
  expired: boolean;
}
export interface SearchResult {
  serviceId: number;
  name: string;
  publicName: string;
  typeId: number;
  typeName: string;
  distanceKm: number;
  rank: number;
  tier: string;
  openNow: boolean;
  opensAt: string | null;
  closesAt: string | null;
  capacity: ResultCapacity;
  access: Access;
  referralEndpoints: ReferralEndpoint[];
  contacts: Contacts;
  address: Address;
  catchAll: boolean;
  reasons: string[];
}
export interface Exclusion {
  serviceId: number;
  name: string;
  typeId: number;
  distanceKm: number;
  rules: { rule: string; detail: string }[];
  /** failed these rules, then offered by the catch-all because nothing fitted */
  offeredByCatchAll?: true;
}
export interface SearchOutcome {
  results: SearchResult[];
  catchAll: boolean;
  windowEnd: string;
  distanceKm: number;
  considered: number;
  gaps: { serviceId: number; rule: string; detail: string }[];
  excluded?: Exclusion[];
}

// Triage
export interface QuestionView {
  nodeId: string;
  pathwayId: string;
  pathwayTitle: string;
  kind: 'yes-no' | 'single' | 'multiple' | 'number' | 'duration' | 'date' | string;
  text: string;
  help?: string;
  options?: { id: string; label: string; exclusive?: boolean }[];
  minSelected?: number;
  unit?: string;
  min?: number;
  max?: number;
  integer?: boolean;
  /** duration questions: the units to offer; the answer is sent in hours */
  units?: ('hours' | 'days' | 'weeks')[];
  earliestDate?: string;
  latestDate?: string;
}
export type AnswerValue = string | number | boolean | string[];
export interface CareAdvice {
  id: string;
  title: string;
  text: string;
}
export interface DirectorySearchBody {
  disposition: string;
  symptomGroup: number;
  symptomDiscriminators: string[];
  age: { value: number; unit: 'days' };
  sex: string;
}
export interface Outcome {
  contentVersion: string;
  pathwayId: string;
  disposition: string;
  dispositionTitle: string;
  /** the catalogue file's form: minutes (120), 'immediate', 'next-working-day', '3-working-days', 'none' */
  timeframe: string | number;
  symptomGroup: number;
  symptomGroupTitle: string;
  symptomDiscriminator: string;
  symptomDiscriminatorTitle: string;
  careAdvice: CareAdvice[];
  reportText: string;
  report: { nodeId: string; question: string; answer: string }[];
  reasons: string[];
  patient: { sex: string; ageBand: string; ageDays: number };
  directorySearch: DirectorySearchBody;
}
export interface TriageSessionView {
  session: {
    id: string;
    status: 'in-progress' | 'needs-pathway' | 'finished';
    contentVersion: string;
    contentLabel: string;
    canContinue: boolean;
    areaCode: string | null;
    pathwayId: string | null;
    /** who answers: the patient, or someone for them (questions then say "they") */
    answerer?: 'self' | 'other';
    patient: { sex: string; ageBand: string; ageDays: number };
    answers: { nodeId: string; value: AnswerValue }[];
    startedAt: string;
    finishedAt: string | null;
  };
  question: QuestionView | null;
  outcome: Outcome | null;
}
export interface PathwayHit {
  pathwayId: string;
  title: string;
  symptomGroup: number;
  score: number;
}
