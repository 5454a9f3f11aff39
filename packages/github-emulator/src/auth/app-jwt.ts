import { verify } from 'node:crypto';
import { ApiError } from '../http/api-error.js';
import type { App } from '../model.js';
import type { EmulatorState } from '../state.js';

const UNDECODABLE = 'A JSON web token could not be decoded';
const IAT = "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued";
const EXP_PAST =
  "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires";
const EXP_FAR = "'Expiration time' claim ('exp') is too far in the future";

export function looksLikeJwt(credential: string): boolean {
  return !credential.startsWith('gh') && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(credential);
}

function decodePart(part: string): Record<string, unknown> {
  const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  return value as Record<string, unknown>;
}

/**
 * Verifies an App JWT as GitHub does (docs/github-behaviour.md#app-path): RS256 signed with the App's key,
 * `iss` = client ID or App ID, `iat` not in the future, `exp` in the future but at most 10 minutes ahead.
 */
export function verifyAppJwt(state: EmulatorState, jwt: string): App {
  const [h = '', p = '', s = ''] = jwt.split('.');
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decodePart(h);
    payload = decodePart(p);
  } catch {
    throw new ApiError(401, UNDECODABLE);
  }
  // [I] GitHub's answers for a wrong algorithm, unknown issuer or bad signature are not recorded; all get the decode error.
  const app = state.appByIssuer(payload.iss);
  if (header.alg !== 'RS256' || !app) throw new ApiError(401, UNDECODABLE);
  const signed = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), app.publicKey, Buffer.from(s, 'base64url'));
  if (!signed) throw new ApiError(401, UNDECODABLE);
  const now = state.now() / 1000;
  const { iat, exp } = payload;
  if (typeof iat !== 'number' || !Number.isInteger(iat) || iat > now) throw new ApiError(401, IAT);
  if (typeof exp !== 'number' || exp <= now) throw new ApiError(401, EXP_PAST);
  if (exp > now + 600) throw new ApiError(401, EXP_FAR);
  return app;
}
