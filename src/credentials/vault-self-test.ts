import { PAT_RECORD_NAME, type CredentialStore } from '../store/credential-store.js';
import type { Vault } from '../vault/vault.js';

/** Why the process must not start; the message is for the operator and names RAMPART_MASTER_KEYS. */
export class VaultStartError extends Error {
  override name = 'VaultStartError';
}

const KEY_CHECK = { accountId: '-', record: 'vault-key-check' };
const KEY_CHECK_TEXT = 'rampart key check';
const RECORDS_TRIED_WITHOUT_KEY_CHECK = 3;

export interface SelfTestReport {
  /** Stored PAT records per key id. */
  recordsByKid: Map<string, number>;
}

/**
 * Run at start by every process that decrypts. Each key that has ever sealed anything leaves a small
 * key-check record, so a key replaced under the same id is caught here rather than on a user's first
 * request, and a single tampered user record cannot stop the service.
 */
export async function vaultSelfTest(vault: Vault, credentials: CredentialStore): Promise<SelfTestReport> {
  try {
    if (vault.open(vault.seal(KEY_CHECK_TEXT, KEY_CHECK), KEY_CHECK) !== KEY_CHECK_TEXT)
      throw new Error('round trip changed the text');
  } catch (err) {
    throw new VaultStartError(
      `RAMPART_MASTER_KEYS: the active key "${vault.activeKid}" fails an encrypt/decrypt round trip (${(err as Error).message})`,
    );
  }

  const checked = new Set<string>();
  for (const kid of vault.kids) {
    const check = await credentials.getKeyCheck(kid);
    if (!check) continue;
    try {
      vault.open(check, KEY_CHECK);
      checked.add(kid);
    } catch {
      throw new VaultStartError(
        `RAMPART_MASTER_KEYS: key "${kid}" is not the key that sealed Rampart's records under that id (its key-check record does not decrypt). Put the original key back for "${kid}"; a new key needs a new key id, placed first, followed by "rampart admin rotate-keys".`,
      );
    }
  }

  const recordsByKid = new Map<string, number>();
  const samples = new Map<string, string[]>();
  for await (const accountId of credentials.owners()) {
    const record = await credentials.get(accountId);
    if (!record) continue;
    const kid = record.sealed.kid;
    recordsByKid.set(kid, (recordsByKid.get(kid) ?? 0) + 1);
    const list = samples.get(kid) ?? [];
    if (list.length < RECORDS_TRIED_WITHOUT_KEY_CHECK) samples.set(kid, [...list, accountId]);
  }

  const missing = [...recordsByKid].filter(([kid]) => !vault.kids.includes(kid));
  if (missing.length > 0) {
    const list = missing.map(([kid, n]) => `${n} record(s) with key id "${kid}"`).join(', ');
    throw new VaultStartError(
      `RAMPART_MASTER_KEYS lacks keys that stored records need: ${list}. Add each missing kid:key back after the active key, then run "rampart admin rotate-keys" before removing it.`,
    );
  }

  // Records from before key-check records existed, or whose key-check was deleted: try a few of them.
  for (const [kid, accountIds] of samples) {
    if (checked.has(kid)) continue;
    const opened = await someOpen(vault, credentials, accountIds);
    if (!opened) {
      throw new VaultStartError(
        `RAMPART_MASTER_KEYS: key "${kid}" decrypts none of the ${accountIds.length} stored record(s) tried; it is probably not the key that sealed them.`,
      );
    }
  }

  await credentials.putKeyCheckIfAbsent(vault.seal(KEY_CHECK_TEXT, KEY_CHECK));
  return { recordsByKid };
}

async function someOpen(vault: Vault, credentials: CredentialStore, accountIds: string[]): Promise<boolean> {
  for (const accountId of accountIds) {
    const record = await credentials.get(accountId);
    if (!record) continue;
    try {
      vault.open(record.sealed, { accountId, record: PAT_RECORD_NAME });
      return true;
    } catch {
      // a tampered record; another may still open
    }
  }
  return false;
}
