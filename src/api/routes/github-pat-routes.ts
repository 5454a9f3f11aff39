import { z } from 'zod';
import { patMetadata } from '../../credentials/pat-metadata.js';
import { removePat, savePat } from '../../credentials/save-pat.js';
import { checkPat, listPatRepositories } from '../../credentials/use-pat.js';
import { cancelRunsOfRemovedPat } from '../../queue/cancel-queued.js';
import { pausePoliciesOfRemovedPatAndUnschedule } from '../../queue/policy-schedules.js';
import { startingCredential, type StartingCredential } from '../../orchestrate/starting-credential.js';
import { AppError } from '../../errors.js';
import { plainText } from '../../plain-text.js';
import type { ApiRuntime } from '../api-runtime.js';
import { route, type AnyRoute } from '../route.js';
import { patCheckSchema, patMetadataSchema, repositoryFullNameSchema, repositoryListSchema } from '../schemas.js';

export const MAX_REPOSITORIES_PER_CHECK = 20;

export const savePatSchema = z
  .strictObject({
    name: plainText(z.string().trim().min(1).max(100)).meta({ description: 'Your name for this token' }),
    token: z
      .string()
      .min(1)
      .max(1000)
      .meta({ description: 'A classic (ghp_…) or fine-grained (github_pat_…) personal access token', writeOnly: true }),
    email: z.email().max(320).meta({ description: 'Where Rampart may write about this token' }),
  })
  .meta({ title: 'SaveGitHubPat' });

export const checkSchema = z
  .strictObject({
    repositories: z
      .array(repositoryFullNameSchema)
      .min(1)
      .max(
        MAX_REPOSITORIES_PER_CHECK,
        `at most ${MAX_REPOSITORIES_PER_CHECK} repositories per check: each costs a few paced GitHub requests`,
      )
      .refine((list) => new Set(list.map((r) => r.toLowerCase())).size === list.length, 'lists a repository twice'),
  })
  .meta({ title: 'CheckGitHubPat' });

const PAT_ERRORS = {
  422: 'GitHub refused the token, or it belongs to someone else, or lacks scopes',
  502: 'GitHub did not answer',
  503: 'GitHub is rate-limiting the token',
};

const presentCredential = (c: StartingCredential) => ({ credential: c.credential, credential_note: c.note });

export function githubPatRoutes(rt: ApiRuntime): AnyRoute[] {
  const tag = 'github-pat';
  return [
    route({
      method: 'put',
      path: '/api/v1/me/github-pat',
      operationId: 'saveGitHubPat',
      tag,
      summary: 'Validates a GitHub PAT against GitHub, encrypts it and replaces any earlier one',
      description:
        'Accepts classic (ghp_…) and fine-grained (github_pat_…) PATs. GET /user must name your GitHub login; a classic token must carry the repo and workflow scopes. The token is never returned.',
      auth: 'user',
      scope: 'credentials:write',
      body: savePatSchema,
      responses: { 200: { description: 'Saved', schema: patMetadataSchema } },
      errors: PAT_ERRORS,
      handle: async ({ principal, body, actor }) => ({
        status: 200,
        body: await savePat(rt.pats, principal.account, body, actor),
      }),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/github-pat',
      operationId: 'getGitHubPat',
      tag,
      summary: 'The saved PAT (metadata only)',
      auth: 'user',
      scope: 'credentials:read',
      responses: { 200: { description: 'Saved PAT', schema: patMetadataSchema } },
      errors: { 404: 'No PAT is saved' },
      handle: async ({ principal }) => {
        const record = await rt.store.credentials.get(principal.account.id);
        if (!record) throw new AppError(404, 'pat_not_found', 'No GitHub PAT is saved for your account.');
        return { status: 200, body: patMetadata(record) };
      },
    }),
    route({
      method: 'delete',
      path: '/api/v1/me/github-pat',
      operationId: 'removeGitHubPat',
      tag,
      summary:
        'Destroys the saved PAT; once this returns, no request with it leaves Rampart and waiting repositories that would use it are cancelled',
      auth: 'user',
      scope: 'credentials:write',
      responses: { 204: { description: 'Removed' } },
      errors: { 404: 'No PAT is saved' },
      handle: async ({ principal, actor, log }) => {
        await removePat(rt.pats, principal.account.id, actor);
        // The PAT is gone either way; a failure here is left to the workers, which cancel on the same removal event.
        await cancelRunsOfRemovedPat(rt.store.runs, rt.queue, principal.account.id).catch((err: Error) =>
          log.error({ err: err.message }, 'could not cancel the runs of a removed PAT'),
        );
        // Policies that would need it are paused, saying why, before DELETE returns (workers repeat it when they hear).
        await pausePoliciesOfRemovedPatAndUnschedule(
          {
            policies: rt.store.policies,
            clock: rt.deps.clock,
            appEnabled: rt.deps.config.githubApp !== null,
            queue: rt.policyQueue,
            timing: rt.policyTiming,
          },
          principal.account.id,
          actor,
        ).catch((err: Error) => log.error({ err: err.message }, 'could not pause the policies of a removed PAT'));
        return { status: 204 };
      },
    }),
    route({
      method: 'post',
      path: '/api/v1/me/github-pat/check',
      operationId: 'checkGitHubPat',
      tag,
      summary:
        'What the saved PAT can do in each repository (Contents, Pull requests, Workflows), found with side-effect-free probes',
      description:
        'Each level is write, read, none or unknown, with a sentence on how it was found. For fine-grained tokens Workflows is unknown until a real write shows it: GitHub has no way to read that permission.',
      auth: 'user',
      scope: 'credentials:read',
      body: checkSchema,
      responses: { 200: { description: 'One entry per repository, in the order asked', schema: patCheckSchema } },
      errors: {
        404: 'No PAT is saved',
        409: 'The saved PAT cannot be decrypted, or was removed while checking',
        ...PAT_ERRORS,
      },
      handle: async ({ principal, body, actor }) => ({
        status: 200,
        body: await checkPat(rt.pats, principal.account.id, body.repositories, actor),
      }),
    }),
    route({
      method: 'get',
      path: '/api/v1/me/github-pat/repositories',
      operationId: 'listGitHubPatRepositories',
      tag,
      summary:
        'The repositories the saved PAT can reach (GET /user/repos, up to 1000), with the credential a job would start with',
      auth: 'user',
      scope: 'credentials:read',
      responses: { 200: { description: 'Repositories', schema: repositoryListSchema } },
      errors: { 404: 'No PAT is saved', 409: 'The saved PAT cannot be decrypted', ...PAT_ERRORS },
      handle: async ({ principal, actor }) => {
        const list = await listPatRepositories(rt.pats, principal.account.id, actor);
        const appFallback = rt.deps.config.githubApp !== null;
        return {
          status: 200,
          body: {
            truncated: list.truncated,
            app_fallback: appFallback,
            repositories: list.repositories.map((r) => ({
              full_name: r.full_name,
              private: r.private,
              default_branch: r.default_branch ?? null,
              archived: r.archived ?? false,
              html_url: r.html_url,
              role: r.permissions
                ? { admin: r.permissions.admin, push: r.permissions.push, pull: r.permissions.pull }
                : null,
              ...presentCredential(startingCredential(r, appFallback)),
            })),
          },
        };
      },
    }),
  ];
}
