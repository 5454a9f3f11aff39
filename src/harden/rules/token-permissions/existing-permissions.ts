import { isMap, isScalar, type Node } from 'yaml';
import { PERMISSION_SCOPES, type PermissionScope } from '../../knowledge/action-permissions.js';
import { keyName, stringOf } from '../../yaml/ast.js';
import type { Need } from './needs.js';

/** A `permissions:` value as written. */
export type PermissionsValue =
  | { kind: 'all'; level: 'read' | 'write' }
  | { kind: 'map'; grants: Map<PermissionScope, 'read' | 'write' | 'none'> }
  | { kind: 'other'; text: string };

export function readPermissions(node: Node | null | undefined): PermissionsValue {
  if (isScalar(node)) {
    const v = stringOf(node);
    if (v === 'read-all' || v === 'write-all') return { kind: 'all', level: v === 'read-all' ? 'read' : 'write' };
    return { kind: 'other', text: v ?? '' };
  }
  if (isMap(node)) {
    const grants = new Map<PermissionScope, 'read' | 'write' | 'none'>();
    for (const pair of node.items) {
      const scope = keyName(pair as never);
      const level = stringOf(pair.value);
      if (
        !scope ||
        !(PERMISSION_SCOPES as readonly string[]).includes(scope) ||
        !(level === 'read' || level === 'write' || level === 'none')
      ) {
        return { kind: 'other', text: `${scope}: ${level}` };
      }
      grants.set(scope as PermissionScope, level);
    }
    return { kind: 'map', grants };
  }
  return { kind: 'other', text: '' };
}

/** What a declared block grants, as needs a caller must pass on; undefined for shorthands and expressions. */
export function declaredNeeds(value: PermissionsValue, source: string, reason: string): Need[] | undefined {
  if (value.kind !== 'map') return undefined;
  return [...value.grants]
    .filter((g): g is [PermissionScope, 'read' | 'write'] => g[1] !== 'none')
    .map(([scope, level]) => ({ scope, level, source, reason }));
}
