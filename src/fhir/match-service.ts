/**
 * HealthcareService/$match as a registered operation: reads the parameters, runs the directory search
 * (the same service, ranking and recording as POST /api/directory/search) and answers the ranked Bundle.
 */
import type { Service } from '../directory/model';
import { AppError } from '../platform/errors';
import { SEARCHERS, SearchRequestSchema } from '../search/model';
import type { SearchService } from '../search/service';
import { matchBundleJson, matchRequest, MATCH_DEFINITION, MATCH_PARAMETERS, parameterOfField, parameterPath } from './match';
import { FhirError, type OperationDef } from './model';
import type { ResourceText } from './resource-cache';

export interface MatchDeps {
  search: SearchService;
  services: { indexed(id: number): Service | undefined; one(id: string): Promise<Service | undefined> };
  /** the service's HealthcareService as JSON text, cut where the capacity extension goes */
  toText: (s: Service) => ResourceText;
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
        reply = await deps.search.search(parsed.data, ctx.actor);
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
      // The index holds every service it ranked; the directory is asked only for one it no longer has.
      const services = await Promise.all(reply.results.map(async (r) => {
        const s = deps.services.indexed(r.serviceId) ?? (await deps.services.one(String(r.serviceId)));
        return s && deps.toText(s);
      }));
      return { json: matchBundleJson({ base: ctx.base, self: ctx.url, results: reply.results, catchAll: reply.catchAll, services }) };
    },
  };
}
