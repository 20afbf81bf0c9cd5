import { NoContent } from '../platform/replies';
import { z } from 'zod';
import { route, type RouteDef } from '../platform/http';
import { AreasReply, DistanceRuleScopes, DistanceRulesReply, PostcodeReply, SearchDistanceRule, SearchDistanceRuleReply } from './model';
import type { GeoService } from './service';

export function geoRoutes(geo: GeoService): RouteDef[] {
  return [
    route({
      method: 'get',
      path: '/api/geo/postcodes/:postcode',
      summary: 'Resolve a postcode to coordinates, area and the default search distance (422 if unknown)',
      tag: 'geo',
      access: 'signed-in',
      params: z.object({ postcode: z.string().min(1).max(10) }),
      response: PostcodeReply,
      async handle({ params }) {
        const location = await geo.resolvePostcode(params.postcode);
        return { location, defaultSearchDistanceKm: geo.defaultSearchDistanceKm(location) };
      },
    }),
    route({
      method: 'get',
      path: '/api/geo/areas',
      summary: 'Commissioning areas',
      tag: 'geo',
      access: 'signed-in',
      response: AreasReply,
      async handle() {
        return { areas: geo.listAreas() };
      },
    }),
    route({
      method: 'get',
      path: '/api/geo/search-distance-rules',
      summary: 'Default search distance rules (postcode, sector, district, area, national)',
      tag: 'geo',
      access: 'signed-in',
      response: DistanceRulesReply,
      async handle() {
        return { rules: geo.listRules() };
      },
    }),
    route({
      method: 'put',
      path: '/api/geo/search-distance-rules',
      summary: 'Set a default search distance rule',
      tag: 'geo',
      access: ['dos_lead', 'admin'],
      body: SearchDistanceRule,
      response: SearchDistanceRuleReply,
      async handle({ actor, body }) {
        return geo.setRule(actor, body);
      },
    }),
    route({
      method: 'delete',
      path: '/api/geo/search-distance-rules/:scope/:key',
      summary: 'Remove a search distance rule',
      tag: 'geo',
      access: ['dos_lead', 'admin'],
      params: z.object({ scope: z.enum(DistanceRuleScopes), key: z.string() }),
      status: 204,
      response: NoContent,
      async handle({ actor, params }) {
        await geo.deleteRule(actor, params.scope, params.key);
      },
    }),
  ];
}
