import type { Severity } from '../../harden/severity.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];
export type FailOn = Severity | 'none';

/** `rampart harden`'s flags as commander hands them over; absent means "not given", so the config file decides. */
export interface HardenFlags {
  write?: boolean;
  check?: boolean;
  failOn?: FailOn;
  format: Format;
  quiet?: boolean;
  config?: string;
  rules?: string;
  disable?: string;
  exempt?: string[];
  pinBranches?: boolean;
  egressPolicy?: 'audit' | 'block';
  hardenRunnerAction?: string;
  hardenRunnerSelfHosted?: boolean;
  linuxLabel?: string[];
  dependabotInterval?: 'daily' | 'weekly' | 'monthly';
  dependabotCooldown?: number;
  apiUrl?: string;
  offline?: boolean;
}
