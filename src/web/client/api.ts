import type { ApiErrorBody, ApiErrorCode } from './wire-types.js';

/** The API's codes, and the page's own for when no answer came or it was not JSON. */
export type ErrorCode = ApiErrorCode | 'network' | 'session_unavailable' | 'error';

/** An error the API answered with: its stable code and the sentence meant for people. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

/** The JSON API with the session cookie; every state-changing call carries the session's CSRF token. */
export function createApi(csrfToken: string): Api {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'network', 'Rampart did not answer; check your connection and try again.');
    }
    if (res.status === 401) {
      window.location.assign(
        `/sign-in?return_to=${encodeURIComponent(window.location.pathname + window.location.search)}`,
      );
      throw new ApiError(401, 'unauthenticated', 'Your session has ended; sign in again.');
    }
    if (res.status === 204) return undefined as T;
    const json = (await res.json().catch(() => null)) as Partial<ApiErrorBody> | null;
    if (!res.ok) {
      throw new ApiError(
        res.status,
        json?.error?.code ?? 'error',
        json?.error?.message ?? `Rampart answered ${res.status}.`,
      );
    }
    return json as T;
  };
  return { get: (path) => call('GET', path), send: (method, path, body) => call(method, path, body) };
}

/** What the page shows for a failure: the API's own sentence when there is one. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return 'Something went wrong in this page; reload it and try again.';
}
