import type { Request } from 'express';
import { ApiError } from '../http/api-error.js';
import type { Actor } from '../model.js';
import type { EmulatorState } from '../state.js';
import { looksLikeJwt, verifyAppJwt } from './app-jwt.js';

const badCredentials = () => new ApiError(401, 'Bad credentials');

/** The credential in `Authorization: token|bearer X` or Basic `x-access-token:X` (as git and Renovate send it). */
export function credentialOf(req: Request): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const m = /^(token|bearer)\s+(\S+)\s*$/i.exec(header);
  if (m?.[2]) return m[2];
  const basic = /^basic\s+(\S+)\s*$/i.exec(header);
  if (basic?.[1]) {
    const [user = '', pass = ''] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    return pass && pass !== 'x-oauth-basic' ? pass : user;
  }
  throw badCredentials();
}

/** Resolves who is calling; 401 Bad credentials for unknown, revoked or expired tokens. */
export function resolveActor(state: EmulatorState, req: Request): Actor {
  const credential = credentialOf(req);
  if (credential === null)
    return { kind: 'anonymous', rateKey: `ip:${req.socket.remoteAddress ?? 'unknown'}`, label: null };
  if (looksLikeJwt(credential)) {
    const app = verifyAppJwt(state, credential);
    return { kind: 'app', app, rateKey: `app:${app.id}`, label: `app:${app.id}` };
  }
  const token = state.findToken(credential);
  if (!token || token.revoked || (token.expiresAt !== null && token.expiresAt <= state.now())) throw badCredentials();
  if (token.kind === 'installation') {
    const installation = state.installations.get(token.installationId);
    const app = state.apps.get(token.appId);
    if (!installation || !app) throw badCredentials();
    return {
      kind: 'installation',
      token,
      installation,
      app,
      rateKey: `installation:${installation.id}`,
      label: token.label,
    };
  }
  const user = state.user(token.user);
  if (!user) throw badCredentials();
  // PATs and OAuth tokens of one user share one primary budget (docs/github-behaviour.md#rate-limits).
  const rateKey = `user:${user.id}`;
  if (token.kind === 'classic') return { kind: 'classic', token, user, rateKey, label: token.label };
  if (token.kind === 'oauth') return { kind: 'oauth', token, user, rateKey, label: token.label };
  return { kind: 'fine-grained', token, user, rateKey, label: token.label };
}

export function actorName(actor: Actor): string | null {
  switch (actor.kind) {
    case 'anonymous':
      return null;
    case 'installation':
      return `installation:${actor.installation.id}`;
    case 'app':
      return `app:${actor.app.id}`;
    default:
      return actor.user.login;
  }
}
