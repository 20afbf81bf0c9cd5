// The one way the screens talk to the server: an openapi-fetch client typed by the types generated
// from the server's routes (lib/api/schema.d.ts, `npm run gen:api`), so a path, its parameters, its
// body and its reply are all checked by the compiler. Same-origin fetch (the session cookie rides
// along and the browser sends Origin on writes); the API's one error shape turned into ApiError.
import { useCallback, useEffect, useRef, useState } from 'react';
import createClient, { type ClientPathsWithMethod, type MethodResponse } from 'openapi-fetch';
import type { components, paths } from './api/schema';

export type { components, paths };

/** The API's schemas by the names the OpenAPI document gives them. */
export type Schemas = components['schemas'];

export type ErrorDetail = Schemas['Error']['error']['details'][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** What the server offers instead of what it refused (e.g. pathways that do apply). */
    readonly choices: { id: string; title: string }[] = [],
  ) {
    super(message);
  }
}

/** Called when any request answers 401, so the app can show the sign-in page. */
let onUnauthorised: (() => void) | null = null;
export function setUnauthorisedHandler(handler: (() => void) | null): void {
  onUnauthorised = handler;
}

type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

/** Query text as the server reads it: empty values left out, a list as the key repeated. */
export function queryText(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, String(v)));
    else search.set(key, String(value as string | number | boolean));
  }
  return search.toString();
}

/** `?a=1&b=2` for a screen's own address (empty when there is nothing to say). */
export function query(params: Record<string, QueryValue>): string {
  const text = queryText(params);
  return text ? `?${text}` : '';
}

export const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer: (query) => queryText(query as Record<string, QueryValue>),
  // Looked up at each call (not captured once), so tests can stand in for the network.
  fetch: (request) => globalThis.fetch(request),
});

export type Client = typeof client;
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The JSON a route replies with on success: `Reply<'/api/cases/{id}'>`, `Reply<'/api/cases', 'post'>`. */
export type Reply<P extends ClientPathsWithMethod<Client, M>, M extends Method = 'get'> = MethodResponse<Client, M, P>;

/** The JSON body a route takes. */
export type RequestBody<P extends keyof paths, M extends Method = 'post'> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** What openapi-fetch answers with: the success data, or the error and the response. */
type Outcome<T> = { data?: T; error?: unknown; response: Response };

export interface CallOptions {
  /** Don't treat a 401 as "signed out" (the sign-in form itself). */
  quiet401?: boolean;
}

/**
 * The reply of a client call, or an ApiError with the server's code, message and fields at fault
 * (status 0: the server could not be reached). `await call(client.GET('/api/cases/{id}', …))`.
 */
export async function call<T>(pending: Promise<Outcome<T>>, options: CallOptions = {}): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Signpost cannot be reached. Check the connection and try again.');
  }
  const { response } = outcome;
  if (!response.ok) {
    const error = (outcome.error as Partial<Schemas['Error']> | undefined)?.error;
    if (response.status === 401 && !options.quiet401) onUnauthorised?.();
    throw new ApiError(response.status, error?.code ?? 'http_' + response.status, error?.message ?? `The server answered ${response.status}`, error?.details ?? [], error?.choices ?? []);
  }
  return outcome.data as T;
}

/** An address of the API for what the browser fetches by itself (a link, an event stream), with its path parameters filled in. */
export function apiHref<P extends keyof paths>(path: P, params: Record<string, string | number> = {}, query: Record<string, QueryValue> = {}): string {
  const filled = (path as string).replace(/\{([A-Za-z_]+)\}/g, (_, name: string) => encodeURIComponent(String(params[name])));
  const search = queryText(query);
  return search ? `${filled}?${search}` : filled;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** Asks the server for something (the client call given the abort signal). */
export type Load<T> = (signal: AbortSignal) => Promise<Outcome<T>>;

/**
 * Loads with a client call (null: nothing yet) and loads again when `key` changes or on reload().
 * `useApi((signal) => client.GET('/api/cases/{id}', { params: { path: { id } }, signal }), id)`.
 */
export function useApi<T>(load: Load<T> | null, key: unknown = ''): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(load !== null);
  const [tick, setTick] = useState(0);
  // The call is new on every render; what it asks for is named by `key` (and whether there is one).
  const latest = useRef(load);
  latest.current = load;
  const wanted = load === null ? null : JSON.stringify(key);
  useEffect(() => {
    const current = latest.current;
    if (wanted === null || current === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    call(current(controller.signal))
      .then((result) => {
        setData(result);
        setError(null);
      })
      .catch((e: unknown) => {
        if ((e as Error).name !== 'AbortError') setError(e instanceof ApiError ? e : new ApiError(0, 'unknown', String(e)));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [wanted, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/** The routes that answer with a stream of Server-Sent Events. */
export type StreamPath = { [P in keyof paths]: paths[P]['get'] extends { responses: { 200: { content: { 'text/event-stream': unknown } } } } ? P : never }[keyof paths];

/**
 * Follows a Server-Sent Events stream. The browser reconnects by itself and sends Last-Event-ID,
 * so nothing is missed; `onEvent` gets each event of the named types (and unnamed messages).
 */
export function useEventStream(path: StreamPath | null, types: readonly string[], onEvent: (type: string, data: unknown, id: string) => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typeKey = types.join(',');
  useEffect(() => {
    if (!path || typeof EventSource === 'undefined') return;
    const source = new EventSource(apiHref(path), { withCredentials: true });
    const listener = (event: Event) => {
      const message = event as MessageEvent;
      let data: unknown;
      try {
        data = JSON.parse(message.data as string);
      } catch {
        data = message.data;
      }
      handler.current(message.type, data, message.lastEventId);
    };
    const names = typeKey ? typeKey.split(',') : [];
    for (const name of names) source.addEventListener(name, listener);
    source.addEventListener('ready', () => setState('live'));
    source.onmessage = listener;
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    return () => source.close();
  }, [path, typeKey]);
  return state;
}
