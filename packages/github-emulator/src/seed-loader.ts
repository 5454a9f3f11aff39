import { createPrivateKey, createPublicKey } from 'node:crypto';
import { ObjectStore } from './git/object-store.js';
import { buildTree, type Leaf } from './git/tree-ops.js';
import type { Signature } from './git/object-id.js';
import type { Installation, Permissions, Repo, TokenRecord } from './model.js';
import { fullNameKey } from './model.js';
import { SeedError, type ParsedSeed } from './seed-schema.js';
import { isoSeconds, type EmulatorState } from './state.js';
import { tokenLabel } from './token-format.js';

/** Seeded objects carry a fixed date so their SHAs are the same on every run. */
export const SEED_TIME = Date.UTC(2024, 0, 1) / 1000;

type RepoSeed = ParsedSeed['repositories'][number];

function lowerNames(list: 'all' | string[]): 'all' | string[] {
  return list === 'all' ? 'all' : list.map((n) => n.toLowerCase());
}

/** Every reference problem in the seed, checked before anything is added, so a bad seed changes nothing. */
function check(state: EmulatorState, seed: ParsedSeed): string[] {
  const errors: string[] = [];
  const logins = new Set<string>();
  const known = (login: string) => logins.has(login.toLowerCase()) || state.account(login) !== undefined;
  for (const [i, u] of seed.users.entries()) {
    if (known(u.login)) errors.push(`users[${i}]: login "${u.login}" already exists`);
    logins.add(u.login.toLowerCase());
  }
  for (const [i, o] of seed.orgs.entries()) {
    if (known(o.login)) errors.push(`orgs[${i}]: login "${o.login}" already exists`);
    logins.add(o.login.toLowerCase());
    for (const m of Object.keys(o.members)) if (!known(m)) errors.push(`orgs[${i}].members: unknown user "${m}"`);
  }
  const repoNames = new Set<string>();
  for (const [i, r] of seed.repositories.entries()) {
    const key = fullNameKey(r.owner, r.name);
    if (!known(r.owner)) errors.push(`repositories[${i}].owner: unknown user or org "${r.owner}"`);
    if (repoNames.has(key) || state.repos.has(key))
      errors.push(`repositories[${i}]: "${r.owner}/${r.name}" already exists`);
    repoNames.add(key);
    for (const c of Object.keys(r.collaborators))
      if (!known(c)) errors.push(`repositories[${i}].collaborators: unknown user "${c}"`);
    const hasFiles = Object.keys(r.files).length > 0;
    for (const [name, t] of Object.entries(r.tags)) {
      if (!t.sha && !hasFiles)
        errors.push(`repositories[${i}].tags.${name}: needs "sha" because the repository has no files`);
    }
  }
  const ghsaIds = new Set<string>();
  for (const [i, a] of seed.advisories.entries()) {
    if (ghsaIds.has(a.ghsa_id) || state.advisories.has(a.ghsa_id))
      errors.push(`advisories[${i}]: "${a.ghsa_id}" already exists`);
    ghsaIds.add(a.ghsa_id);
  }
  const repoKnown = (n: string) => repoNames.has(n.toLowerCase()) || state.repos.has(n.toLowerCase());
  for (const [i, t] of seed.tokens.entries()) {
    if (!known(t.user)) errors.push(`tokens[${i}].user: unknown user "${t.user}"`);
    if (state.tokens.has(t.token)) errors.push(`tokens[${i}]: token already exists`);
    if (t.kind === 'fine-grained') {
      if (t.resource_owner && !known(t.resource_owner))
        errors.push(`tokens[${i}].resource_owner: unknown account "${t.resource_owner}"`);
      if (t.repositories !== 'all')
        for (const n of t.repositories)
          if (!repoKnown(n)) errors.push(`tokens[${i}].repositories: unknown repository "${n}"`);
    }
  }
  for (const [i, a] of seed.apps.entries()) {
    if (state.apps.has(a.id)) errors.push(`apps[${i}]: app id ${a.id} already exists`);
    try {
      createPrivateKey(a.private_key_pem);
    } catch (e) {
      errors.push(`apps[${i}].private_key_pem: cannot be parsed (${(e as Error).message})`);
    }
    for (const [j, inst] of a.installations.entries()) {
      if (!known(inst.account))
        errors.push(`apps[${i}].installations[${j}].account: unknown account "${inst.account}"`);
      if (state.installations.has(inst.id))
        errors.push(`apps[${i}].installations[${j}]: installation id ${inst.id} already exists`);
      if (inst.repositories !== 'all') {
        for (const n of inst.repositories) {
          if (!repoKnown(n)) errors.push(`apps[${i}].installations[${j}].repositories: unknown repository "${n}"`);
          else if (n.split('/')[0]?.toLowerCase() !== inst.account.toLowerCase()) {
            errors.push(`apps[${i}].installations[${j}].repositories: "${n}" is not owned by "${inst.account}"`);
          }
        }
      }
    }
  }
  return errors;
}

