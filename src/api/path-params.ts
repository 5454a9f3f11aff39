import { API_TOKEN_ID_PATTERN } from '../store/api-token-store.js';
import { AppError } from '../errors.js';
import type { AnyRoute, PathParam } from './route.js';

/** The ids Rampart issues; a value of another shape names no record, so no Redis key is ever built from it. */
export const ID_FORMATS = {
  run: /^run_[A-Za-z0-9_-]{16}$/,
  token: API_TOKEN_ID_PATTERN,
} as const;

/** Every id Rampart issues fits this; it keeps separators such as ":" out of keys even where a route names no format. */
const ANY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function paramDescription(param: PathParam | undefined): string {
  return typeof param === 'string' ? param : (param?.description ?? '');
}

export function paramPattern(param: PathParam | undefined): RegExp {
  return typeof param === 'object' ? param.pattern : ANY_ID;
}

/**
 * Path parameters checked by format before the handler runs. A malformed id answers like an unknown one (404), so the
 * answer reveals nothing the well-formed case would not.
 */
export function checkPathParams(spec: AnyRoute, params: Record<string, string>): void {
  for (const [name, value] of Object.entries(params)) {
    const param = spec.params?.[name];
    if (!ANY_ID.test(value) || !paramPattern(param).test(value)) {
      const code = typeof param === 'object' ? (param.notFoundCode ?? 'not_found') : 'not_found';
      const what = paramDescription(param) || `The ${name}`;
      throw new AppError(
        404,
        code,
        `Nothing has that id: ${what.replace(/,.*$/, '')} is not of a form Rampart issues.`,
      );
    }
  }
}
