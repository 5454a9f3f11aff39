import type { Signature } from '../git/object-id.js';
import type { Actor, User } from '../model.js';
import type { EmulatorState } from '../state.js';

/** The account an actor acts as: the token's user, or the App's bot for installation tokens. */
export function actingUser(state: EmulatorState, actor: Actor): User | null {
  if (actor.kind === 'installation') return state.botUser(actor.app);
  if (actor.kind === 'anonymous' || actor.kind === 'app') return null;
  return actor.user;
}

/** Git identity for commits an actor makes without naming an author (docs/github-behaviour.md#app-path bot identity). */
export function actorSignature(state: EmulatorState, actor: Actor, time: number): Signature {
  const user = actingUser(state, actor);
  if (!user) return { name: 'GitHub', email: 'noreply@github.com', time, tz: '+0000' };
  const email = user.email ?? `${user.id}+${user.login}@users.noreply.github.com`;
  return { name: user.type === 'Bot' ? user.login : (user.name ?? user.login), email, time, tz: '+0000' };
}

export const WEB_FLOW = { name: 'GitHub', email: 'noreply@github.com' };

/** Parses an API `{name,email,date?}` into a signature; date defaults to now. */
export function parseSignature(input: unknown, now: number): Signature | null | 'invalid' {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'object') return 'invalid';
  const { name, email, date } = input as Record<string, unknown>;
  if (typeof name !== 'string' || typeof email !== 'string') return 'invalid';
  let time = now;
  if (typeof date === 'string') {
    const parsed = Date.parse(date);
    if (Number.isNaN(parsed)) return 'invalid';
    time = Math.floor(parsed / 1000);
  }
  return { name, email, time, tz: '+0000' };
}
