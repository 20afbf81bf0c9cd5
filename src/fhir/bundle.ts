/**
 * Searchset Bundles: the page of matches, the resources `_include`/`_revinclude` brought in, an
 * OperationOutcome entry for the parameters the search did not use, `total`, and `self`/`next`/
 * `previous` links that repeat the search with another `_offset` (the order is stable). Pure.
 */
import type { Bundle, BundleEntry, BundleLink, Extension, Resource } from '@medplum/fhirtypes';
import type { FhirContext, ParsedSearch } from './model';
import { operationOutcome } from './outcome';

export const fullUrl = (base: string, resource: Resource) => `${base}/${resource.resourceType}/${resource.id}`;

/** The search's own parameters without the paging ones: the links add their own `_count` and `_offset`. */
function linkFor(base: string, path: string, query: URLSearchParams, count: number, offset: number): BundleLink['url'] {
  const params = new URLSearchParams();
  for (const [key, value] of query) if (key !== '_count' && key !== '_offset') params.append(key, value);
  params.set('_count', String(count));
  if (offset > 0) params.set('_offset', String(offset));
  return `${base}/${path}?${params.toString()}`;
}

export interface SearchsetInput {
  ctx: FhirContext;
  /** the path searched, below the base (e.g. `HealthcareService`) */
  path: string;
  query: URLSearchParams;
  search: ParsedSearch;
  matches: Resource[];
  total: number;
  included: Resource[];
  /** extra search data per match (`$match` gives a score) */
  score?: (resource: Resource, index: number) => number | undefined;
  /** extensions of a match's entry (`$match` says why it was chosen) */
  entryExtensions?: (resource: Resource, index: number) => Extension[];
}

export function searchsetBundle(input: SearchsetInput): Bundle {
  const { ctx, path, query, search, matches, total, included } = input;
  const links: BundleLink[] = [{ relation: 'self', url: linkFor(ctx.base, path, query, search.count, search.offset) }];
  if (search.count > 0 && search.offset + matches.length < total) {
    links.push({ relation: 'next', url: linkFor(ctx.base, path, query, search.count, search.offset + search.count) });
  }
  if (search.count > 0 && search.offset > 0) {
    links.push({ relation: 'previous', url: linkFor(ctx.base, path, query, search.count, Math.max(0, search.offset - search.count)) });
  }
  const entries: BundleEntry[] = matches.map((resource, i) => {
    const score = input.score?.(resource, i);
    const extension = input.entryExtensions?.(resource, i);
    return {
      fullUrl: fullUrl(ctx.base, resource),
      resource,
      search: { mode: 'match', ...(score !== undefined ? { score } : {}), ...(extension?.length ? { extension } : {}) },
    };
  });
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`));
  for (const resource of included) {
    const key = `${resource.resourceType}/${resource.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ fullUrl: fullUrl(ctx.base, resource), resource, search: { mode: 'include' } });
  }
  if (search.unknown.length) {
    entries.push({
      resource: operationOutcome(
        search.unknown.map((name) => ({ severity: 'warning', code: 'not-supported', diagnostics: `The search parameter ${name} is not supported and was ignored`, expression: [name] })),
      ),
      search: { mode: 'outcome' },
    });
  }
  return { resourceType: 'Bundle', type: 'searchset', total, link: links, entry: entries };
}
