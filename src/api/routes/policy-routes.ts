import { AppError } from '../../errors.js';
import { listPatRepositories } from '../../credentials/use-pat.js';
import { needsPat } from '../../policies/policy-coverage.js';
import { runPolicy, type RunPolicyDeps } from '../../policies/run-policy.js';
import { admitHardenJobs, enqueueHardenJobs } from '../../queue/harden-queue.js';
import { nextScheduledRun, syncPolicySchedule } from '../../queue/policy-schedules.js';
import type { AuditActor } from '../../store/audit-store.js';
import type { PolicyRecord } from '../../store/policy-store.js';
import { newRunId } from '../../store/run-store.js';
import { iso } from '../../store/store-context.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import { runSchema } from './orchestration-schemas.js';
import {
  optionsSent,
  policyListSchema,
  policyPatchSchema,
  policyRequestSchema,
  policySchema,
} from './policy-schemas.js';

const tag = 'policies';
const idParam = { id: { description: 'The policy id (pol_…)', pattern: /^pol_[A-Za-z0-9]{20}$/ } };

/** The same dependencies POST /api/v1/orchestrations starts a run with; a manual run takes the policy's own list. */
export function apiRunPolicyDeps(rt: ApiRuntime, actor: AuditActor): RunPolicyDeps {
  return {
    policies: rt.store.policies,
    credentials: rt.store.credentials,
    runs: rt.store.runs,
    start: {
      options: rt.store.options,
      credentials: rt.store.credentials,
      runs: rt.store.runs,
      listPatRepositories: (id) => listPatRepositories(rt.pats, id, actor),
      admit: (input) => admitHardenJobs(rt.deps.redis, rt.queue, input),
      enqueue: (runId, id, repositories) => enqueueHardenJobs(rt.queue, runId, id, repositories),
      newRunId,
      maxWaiting: rt.deps.config.accountMaxWaiting,
    },
    appEnabled: rt.deps.config.githubApp !== null,
    patCanWrite: async () => false,
    clock: rt.deps.clock,
  };
}

