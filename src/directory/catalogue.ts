/**
 * The reference catalogue: dispositions (Dx), symptom groups (SG), symptom discriminators (SD),
 * directory service types and service capabilities (what a service can do for a patient). Loaded once at start-up from `data/reference/*.yaml` (or from data an
 * administrator supplies), validated, and then immutable.
 *
 * Pure apart from `Catalogue.load`, which reads the four files synchronously.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

// ── Public types ────────────────────────────────────────────────────────────────────────────

export const DISPOSITION_GROUPS = [
  'ambulance-cat1',
  'ambulance-cat2',
  'ambulance-cat3',
  'ambulance-cat4',
  'police',
  'emergency-department',
  'contact-primary-care',
  'speak-to-primary-care',
  'own-gp',
  'dental',
  'community',
  'other-services',
  'clinician-callback',
  'validation-callback',
  'repeat-prescription',
  'self-care',
] as const;
export type DispositionGroup = (typeof DISPOSITION_GROUPS)[number];

export const SERVICE_CATEGORIES = [
  'emergency',
  'urgent-care',
  'primary-care',
  'community',
  'pharmacy',
  'dental',
  'mental-health',
  'maternity',
  'sexual-health',
  'social-care',
  'optical',
  'hospital-specialist',
  'telephony',
] as const;
export type ServiceCategory = (typeof SERVICE_CATEGORIES)[number];

/** How soon a disposition must be acted on. */
export type Timeframe =
  | { kind: 'immediate' }
  | { kind: 'minutes'; minutes: number }
  | { kind: 'working-days'; days: number }
  | { kind: 'none' };

export interface Disposition {
  code: string;
  title: string;
  group: DispositionGroup;
  timeframe: Timeframe;
  /** numeric id used by older directory interfaces (e.g. Dx02 → 1002) */
  legacyId?: number;
  /** validation call-backs only: the dispositions this call-back stands in for */
  validationOf?: string[];
  note?: string;
}

export interface SymptomGroup {
  code: number;
  title: string;
  /** local (not national) code; codes above 10999 are always local */
  local: boolean;
}

export interface SymptomDiscriminator {
  /** always a string: "4052", "14001", "Z001" */
  code: string;
  title: string;
  local: boolean;
}

export interface ServiceType {
  id: number;
  name: string;
  /** national default ranking strategy, 1–10; 1 is shown first */
  nationalRank: number;
  /** results of this type in one search */
  maxResults: number;
  category: ServiceCategory;
  /** offered when nothing else fits (emergency department) */
  catchAll: boolean;
  local: boolean;
}

/** Where a service delivers a capability: at the patient's home, or on its own site. */
export const CAPABILITY_PLACES = ['home', 'on-site'] as const;
export type CapabilityPlace = (typeof CAPABILITY_PLACES)[number];

/** What a service can do for a patient, with the phrases professionals use for the need it meets. */
export interface Capability {
  code: string;
  name: string;
  category: string;
  /** need phrases ("cannot inject insulin"): the needs search matches words against these and the name */
  needs: readonly string[];
}

export interface CatalogueProblem {
  /** the file (or data set) the problem is in, e.g. "dispositions.yaml" */
  file: string;
  /** dotted path inside it, e.g. "dispositions.12.timeframe" */
  path: string;
  message: string;
}

/** The catalogue data is invalid. `problems` lists every problem found; the message names them. */
export class CatalogueError extends Error {
  override readonly name = 'CatalogueError';
  constructor(readonly problems: readonly CatalogueProblem[]) {
    const lines = problems.slice(0, 25).map((p) => `  ${formatProblem(p)}`);
    if (problems.length > 25) lines.push(`  … and ${problems.length - 25} more`);
    super(`invalid reference catalogue:\n${lines.join('\n')}`);
  }
}

export function formatProblem(p: CatalogueProblem): string {
  return p.path ? `${p.file}: ${p.path}: ${p.message}` : `${p.file}: ${p.message}`;
}

/** Codes asked for that the catalogue does not know; see `Catalogue.unknownCodes`. */
export interface UnknownCodesInput {
  dispositions?: readonly string[];
  symptomGroups?: readonly number[];
  discriminators?: readonly string[];
  serviceTypes?: readonly number[];
  capabilities?: readonly string[];
}

// ── File names and default location ─────────────────────────────────────────────────────────

