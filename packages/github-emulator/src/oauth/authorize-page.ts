import type { User } from '../model.js';

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}
form{margin:.5rem 0}button{font-size:1rem;padding:.5rem 1rem;cursor:pointer}.note{color:#666}</style>
</head><body>${body}</body></html>`;
}

/** The sign-in page: one button per seeded user, each posting the authorisation back with its login. */
export function authorizePage(
  appName: string,
  users: readonly User[],
  hidden: Record<string, string>,
  scopes: readonly string[],
): string {
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  const buttons = users
    .map(
      (
        u,
      ) => `<form method="post" action="/login/oauth/authorize">${fields}<input type="hidden" name="login" value="${escapeHtml(u.login)}">
<button type="submit" data-login="${escapeHtml(u.login)}">Sign in as ${escapeHtml(u.login)}</button></form>`,
    )
    .join('\n');
  const scopeText =
    scopes.length > 0
      ? `It asks for: ${scopes.map(escapeHtml).join(', ')}.`
      : 'It asks for no scopes (public information only).';
  return htmlPage(
    `Authorize ${appName}`,
    `<h1>Authorize ${escapeHtml(appName)}</h1>
<p class="note">GitHub emulator: pick the user to sign in as. ${scopeText}</p>
${users.length > 0 ? buttons : '<p>No users are seeded.</p>'}`,
  );
}
