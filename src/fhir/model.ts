/**
 * The FHIR R4 server's own types: what a resource type or an operation registers (the extension points
 * the routes and the CapabilityStatement are both generated from), the parsed form of a search, and the
 * errors that become OperationOutcomes. Pure: no I/O.
 */
import type { Bundle, OperationOutcome, Resource, ResourceType } from '@medplum/fhirtypes';
import type { Actor, ActorRole } from '../platform/actor';

export const FHIR_VERSION = '4.0.1';
export const FHIR_JSON = 'application/fhir+json';
/** What every reply says it is (the `fhirVersion` parameter names the R4 family, as the spec advises). */
export const FHIR_CONTENT_TYPE = `${FHIR_JSON}; fhirVersion=4.0`;

export const UK_CORE = 'https://fhir.hl7.org.uk/StructureDefinition';
export const PROFILES = {
  HealthcareService: `${UK_CORE}/UKCore-HealthcareService`,
  Location: `${UK_CORE}/UKCore-Location`,
  Organization: `${UK_CORE}/UKCore-Organization`,
  Endpoint: `${UK_CORE}/UKCore-Endpoint`,
  Schedule: `${UK_CORE}/UKCore-Schedule`,
  Slot: `${UK_CORE}/UKCore-Slot`,
} as const;

/** Code and identifier systems the directory resources use (national ones where they exist). */
export const DIRECTORY_SYSTEMS = {
  odsCode: 'https://fhir.nhs.uk/Id/ods-organization-code',
  serviceId: 'https://signpost.example/Id/service',
  organisationId: 'https://signpost.example/Id/organisation',
  serviceType: 'https://signpost.example/CodeSystem/service-type',
  serviceCategory: 'https://signpost.example/CodeSystem/service-category',
  symptomGroup: 'https://signpost.example/CodeSystem/symptom-group',
  referralRole: 'https://signpost.example/CodeSystem/referral-role',
  organisationKind: 'https://signpost.example/CodeSystem/organisation-kind',
  endpointKind: 'https://signpost.example/CodeSystem/endpoint-connection-type',
  connectionType: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
  payloadType: 'http://terminology.hl7.org/CodeSystem/endpoint-payload-type',
  locationPhysicalType: 'http://terminology.hl7.org/CodeSystem/location-physical-type',
  capacityStatus: 'https://signpost.example/CodeSystem/capacity-status',
  matchGrade: 'http://terminology.hl7.org/CodeSystem/match-grade',
} as const;

/** Extensions Signpost defines (no published one says the same thing). */
export const EXTENSIONS = {
  /** Why a `$match` entry was chosen: the directory search's reasons, one valueString each. */
  matchReason: 'https://signpost.example/StructureDefinition/match-reason',
  /** Capacity now, in the style of the HL7 capacity-status extension: a RAG code and its reason. */
  capacityStatus: 'https://signpost.example/StructureDefinition/capacity-status',
  /** How the entry was ranked (the tier: own GP, commissioned, other, promoted). */
  matchTier: 'https://signpost.example/StructureDefinition/match-tier',
} as const;

// ---- errors ----

export type IssueType = OperationOutcome['issue'][number]['code'];

export interface Issue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: IssueType;
  diagnostics: string;
  /** FHIRPath of the element at fault (a search parameter is named as the parameter) */
  expression?: string[];
}

export type FhirStatus = 400 | 401 | 403 | 404 | 405 | 406 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 503;

/** An error a FHIR route answers with: an OperationOutcome of these issues, with this status. */
export class FhirError extends Error {
  constructor(
    readonly status: FhirStatus,
    readonly issues: Issue[],
    /** extra reply headers (Allow on a 405) */
    readonly headers: Record<string, string> = {},
  ) {
    super(issues.map((i) => i.diagnostics).join('; '));
    this.name = 'FhirError';
  }
}

export const invalidParameter = (name: string, diagnostics: string) => new FhirError(400, [{ severity: 'error', code: 'invalid', diagnostics, expression: [name] }]);

// ---- search ----

export type SearchParamType = 'token' | 'string' | 'reference' | 'date' | 'special' | 'number' | 'uri' | 'quantity';

export interface SearchParamDef {
  name: string;
  type: SearchParamType;
  documentation: string;
  /** the canonical SearchParameter it implements, when it is the base one */
  definition?: string;
}

/** A date search parameter's prefix (FHIR R4 search, 3.1.1.4.2); `eq` when none is given. */
export type DatePrefix = 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';

/** One value of a search parameter as given (a comma means OR; a repeated parameter means AND). */
export interface SearchValue {
  /** the modifier after the colon (`name:exact`), if any */
  modifier?: string;
  /** OR-ed alternatives */
  values: string[];
}

