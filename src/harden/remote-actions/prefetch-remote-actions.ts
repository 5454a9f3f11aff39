import { lookupActionPermissions } from '../knowledge/action-permissions.js';
import { actionKey } from '../model/action-ref.js';
import { stepUses } from '../model/step-info.js';
import { stepsOf } from '../model/workflow-model.js';
import type { ActionResolver } from '../resolver/action-resolver.js';
import type { SourceFile } from '../types.js';
import { parseText } from '../yaml/parse-source.js';

/** An action the knowledge base does not know, read from its own repository at the commit its ref names. */
export type RemoteAction = { kind: 'metadata'; file: SourceFile; sha: string } | { kind: 'unreadable'; reason: string };

/** `owner/repo[/path]@ref` (action lower-cased, ref as written) → what was read. */
export type RemoteActions = ReadonlyMap<string, RemoteAction>;

export const remoteActionKey = (action: string, ref: string) => `${actionKey(action)}@${ref}`;

/** How deep composite actions are followed into the actions they use. */
const MAX_DEPTH = 3;

/**
 * Reads the `action.yml` of every remote action the knowledge base lacks, at the commit its ref resolves to (one
 * metadata request per action@commit, through the resolver's caches), and of the remote actions those use when they
 * are composite. Without `actionMetadata` (offline) the map stays empty and such actions stay unknown.
 */
export async function prefetchRemoteActions(
  files: Iterable<SourceFile>,
  resolver: ActionResolver,
): Promise<RemoteActions> {
  const found = new Map<string, Promise<RemoteAction>>();
  if (!resolver.actionMetadata) return new Map();
  const visit = async (file: SourceFile, depth: number): Promise<void> => {
    const pending: Promise<void>[] = [];
    for (const step of stepsOf(file)) {
      const uses = stepUses(step);
      if (uses?.kind !== 'remote' || lookupActionPermissions(uses.action)) continue;
      const key = remoteActionKey(uses.action, uses.ref);
      if (found.has(key)) continue;
      const read = readOne(resolver, uses.repo, uses.action, uses.ref);
      found.set(key, read);
      pending.push(
        read.then((r) => (r.kind === 'metadata' && depth < MAX_DEPTH ? visit(r.file, depth + 1) : undefined)),
      );
    }
    await Promise.all(pending);
  };
  await Promise.all([...files].map((f) => visit(f, 0)));
  const out = new Map<string, RemoteAction>();
  for (const [key, p] of found) out.set(key, await p);
  return out;
}

async function readOne(resolver: ActionResolver, repo: string, action: string, ref: string): Promise<RemoteAction> {
  try {
    const sha = /^[0-9a-f]{40}$/i.test(ref) ? ref.toLowerCase() : (await resolver.resolve(repo, ref)).sha;
    const dir = action.split('/').slice(2).join('/');
    const text = await resolver.actionMetadata!(repo, dir, sha);
    if (text === null) return { kind: 'unreadable', reason: `${action}@${ref} has no action.yml` };
    const parsed = parseText(`${action}@${sha}/action.yml`, 'action', text);
    if (!parsed.ok) return { kind: 'unreadable', reason: `its action.yml could not be parsed (${parsed.error})` };
    return { kind: 'metadata', file: parsed.file, sha };
  } catch (err) {
    return { kind: 'unreadable', reason: `its action.yml could not be read (${(err as Error).message})` };
  }
}
