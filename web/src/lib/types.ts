// Shapes of the API's JSON replies that the screens read, named from the types generated from the
// server's routes (lib/api/schema.d.ts): the server's response schema is the one truth, so a change
// there shows here, and in every screen that reads it, at compile time. Dates arrive as ISO text.
import type { Reply, RequestBody } from './api';

// Directory
export type Service = Reply<'/api/directory/services/{id}'>['service'];
/** A service's profile: what people propose and approve (the rest the directory keeps itself). */
export type ServiceProfile = Omit<Service, 'id' | 'version' | 'lat' | 'lon' | 'areaCode' | 'nation' | 'lastVerifiedAt' | 'nextVerificationDue' | 'createdAt' | 'updatedAt'>;
/** A profile as a new service is proposed with it (the directory's defaults may be left out). */
export type NewServiceProfile = RequestBody<'/api/directory/services'>['service'];
export type OpeningTimes = Service['openingTimes'];
export type Weekday = keyof OpeningTimes['weekly'];
export type Session = OpeningTimes['weekly'][Weekday][number];
export type SpecifiedDate = OpeningTimes['specifiedDates'][number];
export type Access = Service['access'];
export type Address = Service['address'];
export type Contacts = Service['contacts'];
export type Eligibility = Service['eligibility'];
export type Coverage = Service['coverage'];
export type Areas = Service['areas'];
export type ReferralEndpoint = Service['referralEndpoints'][number];
export type Opening = Reply<'/api/directory/services/{id}'>['opening'];
export type ServiceChange = Reply<'/api/directory/changes/{id}'>['change'];
export type FieldChange = Reply<'/api/directory/changes/{id}'>['diff'][number];
export type ServiceVersion = Reply<'/api/directory/services/{id}/history'>['versions'][number];

export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const WEEKDAY_NAMES: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

// Capacity
/** A service's capacity now (green by default, red or amber until it resets). */
export type CapacityNow = Reply<'/api/capacity/services/{id}'>;
/** A status as someone set it. */
export type CapacityRecord = NonNullable<CapacityNow['record']>;
export type Rag = CapacityNow['status'];

// Reference catalogues
export type ServiceType = Reply<'/api/reference/service-types'>['serviceTypes'][number];
export type Disposition = Reply<'/api/reference/dispositions'>['dispositions'][number];
export type SymptomGroup = Reply<'/api/reference/symptom-groups'>['symptomGroups'][number];
export type SymptomDiscriminator = Reply<'/api/reference/symptom-discriminators'>['symptomDiscriminators'][number];
export type Area = Reply<'/api/geo/areas'>['areas'][number];

// Search
export type SearchOutcome = Reply<'/api/directory/search', 'post'>;
export type SearchResult = SearchOutcome['results'][number];
export type ResultCapacity = SearchResult['capacity'];
export type Exclusion = NonNullable<SearchOutcome['excluded']>[number];

// Triage
export type TriageSessionView = Reply<'/api/triage/sessions/{id}'>;
export type QuestionView = NonNullable<TriageSessionView['question']>;
export type Outcome = NonNullable<TriageSessionView['outcome']>;
export type CareAdvice = Outcome['careAdvice'][number];
export type DirectorySearchBody = Outcome['directorySearch'];
export type AnswerValue = TriageSessionView['session']['answers'][number]['value'];
export type PathwayHit = Reply<'/api/triage/pathways'>['pathways'][number];
