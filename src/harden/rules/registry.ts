import type { Rule } from '../rule.js';
import { checkoutPersistCredentials } from './checkout-persist-credentials/checkout-persist-credentials.js';
import { dangerousTriggers } from './dangerous-triggers/dangerous-triggers.js';
import { dependabotActions } from './dependabot-actions/dependabot-actions.js';
import { hardenRunner } from './harden-runner/harden-runner.js';
import { pinActions } from './pin-actions/pin-actions.js';
import { secretsInherit } from './secrets-inherit/secrets-inherit.js';
import { templateInjection } from './template-injection/template-injection.js';
import { tokenPermissions } from './token-permissions/token-permissions.js';
import { unpinnedImages } from './unpinned-images/unpinned-images.js';

/** Every rule, in the order their edits are applied when two would touch one spot. */
export const RULES: readonly Rule[] = [
  pinActions,
  tokenPermissions,
  hardenRunner,
  checkoutPersistCredentials,
  dependabotActions,
  dangerousTriggers,
  secretsInherit,
  unpinnedImages,
  templateInjection,
];
