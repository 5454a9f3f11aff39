import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorContext, Quirks } from './context.js';
import { createApp } from './create-app.js';
import { EmulatorControl } from './control/emulator-control.js';
import { FaultInjector } from './limits/fault-injector.js';
import { defaultLimits, limitsPatchSchema, mergeLimits, type LimitsPatch } from './limits/limits-config.js';
import { RateLimiter } from './limits/rate-limiter.js';
import { RequestLog } from './request-log.js';
import { applySeed } from './seed-loader.js';
import { parseSeed } from './seed-schema.js';
import { EmulatorState } from './state.js';
import { WebhookSender } from './webhooks/webhook-sender.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port */
  port?: number;
  /** a seed object (a `Seed`: the seed file's JSON); validated */
  seed?: unknown;
  /** applied over the seed's `limits` */
  limits?: LimitsPatch;
  quirks?: Partial<Quirks>;
  /** a webhook that receives every event */
  webhook?: { url: string; secret?: string };
  /** base of `html_url` links (default: the emulator's own URL, which serves minimal pages) */
  htmlUrl?: string;
  /** request-log entries kept (per-token counts are kept regardless); default 100 000 */
  maxLogEntries?: number;
}

export interface EmulatorHandle {
  /** base URL, e.g. `http://127.0.0.1:43127`: Octokit's `baseUrl` */
  url: string;
  port: number;
  /** seeding, limits, inspection, PR merge/close, installations, webhooks, clock */
  control: EmulatorControl;
  /** live state (replaced by `control.reset()`) */
  readonly state: EmulatorState;
  close(): Promise<void>;
}

/** Starts an emulator on 127.0.0.1. Several may run in one process: nothing is shared. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const seed = parseSeed(options.seed ?? {});
  const state = new EmulatorState();
  applySeed(state, seed);
  const extraLimits = limitsPatchSchema.parse(options.limits ?? {});
  const ctx: EmulatorContext = {
    state,
    url: '',
    htmlUrl: '',
    limits: mergeLimits(mergeLimits(defaultLimits(), seed.limits ?? {}), extraLimits),
    limiter: undefined as unknown as RateLimiter,
    faults: undefined as unknown as FaultInjector,
    log: new RequestLog(options.maxLogEntries),
    webhooks: new WebhookSender(),
    quirks: { fineGrainedWorkflowTrees: 'forbid', graphqlRateLimitType: 'RATE_LIMIT', ...options.quirks },
    initialSeed: seed,
  };
  ctx.limiter = new RateLimiter(
    () => ctx.limits,
    () => ctx.state.now(),
  );
  ctx.faults = new FaultInjector(() => ctx.limits);
  if (options.webhook) ctx.webhooks.global = { url: options.webhook.url, secret: options.webhook.secret ?? null };
  const control = new EmulatorControl(ctx);
  const server = createServer(createApp(ctx, control));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.url = `http://127.0.0.1:${port}`;
  ctx.htmlUrl = (options.htmlUrl ?? ctx.url).replace(/\/+$/, '');
  return {
    url: ctx.url,
    port,
    control,
    get state() {
      return ctx.state;
    },
    async close() {
      await ctx.webhooks.settled();
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // keep-alive sockets from clients would otherwise hold close() open
        server.closeAllConnections();
      });
    },
  };
}
