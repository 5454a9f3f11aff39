import { typeForMode, type Signature } from '../../git/object-id.js';
import { nodeId } from '../../json/users.js';
import { isoSeconds } from '../../state.js';
import { blobText } from '../blob-text.js';
import { requireRead } from '../repository-access.js';
import { gitObjectNode, type GitObjectNode, type RefNode, type TreeEntryNode, type TypeResolvers } from '../nodes.js';
import { connection } from './connection.js';

function commitPath(node: GitObjectNode): string {
  return `/${node.repo.ownerLogin}/${node.repo.name}/commit/${node.oid}`;
}

/** The GitObject interface's fields, shared by Commit, Tree, Blob and Tag. Node ids match the REST `node_id`s. */
function gitObject(kind: 'Commit' | 'Tree' | 'Blob' | 'Tag'): TypeResolvers<GitObjectNode> {
  return {
    id: (n) => nodeId(kind, `${n.repo.id}:${n.oid}`),
    oid: (n) => n.oid,
    abbreviatedOid: (n) => n.oid.slice(0, 7),
    commitResourcePath: (n) => commitPath(n),
    commitUrl: (n, _a, scope) => `${scope.ctx.htmlUrl}${commitPath(n)}`,
    repository: (n) => ({ repo: n.repo }),
  };
}

function commitOf(n: GitObjectNode) {
  const commit = n.repo.store.commit(n.oid);
  if (!commit) throw new Error(`commit ${n.oid} vanished`);
  return commit;
}

function dateOf(sig: Signature): string {
  return isoSeconds(sig.time * 1000);
}

export const commitResolvers: TypeResolvers<GitObjectNode> = {
  ...gitObject('Commit'),
  url: (n, _a, scope) => `${scope.ctx.htmlUrl}${commitPath(n)}`,
  tree: (n) => gitObjectNode(n.repo, commitOf(n).tree, ''),
  parents: (n, args) =>
    connection(
      commitOf(n).parents.map((p) => gitObjectNode(n.repo, p)),
      args,
      'parents',
    ),
  message: (n) => commitOf(n).message,
  messageHeadline: (n) => commitOf(n).message.split('\n')[0] ?? '',
  messageBody: (n) => commitOf(n).message.split('\n').slice(1).join('\n').replace(/^\n+/, ''),
  authoredDate: (n) => dateOf(commitOf(n).author),
  committedDate: (n) => dateOf(commitOf(n).committer),
  // Commits GitHub signed carry its web-flow GPG signature; the rest none (REST `verification.reason: "unsigned"`).
  signature: (n): WebFlowSignature | null => {
    const c = commitOf(n);
    return c.verified ? { __typename: 'GpgSignature', verifiedAt: dateOf(c.committer) } : null;
  },
};

interface WebFlowSignature {
  __typename: 'GpgSignature';
  verifiedAt: string;
}

/** [I] No real signature is made: `payload`/`signature` are empty; the key id is GitHub's web-flow key. */
export const gpgSignatureResolvers: TypeResolvers<WebFlowSignature> = {
  email: () => 'noreply@github.com',
  isValid: () => true,
  keyId: () => 'B5690EEEBB952194',
  payload: () => '',
  signature: () => '',
  signer: () => null,
  state: () => 'VALID',
  verifiedAt: (s) => s.verifiedAt,
  wasSignedByGitHub: () => true,
};

export const treeResolvers: TypeResolvers<GitObjectNode> = {
  ...gitObject('Tree'),
  // Git's entry order. [I] A tree looked up by oid has no known location, so entry paths are bare names.
  entries: (n): TreeEntryNode[] =>
    (n.repo.store.tree(n.oid)?.entries ?? []).map((entry) => ({
      repo: n.repo,
      entry,
      path: n.path ? `${n.path}/${entry.name}` : entry.name,
    })),
};

export const treeEntryResolvers: TypeResolvers<TreeEntryNode> = {
  name: (e) => e.entry.name,
  nameRaw: (e) => Buffer.from(e.entry.name).toString('base64'),
  path: (e) => e.path,
  pathRaw: (e) => Buffer.from(e.path).toString('base64'),
  type: (e) => typeForMode(e.entry.mode),
  // GitHub answers the mode as a number: 100644 (octal) is 33188.
  mode: (e) => Number.parseInt(e.entry.mode, 8),
  oid: (e) => e.entry.sha,
  // Submodule entries name commits of other repositories: null, as there is nothing here to show.
  object: (e) => gitObjectNode(e.repo, e.entry.sha, e.path),
  size: (e) => e.repo.store.blob(e.entry.sha)?.data.length ?? 0,
  extension: (e) => (e.entry.name.lastIndexOf('.') > 0 ? e.entry.name.slice(e.entry.name.lastIndexOf('.')) : null),
  // [I] linguist's "generated" detection is not emulated.
  isGenerated: () => false,
  repository: (e) => ({ repo: e.repo }),
};

function blobData(n: GitObjectNode): Buffer {
  const blob = n.repo.store.blob(n.oid);
  if (!blob) throw new Error(`blob ${n.oid} vanished`);
  return blob.data;
}

export const blobResolvers: TypeResolvers<GitObjectNode> = {
  ...gitObject('Blob'),
  byteSize: (n) => blobData(n).length,
  isBinary: (n) => blobText(blobData(n)).isBinary,
  isTruncated: (n) => blobText(blobData(n)).isTruncated,
  text: (n) => blobText(blobData(n)).text,
};

export const tagResolvers: TypeResolvers<GitObjectNode> = {
  ...gitObject('Tag'),
  name: (n) => n.repo.store.tag(n.oid)?.tag,
  message: (n) => n.repo.store.tag(n.oid)?.message,
  target: (n) => gitObjectNode(n.repo, n.repo.store.tag(n.oid)?.object ?? ''),
};

export const refResolvers: TypeResolvers<RefNode> = {
  id: (r) => nodeId('Ref', `${r.repo.id}:${r.prefix}${r.name}`),
  name: (r) => r.name,
  prefix: (r) => r.prefix,
  repository: (r) => ({ repo: r.repo }),
  // Reading what a ref points at is reading contents (REST: `GET /git/ref` needs Contents read).
  target: (r, _a, scope) => {
    requireRead(scope, r.repo, 'contents');
    return gitObjectNode(r.repo, r.oid);
  },
};
