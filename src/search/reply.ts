// Why this file exists: the search reply is the one body written thousands of times a second, and
// JSON.stringify spent as long on it as the search took on a small town. Most of a result is the
// service's own description (name, access, referral endpoints, contacts, address), which changes only
// when the service does, so its JSON is made once per service version and spliced in. The output is
// byte for byte what JSON.stringify gives (tested), so clients cannot tell the difference.
import type { Service } from '../directory/model';
import type { SearchResult } from './model';

/** The service a result describes: set by the engine, not enumerable (spreads and JSON leave it out). */
export const RESULT_SOURCE = Symbol('search result source');

type WithSource = SearchResult & { [RESULT_SOURCE]?: Service };

interface Fragments {
  /** `{"serviceId":…,"typeName":"…"` */
  head: string;
  /** `"access":…,"address":…` (may be empty) */
  body: string;
}

const fragmentsByService = new WeakMap<Service, Fragments>();

function fragmentsOf(result: SearchResult): Fragments {
  const { serviceId, name, publicName, typeId, typeName, access, referralEndpoints, contacts, address } = result;
  return {
    head: JSON.stringify({ serviceId, name, publicName, typeId, typeName }).slice(0, -1),
    body: JSON.stringify({ access, referralEndpoints, contacts, address }).slice(1, -1),
  };
}

function cachedFragments(result: WithSource): Fragments {
  const source = result[RESULT_SOURCE];
  if (source === undefined) return fragmentsOf(result);
  let fragments = fragmentsByService.get(source);
  if (fragments === undefined) fragmentsByService.set(source, (fragments = fragmentsOf(result)));
  return fragments;
}

const dateJson = (at: Date | null): string => (at === null ? 'null' : `"${at.toISOString()}"`);

export function searchResultJson(result: SearchResult): string {
  const { head, body } = cachedFragments(result);
  const c = result.capacity;
  return (
    `${head},"distanceKm":${JSON.stringify(result.distanceKm)},"rank":${JSON.stringify(result.rank)},"tier":"${result.tier}",` +
    `"openNow":${result.openNow},"opensAt":${dateJson(result.opensAt)},"closesAt":${dateJson(result.closesAt)},` +
    `"capacity":{"status":"${c.status}","reason":${JSON.stringify(c.reason)},"setAt":${dateJson(c.setAt)},"resetAt":${dateJson(c.resetAt)},"expired":${c.expired}}` +
    `${body === '' ? '' : `,${body}`},"catchAll":${result.catchAll},"reasons":${JSON.stringify(result.reasons)}}`
  );
}

/** The search reply as JSON: results from cached service fragments, the rest as usual. */
export function searchReplyJson(reply: { results: SearchResult[] }): string {
  const { results, ...rest } = reply;
  const tail = JSON.stringify(rest);
  return `{"results":[${results.map(searchResultJson).join(',')}]${tail === '{}' ? '}' : `,${tail.slice(1)}`}`;
}
