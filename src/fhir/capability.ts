/**
 * The CapabilityStatement at /fhir/metadata, generated from the registry: every resource type with
 * its profile, interactions, search parameters, `_include`/`_revinclude` values and operations, and
 * the system operations. Nothing is listed that is not registered, so it stays true. Pure.
 */
import type { CapabilityStatement, CapabilityStatementRestResource } from '@medplum/fhirtypes';
import { FHIR_JSON, FHIR_VERSION } from './model';
import type { FhirRegistry } from './registry';

/** Common search parameters every search accepts (besides the resource's own). */
const COMMON_SEARCH = [
  { name: '_count', type: 'number' as const, documentation: 'Matches per page (default 20, at most 500); 0 gives only the total' },
  { name: '_offset', type: 'number' as const, documentation: 'Where the page starts in the stable order (used by the next and previous links)' },
];

export function capabilityStatement(registry: FhirRegistry, options: { base: string; software: { name: string; version: string }; date: string }): CapabilityStatement {
  const resources: CapabilityStatementRestResource[] = registry.resources.map((def) => {
    const ops = registry.operationsOf(def.type);
    return {
      type: def.type,
      ...(def.profile ? { profile: def.profile } : {}),
      documentation: def.documentation,
      interaction: [{ code: 'read' as const }, ...(def.search ? [{ code: 'search-type' as const }] : [])],
      versioning: 'no-version' as const,
      readHistory: false,
      updateCreate: false,
      ...(def.search
        ? {
            searchInclude: (def.includes ?? []).map((i) => i.name),
            searchRevInclude: (def.revIncludes ?? []).map((i) => i.name),
            searchParam: [...def.search.params, ...COMMON_SEARCH].map((p) => ({
              name: p.name,
              type: p.type,
              ...('definition' in p && p.definition ? { definition: p.definition } : {}),
              documentation: p.documentation,
            })),
          }
        : {}),
      ...(ops.length ? { operation: ops.map((o) => ({ name: o.name, definition: o.definition, documentation: o.documentation })) } : {}),
    };
  });
  const systemOps = registry.operationsOf(undefined);
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: options.date,
    publisher: 'Signpost',
    kind: 'instance',
    software: options.software,
    implementation: {
      description:
        'Signpost FHIR R4 server: the directory of services (UK Core shapes) and its search as HealthcareService/$match; patients’ episodes and referrals, to those caring for them; the published triage pathways as Questionnaires; referrals in by $process-message',
      url: options.base,
    },
    fhirVersion: FHIR_VERSION,
    format: [FHIR_JSON, 'json'],
    rest: [
      {
        mode: 'server',
        documentation: 'Authenticate as for the Signpost API: a bearer API token (scoped to an organisation) or a session cookie. Errors are OperationOutcomes.',
        security: { cors: false, description: 'Bearer API token (Authorization: Bearer …) or the Signpost session cookie' },
        resource: resources,
        ...(systemOps.length ? { operation: systemOps.map((o) => ({ name: o.name, definition: o.definition, documentation: o.documentation })) } : {}),
      },
    ],
  };
}
