import type { AccessConfig } from '../config/load-config.js';

/** Whether RAMPART_ALLOWED_ORGS or RAMPART_ALLOWED_LOGINS limits who may sign in. */
export function accessRestricted(access: Pick<AccessConfig, 'orgs' | 'logins'>): boolean {
  return access.orgs.length > 0 || access.logins.length > 0;
}

/** Listed in RAMPART_ALLOWED_LOGINS: by id where the entry has one (a renamed login keeps it), else by login. */
export function admittedByLogin(
  access: Pick<AccessConfig, 'logins'>,
  user: { login: string; githubId: number | null },
): boolean {
  return access.logins.some((entry) =>
    entry.githubId !== null ? entry.githubId === user.githubId : entry.login.toLowerCase() === user.login.toLowerCase(),
  );
}

/** The allowed organizations among those GitHub listed for the user, spelt as configured. */
export function allowedOrgsAmong(access: Pick<AccessConfig, 'orgs'>, orgs: readonly string[]): string[] {
  const member = new Set(orgs.map((o) => o.toLowerCase()));
  return access.orgs.filter((o) => member.has(o.toLowerCase()));
}

/** One line for the start-up log, so an open Rampart is a visible choice. */
export function describeAccess(access: Pick<AccessConfig, 'orgs' | 'logins' | 'membershipCheckHours'>): string {
  if (!accessRestricted(access)) {
    return 'sign-in is open to anyone with a GitHub account (RAMPART_ALLOWED_ORGS and RAMPART_ALLOWED_LOGINS are unset)';
  }
  const parts: string[] = [];
  if (access.orgs.length > 0)
    parts.push(`members of ${access.orgs.join(', ')} (checked again every ${access.membershipCheckHours} h)`);
  if (access.logins.length > 0)
    parts.push(
      `the GitHub users ${access.logins.map((l) => (l.githubId === null ? l.login : `${l.login}:${l.githubId}`)).join(', ')}`,
    );
  return `sign-in is limited to ${parts.join(' and ')}`;
}

export const NOT_ALLOWED_MESSAGE =
  'This Rampart is limited to the members of certain GitHub organizations and to certain GitHub users, and your GitHub account is not among them. If you should have access, ask its operator.';