function ownerSignature(state: EmulatorState, login: string): Signature {
  const user = state.user(login);
  const org = state.org(login);
  const id = user?.id ?? org?.id ?? 0;
  const email = user?.email ?? `${id}+${login}@users.noreply.github.com`;
  return { name: user?.name ?? login, email, time: SEED_TIME, tz: '+0000' };
}

function addRepo(state: EmulatorState, r: RepoSeed): Repo {
  const store = new ObjectStore();
  const sig = ownerSignature(state, r.owner);
  const created = isoSeconds(SEED_TIME * 1000);
  const repo: Repo = {
    id: state.allocRepoId(),
    ownerLogin:
      state.account(r.owner)?.kind === 'org'
        ? (state.org(r.owner)?.login ?? r.owner)
        : (state.user(r.owner)?.login ?? r.owner),
    name: r.name,
    private: r.private,
    defaultBranch: r.default_branch,
    description: r.description ?? null,
    collaborators: new Map(Object.entries(r.collaborators).map(([login, role]) => [login.toLowerCase(), role])),
    store,
    branches: new Map(),
    tags: new Map(),
    pulls: [],
    issues: [],
    labels: new Map(),
    hasIssues: r.has_issues,
    nextNumber: 1,
    requireSignedCommits: r.require_signed_commits,
    archived: r.archived,
    createdAt: created,
    updatedAt: created,
    pushedAt: created,
  };
  let initial: string | undefined;
  const paths = Object.keys(r.files);
  if (paths.length > 0) {
    const leaves = new Map<string, Leaf>();
    for (const path of paths)
      leaves.set(path.replace(/^\/+/, ''), {
        mode: '100644',
        sha: store.putBlob(Buffer.from(r.files[path] ?? '', 'utf8')),
      });
    const tree = buildTree(store, leaves);
    initial = store.putCommit({ tree, parents: [], author: sig, committer: sig, message: 'Initial commit' });
    repo.branches.set(r.default_branch, initial);
  }
  const stub = { author: sig, committer: sig, message: 'Seeded commit' };
  const target = (sha: string | undefined): string => {
    if (!sha) return initial as string;
    store.putStubCommit(sha, stub);
    return sha;
  };
  for (const [name, b] of Object.entries(r.branches)) {
    if (b.sha || initial) repo.branches.set(name, target(b.sha));
  }
  for (const [name, t] of Object.entries(r.tags)) {
    const commit = target(t.sha);
    if (!t.annotated) {
      repo.tags.set(name, commit);
      continue;
    }
    const message = `${t.message ?? name}\n`;
    repo.tags.set(name, store.putTag({ object: commit, objectType: 'commit', tag: name, tagger: sig, message }));
  }
  state.repos.set(fullNameKey(repo.ownerLogin, repo.name), repo);
  return repo;
}

