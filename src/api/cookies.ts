import type { Response } from 'express';

/** Parses a Cookie header; a malformed pair is skipped rather than failing the request. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    try {
      if (!out.has(name)) out.set(name, decodeURIComponent(raw));
    } catch {
      // undecodable value: ignore the cookie
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  path: string;
  maxAgeSeconds: number;
}

/** httpOnly and SameSite=Lax always: scripts never read them, and cross-site POSTs never carry them. */
export function setCookie(res: Response, name: string, value: string, options: CookieOptions): void {
  const attributes = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path}`,
    `Max-Age=${options.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) attributes.push('Secure');
  res.append('Set-Cookie', attributes.join('; '));
}

export function clearCookie(res: Response, name: string, options: Omit<CookieOptions, 'maxAgeSeconds'>): void {
  setCookie(res, name, '', { ...options, maxAgeSeconds: 0 });
}

/** `__Host-` makes browsers insist on Secure, Path=/ and no Domain; it only works over https. */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-rampart_session' : 'rampart_session';
}

export function oauthStateCookieName(secure: boolean): string {
  return secure ? '__Secure-rampart_oauth_state' : 'rampart_oauth_state';
}
