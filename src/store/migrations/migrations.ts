import type { StoreContext } from '../store-context.js';
import { accountSuspension } from './account-suspension.js';

/** One step from the schema version below it to `version`; safe to run again after a crash half-way. */
export interface Migration {
  version: number;
  description: string;
  /** Resolves to one line saying what it changed, for the start-up log. */
  run(ctx: StoreContext): Promise<string>;
}

/** Every migration, oldest first. Version 1 is Rampart 0.1's records, which carried no stored schema version. */
export const MIGRATIONS: readonly Migration[] = [accountSuspension];
