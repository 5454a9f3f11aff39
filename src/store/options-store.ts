import { z } from 'zod';
import type { AuditActor, AuditStore } from './audit-store.js';
import { iso, parseRecord, type StoreContext } from './store-context.js';

const optionsRecordSchema = z.object({ v: z.literal(1), options: z.unknown(), updatedAt: z.string() });

/** Orchestrate Options as the user saved them; validated by the caller's schema on the way in and out. */
export function optionsStore(ctx: StoreContext, audit: AuditStore) {
  const { redis, keys, clock } = ctx;
  return {
    async get(accountId: string): Promise<{ options: unknown; updatedAt: string } | null> {
      const key = keys.orchestrateOptions(accountId);
      const record = parseRecord(key, await redis.get(key), optionsRecordSchema);
      return record ? { options: record.options, updatedAt: record.updatedAt } : null;
    },

    async put(accountId: string, options: unknown, actor: AuditActor): Promise<string> {
      const updatedAt = iso(clock.now());
      const multi = redis.multi().set(keys.orchestrateOptions(accountId), JSON.stringify({ v: 1, options, updatedAt }));
      audit.append(multi, accountId, 'options.updated', actor);
      await multi.exec();
      return updatedAt;
    },
  };
}

export type OptionsStore = ReturnType<typeof optionsStore>;
