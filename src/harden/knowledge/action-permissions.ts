import { z } from 'zod';
// The data is imported rather than read from disk so `tsc` copies it into dist/ and no path has to be found at run time.
import data from './action-permissions.json' with { type: 'json' };

/** Every scope a `permissions:` block may name. */
export const PERMISSION_SCOPES = [
  'actions',
  'artifact-metadata',
  'attestations',
  'checks',
  'code-quality',
  'contents',
  'deployments',
  'discussions',
  'id-token',
  'issues',
  'models',
  'packages',
  'pages',
  'pull-requests',
  'repository-projects',
  'security-events',
  'statuses',
] as const;
export type PermissionScope = (typeof PERMISSION_SCOPES)[number];
export type PermissionLevel = 'read' | 'write';

const values = z.union([z.string(), z.array(z.string()).min(1)]);

/**
 * A condition on one input of the step. With neither `equals`, `notEquals` nor `includes` it holds when the input is
 * set and non-empty; `default` is the value the action assumes when the input is left out. `includes` reads the input
 * as a list (commas, spaces or newlines) and holds when it names any of the values; an empty list counts as
 * `default`. Comparisons ignore case.
 */
export const inputConditionSchema = z
  .object({
    input: z.string().min(1),
    equals: values.optional(),
    notEquals: values.optional(),
    includes: values.optional(),
    default: z.string().optional(),
  })
  .strict()
  .refine(
    (c) => [c.equals, c.notEquals, c.includes].filter((v) => v !== undefined).length <= 1,
    'a condition takes one of equals, notEquals and includes',
  );
export type InputCondition = z.infer<typeof inputConditionSchema>;

export const permissionNeedSchema = z
  .object({
    scope: z.enum(PERMISSION_SCOPES),
    level: z.enum(['read', 'write']),
    /** Completes "for <action> …", e.g. "to push the branch". */
    reason: z.string().regex(/^to \S/, 'reads "to …"'),
    /** Every condition must hold; none means always. */
    when: z.union([inputConditionSchema, z.array(inputConditionSchema).min(1)]).optional(),
  })
  .strict();
export type PermissionNeed = z.infer<typeof permissionNeedSchema>;

export const actionPermissionsEntrySchema = z
  .object({
    /** The action's own README or action.yml this entry is based on. */
    source: z.url({ protocol: /^https$/ }),
    /** The input that carries a GitHub token, or null when the action takes none through an input. */
    tokenInput: z.string().min(1).nullable(),
    /** Leaving `tokenInput` out gives the action `github.token` (its default). */
    tokenDefault: z.boolean().default(true),
    /** Environment variables the action reads a token from. */
    tokenEnv: z.array(z.string().min(1)).default([]),
    /** It pushes with the credential `actions/checkout` persisted, so that credential must stay. */
    needsPersistedCredentials: z.boolean().default(false),
    /** It runs commands the workflow supplies, so a token in the step's environment reaches code Rampart cannot see. */
    runsUserCommands: z.boolean().default(false),
    /** Its needs come from analysing an input rather than from `needs` (actions/github-script's `script`). */
    analysis: z.literal('github-script').optional(),
    /** What it needs from GITHUB_TOKEN; empty means nothing. */
    needs: z.array(permissionNeedSchema).default([]),
    note: z.string().optional(),
  })
  .strict()
  .refine(
    (e) =>
      e.needs.every((n) => n.scope === 'id-token') ||
      e.tokenInput !== null ||
      e.tokenEnv.length > 0 ||
      e.needsPersistedCredentials,
    'an entry that needs GITHUB_TOKEN scopes must say how the token reaches the action',
  );
export type ActionPermissions = z.output<typeof actionPermissionsEntrySchema>;

export const actionPermissionsFileSchema = z
  .object({
    description: z.string().optional(),
    actions: z.record(
      z.string().regex(/^[a-z0-9_.-]+\/[a-z0-9_.-]+(\/[a-z0-9_.-]+)*$/, 'keys are lower-case owner/repo[/path]'),
      actionPermissionsEntrySchema,
    ),
  })
  .strict();
export type ActionPermissionsFile = z.output<typeof actionPermissionsFileSchema>;

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/** The knowledge base, validated on first use. */
export const actionPermissionsTable = once(
  (): ReadonlyMap<string, ActionPermissions> =>
    new Map(Object.entries(actionPermissionsFileSchema.parse(data).actions)),
);

/** The entry for `owner/repo[/path]` (any case), or undefined when the knowledge base does not know the action. */
export function lookupActionPermissions(action: string): ActionPermissions | undefined {
  return actionPermissionsTable().get(action.toLowerCase());
}
