import { checkoutPersistCredentials } from './checkout-persist-credentials/checkout-persist-credentials.js';
import { dangerousTriggers } from './dangerous-triggers/dangerous-triggers.js';
import { dependabotActions } from './dependabot-actions/dependabot-actions.js';
import { githubEnv } from './github-env/github-env.js';
import { hardenRunner } from './harden-runner/harden-runner.js';
import { pinActions } from './pin-actions/pin-actions.js';
import { secretsInherit } from './secrets-inherit/secrets-inherit.js';
import { templateInjection } from './template-injection/template-injection.js';
import { tokenPermissions } from './token-permissions/token-permissions.js';
import { unpinnedImages } from './unpinned-images/unpinned-images.js';
import { botConditions } from './bot-conditions/bot-conditions.js';
import { cachePoisoning } from './cache-poisoning/cache-poisoning.js';
import { dependabotCooldown } from './dependabot-cooldown/dependabot-cooldown.js';
import { dependabotExecution } from './dependabot-execution/dependabot-execution.js';
import { hardcodedContainerCredentials } from './hardcoded-container-credentials/hardcoded-container-credentials.js';
import { insecureCommands } from './insecure-commands/insecure-commands.js';
import { overprovisionedSecrets } from './overprovisioned-secrets/overprovisioned-secrets.js';
import { archivedUses } from './archived-uses/archived-uses.js';
import { impostorCommit } from './impostor-commit/impostor-commit.js';
import { knownVulnerableActions } from './known-vulnerable-actions/known-vulnerable-actions.js';
import { refConfusion } from './ref-confusion/ref-confusion.js';
import { staleActionRefs } from './stale-action-refs/stale-action-refs.js';

/**
 * Every rule, in the order their edits are applied when two would touch one spot. The only list of rules: ids, the
 * options switches and the docs index are all read from it.
 */
export const RULES = [
  // Before pin-actions: its move to a fixed release is also the pin, and must win the spot (see RuleEdit.covers).
  knownVulnerableActions,
  pinActions,
  tokenPermissions,
  hardenRunner,
  checkoutPersistCredentials,
  dependabotActions,
  dangerousTriggers,
  secretsInherit,
  unpinnedImages,
  templateInjection,
  githubEnv,
  insecureCommands,
  botConditions,
  cachePoisoning,
  overprovisionedSecrets,
  hardcodedContainerCredentials,
  dependabotCooldown,
  dependabotExecution,
  impostorCommit,
  refConfusion,
  staleActionRefs,
  archivedUses,
] as const;

/** Stable rule ids: they appear in reports, options, PR bodies, ignore comments and `--rules`. */
export type RuleId = (typeof RULES)[number]['id'];

/** The ids as a tuple, for zod enums and help texts. */
export const RULE_IDS = RULES.map((r) => r.id) as unknown as readonly [RuleId, ...RuleId[]];
