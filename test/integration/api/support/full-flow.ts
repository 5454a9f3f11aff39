import { createHmac } from 'node:crypto';
import type { Harness } from './harness.js';
import { APP, TOKENS } from './seed.js';
import { signIn } from './sign-in.js';

const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS = 'urn:ietf:params:oauth:token-type:access_token';

/** Secrets the flow handled; none may show up where the secret-safety test looks. */
export interface FlowSecrets {
  githubPats: string[];
  rampartTokens: string[];
  sessionCookies: string[];
  csrfTokens: string[];
}

function expectStatus(res: { status: number; text: string }, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status}: ${res.text}`);
}

/** Every route of the API, the happy paths and the common refusals, as one user's day. */
export async function runFullFlow(h: Harness): Promise<FlowSecrets> {
  const secrets: FlowSecrets = {
    githubPats: [TOKENS.aliceClassic, TOKENS.aliceFineGrained, TOKENS.bobClassic, TOKENS.unknownClassic],
    rampartTokens: [],
    sessionCookies: [],
    csrfTokens: [],
  };
  expectStatus(await h.request('GET', '/healthz'), 200, 'healthz');
  expectStatus(await h.request('GET', '/readyz'), 200, 'readyz');
  expectStatus(await h.request('GET', '/api/v1/openapi.json'), 200, 'openapi');
  expectStatus(await h.request('GET', '/api/v1/rules'), 200, 'rule catalog');

  const { token } = await h.createUser('alice');
  secrets.rampartTokens.push(token);
  expectStatus(await h.request('GET', '/api/v1/me'), 401, 'me without credentials');
  expectStatus(await h.request('GET', '/api/v1/me', { token }), 200, 'me');

  const pat = (pasted: string, name = 'laptop') =>
    h.request('PUT', '/api/v1/me/github-pat', { token, json: { name, token: pasted, email: 'alice@example.com' } });
  expectStatus(await h.request('GET', '/api/v1/me/github-pat', { token }), 404, 'no PAT yet');
  expectStatus(await pat(`gho_${'a'.repeat(36)}`), 422, 'oauth token refused');
  expectStatus(await pat(TOKENS.bobClassic), 422, "bob's token refused");
  expectStatus(await pat(TOKENS.unknownClassic), 422, 'unknown token refused');
  expectStatus(await pat(TOKENS.aliceNoWorkflow), 422, 'missing workflow refused');
  expectStatus(await h.request('PUT', '/api/v1/me/github-pat', { token, json: { name: 'x' } }), 400, 'invalid body');
  expectStatus(await pat(TOKENS.aliceClassic), 200, 'classic saved');
  expectStatus(await h.request('GET', '/api/v1/me/github-pat', { token }), 200, 'PAT metadata');
  expectStatus(
    await h.request('POST', '/api/v1/me/github-pat/check', {
      token,
      json: { repositories: ['alice/webapp', 'bob/secret'] },
    }),
    200,
    'check',
  );
  expectStatus(await h.request('GET', '/api/v1/me/github-pat/repositories', { token }), 200, 'repositories');

  const made = await h.request('POST', '/api/v1/me/tokens', {
    token,
    json: { name: 'ci', scopes: ['credentials:read', 'runs:read'], expiration: 30 },
  });
  expectStatus(made, 201, 'token created');
  secrets.rampartTokens.push(made.json.token);
  expectStatus(
    await h.request('POST', '/api/v1/me/tokens', { token, json: { name: 'ci', scopes: ['runs:read'] } }),
    409,
    'duplicate name',
  );
  expectStatus(await h.request('GET', '/api/v1/me/tokens', { token }), 200, 'tokens listed');
  expectStatus(
    await h.request('GET', '/api/v1/me/orchestrate-options', { token: made.json.token }),
    403,
    'under-scoped',
  );
  const exchanged = await h.request('POST', '/api/v1/oauth/token', {
    form: {
      grant_type: EXCHANGE,
      subject_token: made.json.token,
      subject_token_type: ACCESS,
      scope: 'credentials:read',
    },
  });
  expectStatus(exchanged, 200, 'exchange');
  secrets.rampartTokens.push(exchanged.json.access_token);
  expectStatus(await h.request('POST', '/api/v1/oauth/token', { form: { grant_type: 'password' } }), 400, 'bad grant');
  expectStatus(
    await h.request('GET', '/api/v1/me/github-pat', { token: exchanged.json.access_token }),
    200,
    'access token used',
  );
  expectStatus(await h.request('DELETE', `/api/v1/me/tokens/${made.json.id}`, { token }), 204, 'token revoked');
  expectStatus(await h.request('DELETE', `/api/v1/me/tokens/${made.json.id}`, { token }), 404, 'revoked twice');
  expectStatus(await h.request('GET', '/api/v1/me', { token: made.json.token }), 401, 'revoked token');

  expectStatus(await h.request('GET', '/api/v1/me/orchestrate-options', { token }), 200, 'options');
  expectStatus(
    await h.request('PUT', '/api/v1/me/orchestrate-options', {
      token,
      json: { draft: true, harden: { hardenRunner: { egressPolicy: 'block' } }, allowed_endpoints: ['github.com:443'] },
    }),
    200,
    'options saved',
  );
  expectStatus(
    await h.request('PUT', '/api/v1/me/orchestrate-options', { token, json: { branch: 'a..b' } }),
    400,
    'bad branch',
  );

  const run = await h.request('POST', '/api/v1/orchestrations', {
    token,
    json: { repositories: ['alice/webapp', 'alice/dotfiles'], options: { draft: false } },
  });
  expectStatus(run, 202, 'orchestration queued');
  expectStatus(await h.request('GET', '/api/v1/orchestrations', { token }), 200, 'orchestrations listed');
  expectStatus(await h.request('GET', `/api/v1/orchestrations/${run.json.id}`, { token }), 200, 'orchestration');
  expectStatus(await h.request('GET', '/api/v1/repository-states', { token }), 200, 'repository states');
  expectStatus(
    await h.request('POST', `/api/v1/orchestrations/${run.json.id}/cancel`, { token }),
    200,
    'orchestration cancelled',
  );
  // Cancelled, so the event stream replays the changes and ends.
  expectStatus(
    await h.request('GET', `/api/v1/orchestrations/${run.json.id}/events`, { token }),
    200,
    'orchestration events',
  );

  // Policies: created ("all" needs the saved PAT), listed, read, changed and paused, run by hand, their runs listed, deleted.
  const policy = await h.request('POST', '/api/v1/policies', {
    token,
    json: {
      name: 'Keep hardened',
      repositories: 'all',
      options: { draft: true },
      triggers: { schedule: 'weekly', push: true, new_repositories: true },
    },
  });
  expectStatus(policy, 201, 'policy created');
  expectStatus(
    await h.request('POST', '/api/v1/policies', {
      token,
      json: { name: 'x', repositories: ['alice/webapp'], triggers: { new_repositories: true } },
    }),
    400,
    'new repositories without "all"',
  );
  expectStatus(await h.request('GET', '/api/v1/policies', { token }), 200, 'policies listed');
  expectStatus(await h.request('GET', `/api/v1/policies/${policy.json.id}`, { token }), 200, 'policy');
  const changed = { repositories: ['alice/webapp'], triggers: { new_repositories: false }, paused: true };
  expectStatus(
    await h.request('PATCH', `/api/v1/policies/${policy.json.id}`, { token, json: changed }),
    200,
    'policy changed and paused',
  );
  const policyRun = await h.request('POST', `/api/v1/policies/${policy.json.id}/run`, { token });
  expectStatus(policyRun, 202, 'policy run by hand');
  expectStatus(
    await h.request('POST', `/api/v1/orchestrations/${policyRun.json.id}/cancel`, { token }),
    200,
    'policy run cancelled',
  );
  expectStatus(
    await h.request('GET', `/api/v1/orchestrations?policy_id=${policy.json.id}`, { token }),
    200,
    'policy runs listed',
  );
  expectStatus(await h.request('DELETE', `/api/v1/policies/${policy.json.id}`, { token }), 204, 'policy deleted');
  expectStatus(await h.request('GET', `/api/v1/policies/${policy.json.id}`, { token }), 404, 'policy gone');

  const hook = JSON.stringify({ zen: 'x', hook_id: 1 });
  const sig = `sha256=${createHmac('sha256', APP.webhookSecret).update(hook).digest('hex')}`;
  const webhook = (headers: Record<string, string>) =>
    h.request('POST', '/api/v1/github/webhooks', {
      body: hook,
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', ...headers },
    });
  expectStatus(await webhook({ 'x-hub-signature-256': sig }), 204, 'webhook');
  expectStatus(await webhook({}), 401, 'unsigned webhook');

  const session = await signIn(h, 'alice');
  secrets.sessionCookies.push(session.cookie.split('=')[1] ?? '');
  secrets.csrfTokens.push(session.csrf);
  expectStatus(await h.request('GET', '/api/v1/session', { cookie: session.cookie }), 200, 'session');
  expectStatus(
    await h.request('PUT', '/api/v1/me/github-pat', {
      cookie: session.cookie,
      json: { name: 'f', token: TOKENS.aliceFineGrained, email: 'a@example.com' },
    }),
    403,
    'csrf',
  );
  const fine = await h.request('PUT', '/api/v1/me/github-pat', {
    cookie: session.cookie,
    csrf: session.csrf,
    json: { name: 'fine', token: TOKENS.aliceFineGrained, email: 'a@example.com' },
  });
  expectStatus(fine, 200, 'fine-grained saved from the browser');
  expectStatus(
    await h.request('POST', '/api/v1/me/github-pat/check', {
      cookie: session.cookie,
      csrf: session.csrf,
      json: { repositories: ['alice/webapp'] },
    }),
    200,
    'check fine-grained',
  );
  expectStatus(await h.request('GET', '/api/v1/me/audit', { cookie: session.cookie }), 200, 'audit');
  expectStatus(
    await h.request('DELETE', '/api/v1/me/github-pat', { cookie: session.cookie, csrf: session.csrf }),
    204,
    'PAT removed',
  );
  expectStatus(await h.request('DELETE', '/api/v1/me/github-pat', { token }), 404, 'PAT removed twice');
  expectStatus(
    await h.request('POST', '/api/v1/me/github-pat/check', { token, json: { repositories: ['alice/webapp'] } }),
    404,
    'check without PAT',
  );
  expectStatus(
    await h.request('GET', '/api/v1/me/github-pat/repositories', { token }),
    404,
    'repositories without PAT',
  );
  expectStatus(await h.request('POST', '/auth/logout', { cookie: session.cookie, csrf: session.csrf }), 204, 'logout');
  expectStatus(await h.request('GET', '/auth/github/callback?state=nope&code=x'), 400, 'stale callback');
  expectStatus(await h.request('GET', '/api/v1/does-not-exist'), 404, 'unknown route');
  expectStatus(await h.request('GET', '/api/v1/me/audit?limit=2', { token }), 200, 'audit page');
  expectStatus(await h.request('GET', '/api/v1/audit?limit=2', { token }), 200, 'audit log');
  return secrets;
}
