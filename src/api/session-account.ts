import type { Request } from 'express';
import type { Account } from '../store/account-store.js';
import type { ApiRuntime } from './api-runtime.js';
import { parseCookies, sessionCookieName } from './cookies.js';

/** The account whose live session this request's cookie names, or null. No CSRF check: for choosing what to show, never for changes. */
export async function sessionAccount(rt: ApiRuntime, req: Request): Promise<Account | null> {
  const id = parseCookies(req.headers.cookie).get(sessionCookieName(rt.secureCookies));
  const session = id ? await rt.store.sessions.get(id) : null;
  const account = session ? await rt.store.accounts.get(session.accountId) : null;
  return account?.status === 'active' ? account : null;
}
