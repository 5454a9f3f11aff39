/** What a `uses:` value names. */
export type UsesRef =
  | {
      kind: 'local';
      /** `./path`, also for a reference written `$/path`, so readers of local actions and workflows need not care. */
      path: string;
      /** Written `$/path`, GitHub's explicit same-repository form. */
      selfRepo: boolean;
    }
  | { kind: 'docker'; image: string }
  | { kind: 'expression' }
  | { kind: 'invalid' }
  | {
      kind: 'remote';
      /** `owner/repo`, the repository refs resolve against. */
      repo: string;
      /** `owner/repo[/path]`, the action or reusable workflow itself. */
      action: string;
      ref: string;
      /** The ref is a full commit SHA. */
      pinned: boolean;
    };

const FULL_SHA = /^[0-9a-fA-F]{40}$/;

export function parseUses(value: string): UsesRef {
  const v = value.trim();
  if (v.includes('${{')) return { kind: 'expression' };
  if (v.startsWith('./') || v.startsWith('.\\') || v === '.') return { kind: 'local', path: v, selfRepo: false };
  if (v.startsWith('$/')) return { kind: 'local', path: `./${v.slice(2)}`, selfRepo: true };
  if (v.startsWith('docker://')) return { kind: 'docker', image: v.slice('docker://'.length) };
  const at = v.lastIndexOf('@');
  if (at <= 0 || at === v.length - 1) return { kind: 'invalid' };
  const action = v.slice(0, at);
  const ref = v.slice(at + 1);
  // `owner/repo[/path]`: at least two parts, none empty (what `split('/')` would show, without the array).
  const slash = action.indexOf('/');
  if (slash <= 0 || action.endsWith('/') || action.includes('//') || /\s/.test(v)) return { kind: 'invalid' };
  const second = action.indexOf('/', slash + 1);
  const repo = second === -1 ? action : action.slice(0, second);
  return { kind: 'remote', repo, action, ref, pinned: FULL_SHA.test(ref) };
}

/** `owner/repo[/path]` lower-cased, the key the knowledge base and rule lists use. */
export function actionKey(action: string): string {
  return action.toLowerCase();
}