export function policyRoutes(rt: ApiRuntime): AnyRoute[] {
  const appEnabled = rt.deps.config.githubApp !== null;
  const owned = async (accountId: string, id: string): Promise<PolicyRecord> => {
    const policy = await rt.store.policies.get(id);
    // Another user's policy answers exactly like a missing one.
    if (!policy || policy.accountId !== accountId)
      throw new AppError(404, 'not_found', `No policy ${id} for your account.`);
    return policy;
  };
  const present = async (p: PolicyRecord) => ({
    id: p.id,
    name: p.name,
    repositories: p.repositories,
    options: p.options,
    triggers: p.triggers,
    status: p.paused ? ('paused' as const) : ('active' as const),
    paused: p.paused,
    next_run_at: p.paused || p.triggers.schedule === null ? null : await nextScheduledRun(rt.policyQueue, p.id),
    last_run: p.lastRun
      ? {
          run_id: p.lastRun.runId,
          trigger: p.lastRun.trigger,
          at: p.lastRun.at,
          repository: p.lastRun.repository,
          note: p.lastRun.note,
        }
      : null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  });
  /** Refuses what could never run: an active policy whose runs need a PAT that is not saved, or new repositories without "all". */
  const check = async (accountId: string, p: Pick<PolicyRecord, 'repositories' | 'triggers' | 'paused'>) => {
    if (p.triggers.new_repositories && p.repositories !== 'all') {
      throw new AppError(
        400,
        'invalid_request',
        'triggers.new_repositories needs repositories "all": a policy naming its repositories covers no new one.',
      );
    }
    if (!p.paused && needsPat(p, appEnabled) && !(await rt.store.credentials.get(accountId))) {
      const why =
        p.repositories === 'all'
          ? 'it covers "all", the repositories your PAT lists'
          : 'no GitHub App is configured to run it otherwise';
      throw new AppError(
        409,
        'pat_not_found',
        `This policy needs your GitHub PAT (${why}), and none is saved: save one first (Settings → Personal Access Token, or PUT /api/v1/me/github-pat).`,
      );
    }
  };

  return [
    route({
      method: 'post',
      path: '/api/v1/policies',
      operationId: 'createPolicy',
      tag,
      summary:
        'Keeps repositories hardened: runs them again on a schedule, on a push that changes a workflow, or when new',
      description:
        'Each run is an ordinary orchestration (listed with GET /api/v1/orchestrations?policy_id=…) made with your credentials under the same rules as any run, with `policy_id` and `trigger` recorded. Schedules and push runs happen in the workers; push and new-repository triggers need the GitHub App’s webhooks.',
      auth: 'user',
      scope: 'orchestrate',
      body: policyRequestSchema,
      responses: { 201: { description: 'Created', schema: policySchema } },
      errors: {
        409: '`pat_not_found`: its runs need a saved PAT; or you already have as many policies as you may (50)',
      },
      handle: async ({ principal, body, req, actor }) => {
        const accountId = principal.account.id;
        const input = {
          name: body.name,
          repositories: body.repositories,
          options: optionsSent((req.body as { options?: unknown }).options, body.options) ?? {},
          triggers: body.triggers,
        };
        await check(accountId, { ...input, paused: null });
        const created = await rt.store.policies.create(accountId, input, actor);
        if (!created)
          throw new AppError(
            409,
            'invalid_request',
            'You already have 50 policies, the most one account may keep: delete one first.',
          );
        await syncPolicySchedule(rt.policyQueue, created.id, created, rt.policyTiming);
        return { status: 201, body: await present(created) };
      },
    }),
    route({
      method: 'get',
      path: '/api/v1/policies',
      operationId: 'listPolicies',
      tag,
      summary: 'Your policies, oldest first',
      auth: 'user',
      scope: 'runs:read',
      responses: { 200: { description: 'Policies with their state', schema: policyListSchema } },
      handle: async ({ principal }) => ({
        status: 200,
        body: {
          policies: await Promise.all((await rt.store.policies.listForAccount(principal.account.id)).map(present)),
        },
      }),
    }),
    route({
      method: 'get',
      path: '/api/v1/policies/:id',
      operationId: 'getPolicy',
      tag,
      summary: 'One policy: its repositories, triggers, whether it is paused and why, its next and last run',
      auth: 'user',
      scope: 'runs:read',
      params: idParam,
      responses: { 200: { description: 'The policy', schema: policySchema } },
      errors: { 404: 'No such policy for your account' },
      handle: async ({ principal, params }) => ({
        status: 200,
        body: await present(await owned(principal.account.id, params.id ?? '')),
      }),
    }),
    route({
      method: 'patch',
      path: '/api/v1/policies/:id',
      operationId: 'updatePolicy',
      tag,
      summary: 'Changes a policy, pauses it (`paused: true`) or resumes it (`paused: false`)',
      auth: 'user',
      scope: 'orchestrate',
      params: idParam,
      body: policyPatchSchema,
      responses: { 200: { description: 'The policy as changed', schema: policySchema } },
      errors: {
        404: 'No such policy for your account',
        409: '`pat_not_found`: resuming or changing it so that its runs need a PAT, and none is saved',
      },
      handle: async ({ principal, params, body, req, actor }) => {
        const current = await owned(principal.account.id, params.id ?? '');
        const at = iso(rt.deps.clock.now());
        const options = optionsSent((req.body as { options?: unknown }).options, body.options);
        const triggers = Object.fromEntries(Object.entries(body.triggers ?? {}).filter(([, v]) => v !== undefined));
        const change = (cur: PolicyRecord): PolicyRecord => ({
          ...cur,
          name: body.name ?? cur.name,
          repositories: body.repositories ?? cur.repositories,
          options: options ?? cur.options,
          triggers: { ...cur.triggers, ...triggers },
          paused:
            body.paused === undefined
              ? cur.paused
              : body.paused
                ? (cur.paused ?? { reason: 'user', message: 'Paused by you.', at })
                : null,
        });
        await check(principal.account.id, change(current));
        const event =
          body.paused === true && !current.paused ? ('policy.paused' as const) : ('policy.updated' as const);
        const updated = await rt.store.policies.update(current.id, change, {
          type: event,
          actor,
          details: { fields: Object.keys(body) },
        });
        if (!updated) throw new AppError(404, 'not_found', `No policy ${current.id} for your account.`);
        await syncPolicySchedule(rt.policyQueue, updated.id, updated, rt.policyTiming);
        return { status: 200, body: await present(updated) };
      },
    }),
    route({
      method: 'delete',
      path: '/api/v1/policies/:id',
      operationId: 'deletePolicy',
      tag,
      summary: 'Deletes a policy and its schedule; the runs it started stay',
      auth: 'user',
      scope: 'orchestrate',
      params: idParam,
      responses: { 204: { description: 'Deleted' } },
      errors: { 404: 'No such policy for your account' },
      handle: async ({ principal, params, actor }) => {
        const policy = await owned(principal.account.id, params.id ?? '');
        await rt.store.policies.remove(policy.id, actor);
        await syncPolicySchedule(rt.policyQueue, policy.id, null, rt.policyTiming);
        return { status: 204 };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/policies/:id/run',
      operationId: 'runPolicy',
      tag,
      summary: 'Runs a policy now (trigger `manual`), paused or not',
      auth: 'user',
      scope: 'orchestrate',
      params: idParam,
      responses: { 202: { description: 'Queued; follow it with GET /api/v1/orchestrations/{id}', schema: runSchema } },
      errors: {
        404: 'No such policy for your account',
        409: '`pat_not_found`: its runs need a PAT and none is saved (the policy is paused)',
        429: 'Rate-limited (see Retry-After), or `too_many_waiting`: your account already has as many repositories waiting as it may',
      },
      handle: async ({ principal, params, actor }) => {
        const policy = await owned(principal.account.id, params.id ?? '');
        const outcome = await runPolicy(apiRunPolicyDeps(rt, actor), {
          policyId: policy.id,
          trigger: 'manual',
          runId: newRunId(),
          actor,
        });
        if (outcome.status === 'started' || outcome.status === 'already-started')
          return { status: 202, body: await rt.store.runs.view(outcome.run.id) };
        if (outcome.status === 'paused') throw new AppError(409, 'pat_not_found', `${outcome.reason}`);
        if (outcome.status === 'refused') {
          throw new AppError(
            429,
            'too_many_waiting',
            `Your account already has ${outcome.waiting} repositories waiting, and may have at most ${outcome.max}; this run would add ${outcome.requested}. Wait for runs to finish or cancel one, then try again.`,
          );
        }
        throw new AppError(404, 'not_found', `No policy ${policy.id} for your account.`);
      },
    }),
  ];
}
