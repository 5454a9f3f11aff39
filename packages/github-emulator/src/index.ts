/** The GitHub emulator: a real HTTP server that behaves like api.github.com for what Rampart uses. */
export { startEmulator, type EmulatorHandle, type EmulatorOptions } from './start-emulator.js';
export { EmulatorControl, ControlError, type PullSummary } from './control/emulator-control.js';
export { seedSchema, parseSeed, SeedError, type Seed, type ParsedSeed } from './seed-schema.js';
export { defaultLimits, type Limits, type LimitsPatch } from './limits/limits-config.js';
export type { Violations } from './limits/rate-limiter.js';
export type { RequestLogEntry, RequestQuery } from './request-log.js';
export type { Delivery } from './webhooks/webhook-sender.js';
export type { Quirks } from './context.js';
export { tokenLabel } from './token-format.js';
export { schemaErrors } from './graphql/github-schema.js';
export { signWebhookPayload, verifyWebhookSignature } from './webhooks/sign.js';