/** A search after the common parameters have been taken out. */
export interface ParsedSearch {
  /** Parameters the resource declares, AND-ed per name. */
  params: Map<string, SearchValue[]>;
  count: number;
  offset: number;
  /** `_include` values, e.g. `HealthcareService:organization` */
  include: string[];
  revinclude: string[];
  /** Parameters the server does not know, reported in the Bundle (lenient) */
  unknown: string[];
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 500;

// ---- what a resource type or an operation registers ----

/** What every handler is given about the request. */
export interface FhirContext {
  actor: Actor;
  requestId: string;
  /** The server's base, e.g. `http://127.0.0.1:8080/fhir` (used for fullUrls and paging links). */
  base: string;
  /** The URL asked for (an operation's `self` link). */
  url: string;
  /** `Prefer: handling=strict`: an unknown parameter is an error, not a warning. */
  strict: boolean;
}

/** A page of search matches, in a stable order, and how many match in all. */
export interface SearchPage<T extends Resource = Resource> {
  resources: T[];
  total: number;
}

/** An `_include` a resource type supports: the references of a match it follows. */
export interface IncludeDef<T extends Resource = Resource> {
  /** `Type:param`, e.g. `HealthcareService:organization` */
  name: string;
  target: ResourceType;
  references(resource: T): string[];
}

/** A `_revinclude` a resource type supports: resources of another type that point at a match. */
export interface RevIncludeDef<T extends Resource = Resource> {
  /** `SourceType:param`, e.g. `HealthcareService:organization` on Organization */
  name: string;
  /** the matches of another type that refer to these resources */
  find(ctx: FhirContext, resources: T[]): Promise<Resource[]>;
}

/**
 * A resource type the server serves. Register one with `FhirServer.addResource`: its routes, its
 * part of the CapabilityStatement and its searches come from this alone.
 */
export interface ResourceDef<T extends Resource = Resource> {
  type: T['resourceType'] & ResourceType;
  /** the profile every instance claims (UK Core where there is one) */
  profile?: string;
  documentation: string;
  /** who may read and search (directory resources: any authenticated caller) */
  access: 'signed-in' | readonly ActorRole[];
  /** undefined when no such resource (404) */
  read(ctx: FhirContext, id: string): Promise<T | undefined>;
  search?: {
    params: SearchParamDef[];
    run(ctx: FhirContext, search: ParsedSearch): Promise<SearchPage<T>>;
  };
  includes?: IncludeDef<T>[];
  revIncludes?: RevIncludeDef<T>[];
  /** resolves an `_include` target of this type (by id) */
  readMany?(ctx: FhirContext, ids: string[]): Promise<T[]>;
}

/** An operation's input: a `Parameters` resource (POST) or the query parameters (GET) read as one. */
export interface OperationInput {
  parameters: { name: string; valueString?: string; valueInteger?: number; valueDecimal?: number; valueCode?: string; valueBoolean?: boolean; valueDateTime?: string; valueCoding?: { system?: string; code?: string }; valueIdentifier?: { system?: string; value?: string }; valueQuantity?: { value?: number; unit?: string; code?: string }; resource?: Resource }[];
  /** the raw body for operations that take a resource other than Parameters (`$process-message`) */
  resource?: Resource;
}

export interface OperationParamDef {
  name: string;
  use: 'in' | 'out';
  min: number;
  max: string;
  type?: string;
  documentation: string;
}

/**
 * An operation (`$match`, `$process-message`). `resourceType` set: `/fhir/{type}/$name`; unset: a
 * system operation at `/fhir/$name`. GET is allowed only for operations that change nothing.
 */
export interface OperationDef {
  name: string;
  resourceType?: ResourceType;
  /** the OperationDefinition's canonical URL (for the CapabilityStatement) */
  definition: string;
  documentation: string;
  access: 'signed-in' | readonly ActorRole[];
  /** true: may be called with GET (the operation changes nothing) */
  affectsState: boolean;
  parameters: OperationParamDef[];
  /** The body a POST must carry: `Parameters`, or another resource type (`Bundle` for $process-message). */
  bodyType: ResourceType;
  run(ctx: FhirContext, input: OperationInput, request: { method: 'GET' | 'POST'; headers: Headers }): Promise<OperationResult>;
}

/**
 * What an operation answers: a resource, or (`json`) a resource already serialised, for an operation
 * that assembles its reply from cached text (HealthcareService/$match, decision 0028).
 */
export type OperationResult = { status?: number; headers?: Record<string, string> } & ({ resource: Resource | Bundle; json?: undefined } | { json: string; resource?: undefined });
