import type { EmulatorState } from './state.js';
import type { RateLimiter } from './limits/rate-limiter.js';
import type { FaultInjector } from './limits/fault-injector.js';
import type { RequestLog } from './request-log.js';
import type { WebhookSender } from './webhooks/webhook-sender.js';
import type { ParsedSeed } from './seed-schema.js';
import type { Limits } from './limits/limits-config.js';

/** GitHub behaviours that are not pinned down by evidence, switchable so client code can be tested against each. */
export interface Quirks {
  /**
   * docs/github-behaviour.md#workflows-gate [I]: a fine-grained PAT without Workflows write creating a tree with
   * workflow changes. `forbid` (default): 403 "…by personal access token" at tree creation.
   * `allow`: the tree is created and the ref create/update fails instead (500, empty body).
   */
  fineGrainedWorkflowTrees: 'forbid' | 'allow';
  /**
   * The `type` of the GraphQL error when the primary (points) limit is spent. Long documented
   * and matched by @octokit/plugin-throttling as `RATE_LIMITED` ("API rate limit exceeded for
   * user ID n."); observed in 2026 as `RATE_LIMIT`, code `graphql_rate_limit`, "API rate limit
   * already exceeded for user ID n." [O yanyongyu/githubkit#271]. Default: `RATE_LIMIT`, the newest.
   */
  graphqlRateLimitType: 'RATE_LIMIT' | 'RATE_LIMITED';
}

/** Everything a route needs; `state` is replaced on reset, so read it at request time. */
export interface EmulatorContext {
  state: EmulatorState;
  /** API base URL (also the OAuth pages' host) */
  url: string;
  /** base of `html_url` links; the emulator serves minimal pages there */
  htmlUrl: string;
  /** current latency, limits and faults; replaced by `POST /_emulator/limits` */
  limits: Limits;
  limiter: RateLimiter;
  faults: FaultInjector;
  log: RequestLog;
  webhooks: WebhookSender;
  quirks: Quirks;
  initialSeed: ParsedSeed;
}