export const CATALOGUE_FILES = {
  dispositions: 'dispositions.yaml',
  symptomGroups: 'symptom-groups.yaml',
  serviceTypes: 'service-types.yaml',
  capabilities: 'capabilities.yaml',
} as const;

/** `<repo>/data/reference`, resolved from this source file rather than the working directory. */
export const DEFAULT_REFERENCE_DIR = fileURLToPath(new URL('../../data/reference/', import.meta.url));

/** Codes above this are local by the standard (symptom groups and numeric discriminators). */
const LAST_NATIONAL_CODE = 10999;

// ── Schemas (the file formats) ──────────────────────────────────────────────────────────────

const TIMEFRAME_RULES = ['immediate', 'next-working-day', '3-working-days', '5-working-days', 'none'] as const;

const dispositionCode = z.string().regex(/^Dx\d{2,6}$/, 'expected a disposition code such as Dx02');
const title = z.string().trim().min(1, 'must not be empty');

const timeframeSchema = z
  .union([z.int().positive(), z.enum(TIMEFRAME_RULES)], {
    error: `expected minutes (a positive whole number) or one of ${TIMEFRAME_RULES.join(' | ')}`,
  })
  .transform((value): Timeframe => {
    if (typeof value === 'number') return { kind: 'minutes', minutes: value };
    switch (value) {
      case 'immediate':
        return { kind: 'immediate' };
      case 'none':
        return { kind: 'none' };
      case 'next-working-day':
        return { kind: 'working-days', days: 1 };
      case '3-working-days':
        return { kind: 'working-days', days: 3 };
      case '5-working-days':
        return { kind: 'working-days', days: 5 };
    }
  });

const dispositionSchema = z.strictObject({
  code: dispositionCode,
  title,
  group: z.enum(DISPOSITION_GROUPS),
  timeframe: timeframeSchema,
  legacyId: z.int().positive().optional(),
  validationOf: z.array(dispositionCode).min(1).optional(),
  note: z.string().trim().min(1).optional(),
});

const dispositionsFileSchema = z.strictObject({ dispositions: z.array(dispositionSchema) });

const symptomGroupSchema = z.strictObject({
  code: z.int().positive(),
  title,
  local: z.boolean().optional(),
});

const discriminatorSchema = z.strictObject({
  // accept an unquoted YAML number too (4052), but store a string
  code: z
    .union([z.string().trim().regex(/^(\d{1,6}|Z\d{3,4})$/), z.int().nonnegative()], {
      error: 'expected a discriminator code such as "4052" or "Z001"',
    })
    .transform(String),
  title,
  local: z.boolean().optional(),
});

const symptomGroupsFileSchema = z.strictObject({
  symptomGroups: z.array(symptomGroupSchema),
  symptomDiscriminators: z.array(discriminatorSchema).default([]),
});

const serviceTypeSchema = z.strictObject({
  id: z.int().positive(),
  name: title,
  nationalRank: z.int().min(1).max(10),
  maxResults: z.int().min(1),
  category: z.enum(SERVICE_CATEGORIES),
  catchAll: z.boolean().optional(),
  local: z.boolean().optional(),
});

const serviceTypesFileSchema = z.strictObject({ serviceTypes: z.array(serviceTypeSchema) });

const capabilitySchema = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9-]{1,63}$/, 'expected a capability code such as insulin-administration'),
  name: title,
  category: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a category such as nursing'),
  needs: z.array(title).default([]),
});

const capabilitiesFileSchema = z.strictObject({ capabilities: z.array(capabilitySchema) });

// ── Catalogue ───────────────────────────────────────────────────────────────────────────────

export interface CatalogueRawData {
  /** the parsed dispositions.yaml (`{ dispositions: [...] }`), or just the array */
  dispositions: unknown;
  /** the parsed symptom-groups.yaml (`{ symptomGroups: [...], symptomDiscriminators: [...] }`) */
  symptomGroups: unknown;
  /** the parsed service-types.yaml (`{ serviceTypes: [...] }`), or just the array */
  serviceTypes: unknown;
  /** the parsed capabilities.yaml (`{ capabilities: [...] }`); absent: no capabilities */
  capabilities?: unknown;
}

export class Catalogue {
  readonly dispositions: readonly Disposition[];
  readonly symptomGroups: readonly SymptomGroup[];
  readonly discriminators: readonly SymptomDiscriminator[];
  readonly serviceTypes: readonly ServiceType[];
  /** the service types offered when nothing else fits (emergency departments) */
  readonly catchAllServiceTypes: readonly ServiceType[];
  /** what services can do (insulin at home, personal care …), for the needs search */
  readonly capabilities: readonly Capability[];