/**
 * Adds a validated seed to the state. Throws SeedError (and adds nothing) when the seed
 * refers to unknown accounts or repositories or repeats existing ones.
 * Returns the installations added, so the caller can announce them by webhook.
 */
export function applySeed(state: EmulatorState, seed: ParsedSeed): Installation[] {
  const errors = check(state, seed);
  if (errors.length > 0) throw new SeedError(`invalid seed:\n${errors.map((e) => `  ✖ ${e}`).join('\n')}`);
  const created = isoSeconds(SEED_TIME * 1000);
  for (const u of seed.users) {
    state.users.set(u.login.toLowerCase(), {
      id: u.id,
      login: u.login,
      email: u.email ?? null,
      name: u.name ?? null,
      type: 'User',
      createdAt: created,
    });
  }
  for (const o of seed.orgs) {
    const members = new Map(
      Object.entries(o.members).map(([login, role]) => [
        login.toLowerCase(),
        { login: state.user(login)?.login ?? login, role },
      ]),
    );
    state.orgs.set(o.login.toLowerCase(), {
      id: o.id,
      login: o.login,
      members,
      classicPats: o.classic_pats,
      samlSso: o.saml_sso,
      createdAt: created,
    });
  }
  for (const r of seed.repositories) addRepo(state, r);
  for (const a of seed.advisories)
    state.advisories.set(a.ghsa_id, { ...a, updated_at: a.updated_at ?? a.published_at });
  for (const t of seed.tokens) {
    const base = {
      token: t.token,
      label: tokenLabel(t.token),
      createdAt: state.now(),
      expiresAt: t.expires_at ? Date.parse(t.expires_at) : null,
      revoked: false,
    };
    const record: TokenRecord =
      t.kind === 'classic'
        ? {
            ...base,
            kind: 'classic',
            user: t.user,
            scopes: t.scopes,
            ssoAuthorized: t.sso_authorized?.map((o) => o.toLowerCase()) ?? null,
          }
        : {
            ...base,
            kind: 'fine-grained',
            user: t.user,
            resourceOwner: t.resource_owner ?? t.user,
            repositories: lowerNames(t.repositories),
            permissions: t.permissions,
          };
    state.tokens.set(t.token, record);
  }
  const installations: Installation[] = [];
  for (const a of seed.apps) {
    const owner = a.owner ?? a.installations[0]?.account ?? seed.users[0]?.login ?? 'github';
    state.apps.set(a.id, {
      id: a.id,
      slug: a.slug,
      name: a.name ?? a.slug,
      clientId: a.client_id,
      clientSecret: a.client_secret,
      publicKey: createPublicKey(createPrivateKey(a.private_key_pem)),
      webhookSecret: a.webhook_secret ?? null,
      webhookUrl: a.webhook_url ?? null,
      callbackUrl: a.callback_url ?? null,
      userTokenLifetimeSeconds: a.user_token_lifetime_seconds ?? null,
      permissions: a.permissions,
      events: a.events,
      ownerLogin: owner,
      createdAt: created,
    });
    for (const inst of a.installations) {
      installations.push(
        addInstallation(state, {
          id: inst.id,
          appId: a.id,
          account: inst.account,
          repositories: inst.repositories,
          permissions: inst.permissions ?? a.permissions,
        }),
      );
    }
  }
  return installations;
}

export function addInstallation(
  state: EmulatorState,
  input: { id: number; appId: number; account: string; repositories: 'all' | string[]; permissions: Permissions },
): Installation {
  const now = state.nowIso();
  const account = state.account(input.account);
  const login =
    account?.kind === 'org' ? account.org.login : account?.kind === 'user' ? account.user.login : input.account;
  const inst: Installation = {
    id: input.id,
    appId: input.appId,
    accountLogin: login,
    repositories: lowerNames(input.repositories),
    permissions: input.permissions,
    events: state.apps.get(input.appId)?.events ?? [],
    createdAt: now,
    updatedAt: now,
  };
  state.installations.set(inst.id, inst);
  return inst;
}
