import { z } from 'zod';
import { Nations, type Nation } from './nation';

export interface Area {
  code: string;
  name: string;
  nation: Nation;
  region: string | null;
}

export interface District {
  district: string;
  lat: number;
  lon: number;
  areaCode: string | null;
  town: string | null;
  population: number | null;
}

/** A place a search starts from, with how precisely it is known. */
export interface Location {
  postcode: string | null;
  lat: number;
  lon: number;
  areaCode: string | null;
  nation: Nation;
  district: string | null;
  precision: 'postcode' | 'district' | 'coordinates';
}

export const DistanceRuleScopes = ['postcode', 'sector', 'district', 'area', 'national'] as const;
export type DistanceRuleScope = (typeof DistanceRuleScopes)[number];

export const SearchDistanceRule = z.object({
  scope: z.enum(DistanceRuleScopes),
  key: z.string().trim().default(''),
  km: z.number().min(1, 'at least 1 km').max(99, 'at most 99 km'),
});
export type SearchDistanceRule = z.infer<typeof SearchDistanceRule>;

export const AreaFile = z.object({
  areas: z.array(
    z.object({ code: z.string().min(1), name: z.string().min(1), nation: z.enum(Nations), region: z.string().optional() }),
  ),
});

export const DistanceRuleFile = z.object({ rules: z.array(SearchDistanceRule) });

export const LatLon = z.object({
  lat: z.number().min(49).max(61, 'outside the United Kingdom'),
  lon: z.number().min(-9).max(2.5, 'outside the United Kingdom'),
});

// Replies of the geo routes.
export const AreaSchema = z.object({ code: z.string(), name: z.string(), nation: z.enum(Nations), region: z.string().nullable() });
export const LocationSchema = z.object({
  postcode: z.string().nullable(),
  lat: z.number(),
  lon: z.number(),
  areaCode: z.string().nullable(),
  nation: z.enum(Nations),
  district: z.string().nullable(),
  precision: z.enum(['postcode', 'district', 'coordinates']),
});
export const SearchDistanceRuleReply = z.object({ scope: z.enum(DistanceRuleScopes), key: z.string(), km: z.number() });
export const PostcodeReply = z.object({ location: LocationSchema, defaultSearchDistanceKm: z.number() });
export const AreasReply = z.object({ areas: z.array(AreaSchema) });
export const DistanceRulesReply = z.object({ rules: z.array(SearchDistanceRuleReply) });
