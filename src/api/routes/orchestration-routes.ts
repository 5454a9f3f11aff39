import { AppError } from '../../errors.js';
import { listPatRepositories } from '../../credentials/use-pat.js';
import { cancelQueued } from '../../queue/cancel-queued.js';
import { startOrchestration } from '../../orchestrate/start-orchestration.js';
import { runOptionsProblem } from '../../orchestrate/orchestrate-options.js';
import { admitHardenJobs, enqueueHardenJobs } from '../../queue/harden-queue.js';
import { newRunId } from '../../store/run-store.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import {
  orchestrationListQuerySchema,
  orchestrationRequestSchema,
  runListSchema,
  runSchema,
} from './orchestration-schemas.js';
import { repositoryStateRoutes } from './orchestration-repository-routes.js';
import { streamRunEvents } from './run-events-stream.js';

const tag = 'orchestrations';
const idParam = { id: 'The orchestration id (run_…)' };

export function orchestrationRoutes(rt: ApiRuntime): AnyRoute[] {
  const owned = async (accountId: string, id: string) => {
    const view = await rt.store.runs.view(id);
    const record = view ? await rt.store.runs.record(id) : null;
    // Another user's run answers exactly like a missing one.
    if (!view || record?.accountId !== accountId)
      throw new AppError(404, 'not_found', `No orchestration ${id} for your account.`);
    return view;
  };
  return [
    route({
      method: 'post',
      path: '/api/v1/orchestrations',
      operationId: 'createOrchestration',
      tag,
      summary: 'Harden repositories: one job per repository, one pull request per repository that needs changes',
      auth: 'user',
      scope: 'orchestrate',
      body: orchestrationRequestSchema,
      responses: {
        202: { description: 'Queued; follow it with GET /api/v1/orchestrations/{id} or its events', schema: runSchema },
      },
      errors: {
        404: 'repositories "all" needs a saved PAT',
        422: 'The options are not valid',
        429: 'Rate-limited (see Retry-After), or `too_many_waiting`: your account already has as many repositories waiting as it may (the limit is in the message)',
      },
      handle: async ({ principal, body, actor }) => {
        const accountId = principal.account.id;
        const problem = runOptionsProblem((await rt.store.options.get(accountId))?.options, body.options);
        if (problem) throw new AppError(400, 'invalid_request', `options: ${problem}`);
        const started = await startOrchestration(
          {
            options: rt.store.options,
            credentials: rt.store.credentials,
            runs: rt.store.runs,
            listPatRepositories: (id) => listPatRepositories(rt.pats, id, actor),
            admit: (input) => admitHardenJobs(rt.deps.redis, rt.queue, input),
            enqueue: (runId, id, repositories) => enqueueHardenJobs(rt.queue, runId, id, repositories),
            newRunId,
            maxWaiting: rt.deps.config.accountMaxWaiting,
          },
          { accountId, repositories: body.repositories, options: body.options },
        );
        if (!started.started) {
          throw new AppError(
            429,
            'too_many_waiting',
            `Your account already has ${started.waiting} repositories waiting, and may have at most ${started.max}; this run would add ${started.requested}. Wait for runs to finish or cancel one, then try again.`,
          );
        }
        return { status: 202, body: await rt.store.runs.view(started.run.id) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/orchestrations',
      operationId: 'listOrchestrations',
      tag,
      summary: 'Your orchestrations, newest first (up to 100)',
      auth: 'user',
      scope: 'runs:read',
      query: orchestrationListQuerySchema,
      responses: { 200: { description: 'Orchestrations with each repository’s state', schema: runListSchema } },
      handle: async ({ principal, query }) => {
        const accountId = principal.account.id;
        const orchestrations = query.policy_id
          ? await rt.store.runs.listForPolicy(accountId, query.policy_id)
          : await rt.store.runs.listForAccount(accountId);
        return { status: 200, body: { orchestrations } };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/orchestrations/:id',
      operationId: 'getOrchestration',
      tag,
      summary: 'One orchestration: its status and each repository’s state, pull request, changes or error',
      auth: 'user',
      scope: 'runs:read',
      params: idParam,
      responses: { 200: { description: 'The orchestration', schema: runSchema } },
      errors: { 404: 'No such orchestration for your account' },
      handle: async ({ principal, params }) => ({ status: 200, body: await owned(principal.account.id, params.id!) }),
    }),
    route({
      method: 'get',
      path: '/api/v1/orchestrations/:id/events',
      operationId: 'streamOrchestrationEvents',
      tag,
      summary: 'Server-sent events: one `repository` event per state change, then `end` when the run is final',
      auth: 'user',
      scope: 'runs:read',
      params: idParam,
      responses: { 200: { description: 'text/event-stream; `Last-Event-ID` resumes after an event' } },
      errors: { 404: 'No such orchestration for your account' },
      handle: async ({ principal, params, req, res }) => {
        await owned(principal.account.id, params.id!);
        await streamRunEvents(rt, params.id!, req, res);
        return { status: 200, streamed: true };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/orchestrations/:id/cancel',
      operationId: 'cancelOrchestration',
      tag,
      summary: 'Cancels the repositories not started yet; those running finish',
      auth: 'user',
      scope: 'orchestrate',
      params: idParam,
      responses: { 200: { description: 'The orchestration after cancelling', schema: runSchema } },
      errors: { 404: 'No such orchestration for your account' },
      handle: async ({ principal, params }) => {
        await owned(principal.account.id, params.id!);
        await rt.store.runs.markCancelled(params.id!);
        await cancelQueued(rt.store.runs, rt.queue, [params.id!], 'The run was cancelled.');
        return { status: 200, body: await owned(principal.account.id, params.id!) };
      },
    }),
    ...repositoryStateRoutes(rt),
  ];
}
