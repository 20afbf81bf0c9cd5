// The one way the screens talk to the server: same-origin fetch (the session cookie rides along and
// the browser sends Origin on writes), the API's one error shape turned into ApiError.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface ErrorDetail {
  path: string;
  message: string;
}

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

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
  /** Don't treat a 401 as "signed out" (the sign-in form itself). */
  quiet401?: boolean;
  idempotencyKey?: string;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Signpost cannot be reached. Check the connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: ErrorDetail[]; choices?: { id: string; title: string }[] } } | null)?.error;
    if (response.status === 401 && !options.quiet401) onUnauthorised?.();
    throw new ApiError(response.status, error?.code ?? 'http_' + response.status, error?.message ?? `The server answered ${response.status}`, error?.details ?? [], error?.choices ?? []);
  }
  return json as T;
}

export function query(params: Record<string, string | number | boolean | undefined | null | (string | number)[]>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) value.forEach((v) => search.append(key, String(v)));
    else search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (data: T) => void;
}

/** GETs a path (null: nothing yet) and re-GETs when it changes or on reload(). */
export function useApi<T>(path: string | null): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return;
    }
    const controller = new AbortController();
    setLoading(true);
    api<T>(path, { signal: controller.signal })
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
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, setData };
}

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows a Server-Sent Events stream. The browser reconnects by itself and sends Last-Event-ID,
 * so nothing is missed; `onEvent` gets each event of the named types (and unnamed messages).
 */
export function useEventStream(path: string | null, types: readonly string[], onEvent: (type: string, data: unknown, id: string) => void): StreamState {
  const [state, setState] = useState<StreamState>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const typeKey = types.join(',');
  useEffect(() => {
    if (!path || typeof EventSource === 'undefined') return;
    const source = new EventSource(path, { withCredentials: true });
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
