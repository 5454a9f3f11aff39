import type { RuleId } from '../rules/registry.js';

/**
 * zizmor audits that guard against what a Rampart rule does, so a `# zizmor: ignore[audit]` a repository already has
 * silences that rule too and Rampart does not undo a decision made for zizmor. Audit names from zizmor's
 * docs/audits.md (https://docs.zizmor.sh/audits/).
 */
export const ZIZMOR_AUDITS: Readonly<Record<string, RuleId>> = {
  'unpinned-uses': 'pin-actions',
  'excessive-permissions': 'token-permissions',
  artipacked: 'checkout-persist-credentials',
  'template-injection': 'template-injection',
  'github-env': 'github-env',
  'dangerous-triggers': 'dangerous-triggers',
  'secrets-inherit': 'secrets-inherit',
  'unpinned-images': 'unpinned-images',
  'insecure-commands': 'insecure-commands',
  'bot-conditions': 'bot-conditions',
  'cache-poisoning': 'cache-poisoning',
  'overprovisioned-secrets': 'overprovisioned-secrets',
  'hardcoded-container-credentials': 'hardcoded-container-credentials',
  'dependabot-cooldown': 'dependabot-cooldown',
  'dependabot-execution': 'dependabot-execution',
  'known-vulnerable-actions': 'known-vulnerable-actions',
  'impostor-commit': 'impostor-commit',
  'ref-confusion': 'ref-confusion',
  'stale-action-refs': 'stale-action-refs',
  'archived-uses': 'archived-uses',
};
