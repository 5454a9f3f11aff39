import { PAT_RECORD_NAME, type CredentialStore } from '../store/credential-store.js';
import type { Vault } from '../vault/vault.js';

export interface RotationReport {
  rotated: number;
  alreadyCurrent: number;
  failed: Array<{ accountId: string; reason: string }>;
  /** Key ids in RAMPART_MASTER_KEYS that no record uses any more: safe to remove. */
  unusedKids: string[];
}

const ATTEMPTS = 3;

/**
 * Re-seals every stored PAT with the active key. Each record is replaced only if it did not change
 * since it was read, so a PAT saved or removed during rotation is never overwritten with an old one.
 */
export async function rotateKeys(vault: Vault, credentials: CredentialStore): Promise<RotationReport> {
  const report: RotationReport = { rotated: 0, alreadyCurrent: 0, failed: [], unusedKids: [] };
  const inUse = new Set<string>();
  for await (const accountId of credentials.owners()) {
    const outcome = await rotateOne(vault, credentials, accountId);
    if (outcome.kind === 'rotated') report.rotated++;
    else if (outcome.kind === 'current') report.alreadyCurrent++;
    else if (outcome.kind === 'failed') {
      report.failed.push({ accountId, reason: outcome.reason });
      if (outcome.kid) inUse.add(outcome.kid);
      continue;
    }
    if (outcome.kind !== 'gone') inUse.add(vault.activeKid);
  }
  report.unusedKids = vault.kids.filter((kid) => !inUse.has(kid) && kid !== vault.activeKid);
  return report;
}

type Outcome = { kind: 'rotated' | 'current' | 'gone' } | { kind: 'failed'; reason: string; kid?: string };

async function rotateOne(vault: Vault, credentials: CredentialStore, accountId: string): Promise<Outcome> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const stored = await credentials.raw(accountId);
    if (!stored) return { kind: 'gone' };
    const { raw, record } = stored;
    if (record.sealed.kid === vault.activeKid) return { kind: 'current' };
    const binding = { accountId, record: PAT_RECORD_NAME };
    let plaintext: string;
    try {
      plaintext = vault.open(record.sealed, binding);
    } catch (err) {
      return { kind: 'failed', reason: (err as Error).message, kid: record.sealed.kid };
    }
    if (await credentials.replaceSealed(accountId, raw, vault.seal(plaintext, binding))) return { kind: 'rotated' };
  }
  return { kind: 'failed', reason: `the record kept changing during rotation; run rotate-keys again` };
}
