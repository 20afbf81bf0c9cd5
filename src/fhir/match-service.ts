/**
 * HealthcareService/$match as a registered operation: reads the parameters, runs the directory search
 * (the same service, ranking and recording as POST /api/directory/search) and answers the ranked Bundle.
 */
import type { HealthcareService } from '@medplum/fhirtypes';
import type { Service } from '../directory/model';
import { AppError } from '../platform/errors';
import { SEARCHERS, SearchRequestSchema } from '../search/model';
import type { SearchService } from '../search/service';
import { matchBundle, matchRequest, MATCH_DEFINITION, MATCH_PARAMETERS, parameterOfField, parameterPath } from './match';
import { FhirError, type OperationDef } from './model';

export interface MatchDeps {
  search: SearchService;
  services: { one(id: string): Promise<Service | undefined>; typeOf(s: Service): { name: string; category: string } | undefined };
  toResource: (s: Service) => HealthcareService;
}

export function matchOperation(deps: MatchDeps): OperationDef {
  return {
    name: 'match',
    resourceType: 'HealthcareService',
    definition: MATCH_DEFINITION,
    documentation: 'The directory search: which services should this patient go to, now? Ranked, with why each was chosen and its capacity',
    access: SEARCHERS,
    affectsState: false,
    bodyType: 'Parameters',
    parameters: MATCH_PARAMETERS,
    async run(ctx, input, request) {
      const fromQuery = request.method === 'GET';
      const asked = matchRequest(input, fromQuery);
      const parsed = SearchRequestSchema.safeParse(asked);
      if (!parsed.success) {
        throw new FhirError(
          400,
          parsed.error.issues.map((issue) => {
            const name = parameterOfField(issue.path.map(String).join('.'));
            return { severity: 'error', code: 'invalid', diagnostics: `${name}: ${issue.message}`, expression: [parameterPath(name, fromQuery)] };
          }),
        );
      }
      let reply;
      try {
        reply = await deps.search.searchRequest(parsed.data, ctx.actor);
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        const details = error.details.length ? error.details : [{ path: '', message: error.message }];
        throw new FhirError(
          error.status === 422 ? 422 : 400,
          details.map((d) => {
            const name = parameterOfField(d.path);
            return { severity: 'error', code: error.status === 422 ? 'processing' : 'code-invalid', diagnostics: d.message, expression: [parameterPath(name, fromQuery)] };
          }),
        );
      }
      const services = await Promise.all(reply.results.map(async (r) => {
        const s = await deps.services.one(String(r.serviceId));
        return s && deps.toResource(s);
      }));
      return { resource: matchBundle({ base: ctx.base, self: ctx.url, results: reply.results, catchAll: reply.catchAll, services }) };
    },
  };
}
