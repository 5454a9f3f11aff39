import { generateKeyPairSync } from 'node:crypto';
import type { GitHubAppConfig } from '../../../../src/config/load-config.js';

export const APP = {
  id: 777001,
  slug: 'rampart-app-test',
  clientId: 'Iv23liAppFallbackTest',
  clientSecret: 'app-test-client-secret-0123456789',
  webhookSecret: 'app-test-webhook-secret',
};

export const INSTALLATIONS = {
  /** acme: every repository, the permissions Rampart needs. */
  acme: 9_100_001,
  /** initech: only initech/portal is selected. */
  initech: 9_100_002,
  /** umbrella: all repositories, but the owner never accepted Workflows. */
  umbrella: 9_100_003,
};

const WORKFLOW =
  'name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n';
const files = (name: string) => ({ 'README.md': `# ${name}\n`, '.github/workflows/ci.yml': WORKFLOW });

export function appPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
}

/** Users with every role on acme/api, four owners with different installations, and the App. */
export function appSeed(privateKeyPem: string, webhookUrl?: string) {
  const user = (login: string, id: number) => ({ login, id, email: `${login}@example.com` });
  return {
    users: [
      user('reader', 3001),
      user('triager', 3002),
      user('writer', 3003),
      user('maintainer', 3004),
      user('administrator', 3005),
      user('stranger', 3006),
      user('owner', 3007),
    ],
    orgs: [
      { login: 'acme', id: 4001, members: { owner: 'admin' as const } },
      { login: 'globex', id: 4002, members: { owner: 'admin' as const } },
      { login: 'initech', id: 4003, members: { owner: 'admin' as const } },
      { login: 'umbrella', id: 4004, members: { owner: 'admin' as const } },
    ],
    repositories: [
      {
        owner: 'acme',
        name: 'api',
        private: true,
        collaborators: {
          reader: 'read' as const,
          triager: 'triage' as const,
          writer: 'write' as const,
          maintainer: 'maintain' as const,
          administrator: 'admin' as const,
        },
        files: files('api'),
      },
      { owner: 'acme', name: 'web', private: true, collaborators: { writer: 'write' as const }, files: files('web') },
      {
        owner: 'globex',
        name: 'site',
        private: true,
        collaborators: { writer: 'write' as const },
        files: files('site'),
      },
      {
        owner: 'initech',
        name: 'portal',
        private: true,
        collaborators: { writer: 'write' as const },
        files: files('portal'),
      },
      {
        owner: 'initech',
        name: 'payroll',
        private: true,
        collaborators: { writer: 'write' as const },
        files: files('payroll'),
      },
      {
        owner: 'umbrella',
        name: 'lab',
        private: true,
        collaborators: { writer: 'write' as const },
        files: files('lab'),
      },
    ],
    apps: [
      {
        id: APP.id,
        slug: APP.slug,
        name: 'Rampart App Test',
        owner: 'acme',
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        private_key_pem: privateKeyPem,
        webhook_secret: APP.webhookSecret,
        ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
        events: ['pull_request'],
        permissions: {
          contents: 'write' as const,
          pull_requests: 'write' as const,
          workflows: 'write' as const,
          metadata: 'read' as const,
        },
        installations: [
          { id: INSTALLATIONS.acme, account: 'acme', repositories: 'all' as const },
          { id: INSTALLATIONS.initech, account: 'initech', repositories: ['initech/portal'] },
          {
            id: INSTALLATIONS.umbrella,
            account: 'umbrella',
            repositories: 'all' as const,
            permissions: { contents: 'write' as const, pull_requests: 'write' as const, metadata: 'read' as const },
          },
        ],
      },
    ],
  };
}

export function appConfig(privateKeyPem: string): GitHubAppConfig {
  return {
    appId: APP.id,
    privateKeyPem,
    clientId: APP.clientId,
    clientSecret: APP.clientSecret,
    webhookSecret: APP.webhookSecret,
  };
}