  readonly #dispositions: ReadonlyMap<string, Disposition>;
  readonly #byLegacyId: ReadonlyMap<number, Disposition>;
  readonly #validationFor: ReadonlyMap<string, Disposition>;
  readonly #symptomGroups: ReadonlyMap<number, SymptomGroup>;
  readonly #discriminators: ReadonlyMap<string, SymptomDiscriminator>;
  readonly #serviceTypes: ReadonlyMap<number, ServiceType>;
  readonly #capabilities: ReadonlyMap<string, Capability>;

  private constructor(data: {
    dispositions: Disposition[];
    symptomGroups: SymptomGroup[];
    discriminators: SymptomDiscriminator[];
    serviceTypes: ServiceType[];
    capabilities: Capability[];
  }) {
    this.dispositions = deepFreeze(data.dispositions);
    this.symptomGroups = deepFreeze(data.symptomGroups);
    this.discriminators = deepFreeze(data.discriminators);
    this.serviceTypes = deepFreeze(data.serviceTypes);
    this.catchAllServiceTypes = Object.freeze(this.serviceTypes.filter((t) => t.catchAll));
    this.capabilities = deepFreeze(data.capabilities);

    this.#dispositions = new Map(this.dispositions.map((d) => [d.code, d]));
    this.#byLegacyId = new Map(
      this.dispositions.flatMap((d) => (d.legacyId === undefined ? [] : [[d.legacyId, d] as const])),
    );
    this.#validationFor = new Map(
      this.dispositions.flatMap((d) => (d.validationOf ?? []).map((code) => [code, d] as const)),
    );
    this.#symptomGroups = new Map(this.symptomGroups.map((g) => [g.code, g]));
    this.#discriminators = new Map(this.discriminators.map((d) => [d.code, d]));
    this.#serviceTypes = new Map(this.serviceTypes.map((t) => [t.id, t]));
    this.#capabilities = new Map(this.capabilities.map((c) => [c.code, c]));
    Object.freeze(this);
  }

  /** Load the three YAML files from `dir` (default: the catalogue shipped in data/reference). */
  static load(dir: string = DEFAULT_REFERENCE_DIR): Catalogue {
    const problems: CatalogueProblem[] = [];
    const read = (file: string): unknown => {
      const fullPath = join(dir, file);
      let text: string;
      try {
        text = readFileSync(fullPath, 'utf8');
      } catch (err) {
        problems.push({ file, path: '', message: `cannot read ${fullPath}: ${errorMessage(err)}` });
        return undefined;
      }
      try {
        return parseYaml(text);
      } catch (err) {
        problems.push({ file, path: '', message: `not valid YAML: ${errorMessage(err)}` });
        return undefined;
      }
    };
    const raw = {
      dispositions: read(CATALOGUE_FILES.dispositions),
      symptomGroups: read(CATALOGUE_FILES.symptomGroups),
      serviceTypes: read(CATALOGUE_FILES.serviceTypes),
      capabilities: read(CATALOGUE_FILES.capabilities),
    };
    if (problems.length > 0) throw new CatalogueError(problems);
    return Catalogue.fromData(raw);
  }

  /**
   * Build a catalogue from already-parsed data (tests, or an administrator loading a fuller
   * catalogue). Throws `CatalogueError` listing every problem, each naming the file and the item.
   */
  static fromData(raw: CatalogueRawData): Catalogue {
    const problems: CatalogueProblem[] = [];

    const dispositionsDoc = parseFile(
      CATALOGUE_FILES.dispositions,
      dispositionsFileSchema,
      Array.isArray(raw.dispositions) ? { dispositions: raw.dispositions } : raw.dispositions,
      problems,
    );
    const symptomDoc = parseFile(CATALOGUE_FILES.symptomGroups, symptomGroupsFileSchema, raw.symptomGroups, problems);
    const serviceTypesDoc = parseFile(
      CATALOGUE_FILES.serviceTypes,
      serviceTypesFileSchema,
      Array.isArray(raw.serviceTypes) ? { serviceTypes: raw.serviceTypes } : raw.serviceTypes,
      problems,
    );

    // ── dispositions ──
    const dispositions: Disposition[] = [];
    if (dispositionsDoc) {
      const file = CATALOGUE_FILES.dispositions;
      const items = dispositionsDoc.dispositions;
      problems.push(...duplicates(file, 'dispositions', items, (d) => d.code, 'code', 'code'));
      problems.push(
        ...duplicates(file, 'dispositions', items, (d) => d.legacyId, 'legacyId', 'legacy id'),
      );
      const known = new Set(items.map((d) => d.code));
      const validatedBy = new Map<string, string>();
      items.forEach((d, i) => {
        if (d.group === 'validation-callback' && !d.validationOf) {
          problems.push({ file, path: `dispositions.${i}.validationOf`, message: `${d.code}: a validation call-back must say which dispositions it stands in for` });
        }
        if (d.group !== 'validation-callback' && d.validationOf) {
          problems.push({ file, path: `dispositions.${i}.validationOf`, message: `${d.code}: only validation-callback dispositions may have validationOf` });
        }
        (d.validationOf ?? []).forEach((code, j) => {
          const path = `dispositions.${i}.validationOf.${j}`;
          if (!known.has(code)) {
            problems.push({ file, path, message: `${d.code}: unknown disposition ${code}` });
          } else if (items.find((o) => o.code === code)?.group === 'validation-callback') {
            problems.push({ file, path, message: `${d.code}: ${code} is itself a validation call-back` });
          } else if (validatedBy.has(code) && validatedBy.get(code) !== d.code) {
            problems.push({ file, path, message: `${d.code}: ${code} is already validated by ${validatedBy.get(code)}` });
          } else {
            validatedBy.set(code, d.code);
          }
        });
        dispositions.push(withoutUndefined({
          code: d.code,
          title: d.title,
          group: d.group,
          timeframe: d.timeframe,
          legacyId: d.legacyId,
          validationOf: d.validationOf,
          note: d.note,
        }));
      });
    }

    // ── symptom groups and discriminators ──
    const symptomGroups: SymptomGroup[] = [];
    const discriminators: SymptomDiscriminator[] = [];
    if (symptomDoc) {
      const file = CATALOGUE_FILES.symptomGroups;
      problems.push(...duplicates(file, 'symptomGroups', symptomDoc.symptomGroups, (g) => g.code, 'code', 'code'));
      problems.push(
        ...duplicates(file, 'symptomDiscriminators', symptomDoc.symptomDiscriminators, (d) => d.code, 'code', 'code'),
      );
      symptomDoc.symptomGroups.forEach((g, i) => {
        const mustBeLocal = g.code > LAST_NATIONAL_CODE;
        if (mustBeLocal && g.local === false) {
          problems.push({ file, path: `symptomGroups.${i}.local`, message: `${g.code}: codes above ${LAST_NATIONAL_CODE} are local` });
        }
        symptomGroups.push({ code: g.code, title: g.title, local: g.local ?? mustBeLocal });
      });
      symptomDoc.symptomDiscriminators.forEach((d, i) => {
        const mustBeLocal = /^\d+$/.test(d.code) && Number(d.code) > LAST_NATIONAL_CODE;
        if (mustBeLocal && d.local === false) {
          problems.push({ file, path: `symptomDiscriminators.${i}.local`, message: `${d.code}: codes above ${LAST_NATIONAL_CODE} are local` });
        }
        discriminators.push({ code: d.code, title: d.title, local: d.local ?? mustBeLocal });
      });
    }

    // ── service types ──
    const serviceTypes: ServiceType[] = [];
    if (serviceTypesDoc) {
      const file = CATALOGUE_FILES.serviceTypes;
      const items = serviceTypesDoc.serviceTypes;
      problems.push(...duplicates(file, 'serviceTypes', items, (t) => t.id, 'id', 'id'));
      if (items.length > 0 && !items.some((t) => t.catchAll)) {
        problems.push({ file, path: 'serviceTypes', message: 'no service type is marked catchAll (the emergency department type offered when nothing else fits)' });
      }
      for (const t of items) {
        serviceTypes.push({
          id: t.id,
          name: t.name,
          nationalRank: t.nationalRank,
          maxResults: t.maxResults,
          category: t.category,
          catchAll: t.catchAll ?? false,
          local: t.local ?? false,
        });
      }
    }

    // ── capabilities ──
    const capabilities: Capability[] = [];
    if (raw.capabilities !== undefined) {
      const file = CATALOGUE_FILES.capabilities;
      const doc = parseFile(file, capabilitiesFileSchema, Array.isArray(raw.capabilities) ? { capabilities: raw.capabilities } : raw.capabilities, problems);
      if (doc) {
        problems.push(...duplicates(file, 'capabilities', doc.capabilities, (c) => c.code, 'code', 'code'));
        for (const c of doc.capabilities) capabilities.push({ code: c.code, name: c.name, category: c.category, needs: c.needs });
      }
    }

    if (problems.length > 0) throw new CatalogueError(problems);
    return new Catalogue({ dispositions, symptomGroups, discriminators, serviceTypes, capabilities });
  }

  disposition(code: string): Disposition | undefined {
    return this.#dispositions.get(code);
  }

  /** The disposition an older interface calls by its numeric id (e.g. 1002 → Dx02). */
  dispositionByLegacyId(id: number): Disposition | undefined {
    return this.#byLegacyId.get(id);
  }

  /** The validation call-back that stands in for a disposition (e.g. Dx02 → Dx334), if any. */
  validationCallbackFor(code: string): Disposition | undefined {
    return this.#validationFor.get(code);
  }

  symptomGroup(code: number): SymptomGroup | undefined {
    return this.#symptomGroups.get(code);
  }

  discriminator(code: string): SymptomDiscriminator | undefined {
    return this.#discriminators.get(code);
  }

  serviceType(id: number): ServiceType | undefined {
    return this.#serviceTypes.get(id);
  }

  capability(code: string): Capability | undefined {
    return this.#capabilities.get(code);
  }

  /**
   * One problem for each distinct code the catalogue does not know, e.g.
   * `{ path: 'dispositions', message: 'unknown disposition Dx999' }`. Empty when all are known.
   */
  unknownCodes(input: UnknownCodesInput): { path: string; message: string }[] {
    const problems: { path: string; message: string }[] = [];
    const check = <T>(
      path: string,
      codes: readonly T[] | undefined,
      known: (code: T) => boolean,
      what: string,
    ): void => {
      for (const code of new Set(codes ?? [])) {
        if (!known(code)) problems.push({ path, message: `unknown ${what} ${String(code)}` });
      }
    };
    check('dispositions', input.dispositions, (c) => this.#dispositions.has(c), 'disposition');
    check('symptomGroups', input.symptomGroups, (c) => this.#symptomGroups.has(c), 'symptom group');
    check('discriminators', input.discriminators, (c) => this.#discriminators.has(c), 'symptom discriminator');
    check('serviceTypes', input.serviceTypes, (c) => this.#serviceTypes.has(c), 'service type');
    check('capabilities', input.capabilities, (c) => this.#capabilities.has(c), 'capability');
    return problems;
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────

function parseFile<T>(file: string, schema: z.ZodType<T>, data: unknown, problems: CatalogueProblem[]): T | undefined {
  if (data === undefined || data === null) {
    problems.push({ file, path: '', message: 'no data (the file is empty)' });
    return undefined;
  }
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const label = itemLabel(data, issue.path);
    problems.push({
      file,
      path: issue.path.map(String).join('.'),
      message: label ? `${label}: ${issue.message}` : issue.message,
    });
  }
  return undefined;
}

/** The code or id of the list item an issue is in (e.g. "Dx02"), to name it beside its index. */
function itemLabel(data: unknown, path: readonly PropertyKey[]): string | undefined {
  const [listKey, index, field] = path;
  if (typeof index !== 'number' || field === undefined || field === 'code' || field === 'id') return undefined;
  const list = (data as Record<PropertyKey, unknown>)[listKey as PropertyKey];
  const item = Array.isArray(list) ? (list[index] as unknown) : undefined;
  if (item === null || typeof item !== 'object') return undefined;
  const key = (item as { code?: unknown; id?: unknown }).code ?? (item as { id?: unknown }).id;
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

function duplicates<T, K>(
  file: string,
  listPath: string,
  items: readonly T[],
  key: (item: T) => K | undefined,
  field: string,
  label: string,
): CatalogueProblem[] {
  const firstAt = new Map<K, number>();
  const problems: CatalogueProblem[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const first = firstAt.get(k);
    if (first === undefined) firstAt.set(k, i);
    else {
      problems.push({
        file,
        path: `${listPath}.${i}.${field}`,
        message: `duplicate ${label} ${String(k)} (also at ${listPath}.${first})`,
      });
    }
  });
  return problems;
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
