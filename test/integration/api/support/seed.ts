import { generateKeyPairSync } from 'node:crypto';

/** Made-up tokens in GitHub's formats; each test file gets its own so emulator counts stay separate. */
export function classicToken(tag: string): string {
  return `ghp_${`${tag}${'0'.repeat(36)}`.replace(/[^A-Za-z0-9]/g, '0').slice(0, 36)}`;
}

export function fineGrainedToken(tag: string): string {
  const body = `${tag}${'0'.repeat(90)}`.replace(/[^A-Za-z0-9]/g, '0');
  return `github_pat_${body.slice(0, 22)}_${body.slice(22, 81)}`;
}

export const APP = {
  id: 4242,
  clientId: 'Iv1.rampartTestApp',
  clientSecret: 'test-client-secret-0123456789',
  webhookSecret: 'test-webhook-secret',
};

export const TOKENS = {
  aliceClassic: classicToken('aliceFull'),
  aliceNoWorkflow: classicToken('aliceNoWorkflow'),
  aliceNoScopes: classicToken('aliceNoScopes'),
  aliceFineGrained: fineGrainedToken('aliceFine'),
  bobClassic: classicToken('bobFull'),
  /** Valid in format, unknown to the emulator: GitHub answers 401. */
  unknownClassic: classicToken('nobodyKnowsThis'),
};

export const PAT_EXPIRES_AT = '2031-05-06T07:08:09Z';

export function appPrivateKey(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
}

/** Alice and Bob, their repositories, tokens of every kind the tests need, and the sign-in App. */
export function apiTestSeed(privateKeyPem: string) {
  return {
    users: [
      { login: 'alice', id: 1001, email: 'alice@example.com', name: 'Alice Example' },
      { login: 'bob', id: 1002, email: 'bob@example.com', name: 'Bob Builder' },
      { login: 'carol', id: 1003, email: 'carol@example.com', name: 'Carol' },
    ],
    orgs: [{ login: 'acme', id: 2001, members: { alice: 'admin' as const, bob: 'member' as const } }],
    repositories: [
      {
        owner: 'alice',
        name: 'webapp',
        private: true,
        files: { 'README.md': '# webapp\n', '.github/workflows/ci.yml': 'on: push\njobs: {}\n' },
      },
      { owner: 'alice', name: 'dotfiles', private: false, files: { 'README.md': '# dotfiles\n' } },
      {
        owner: 'bob',
        name: 'shared',
        private: true,
        collaborators: { alice: 'read' as const },
        files: { 'README.md': '# shared\n' },
      },
      { owner: 'bob', name: 'secret', private: true, files: { 'README.md': '# secret\n' } },
      { owner: 'acme', name: 'api', private: true, files: { 'README.md': '# api\n' } },
    ],
    tokens: [
      {
        token: TOKENS.aliceClassic,
        kind: 'classic' as const,
        user: 'alice',
        scopes: ['repo', 'workflow', 'read:org'],
        expires_at: PAT_EXPIRES_AT,
      },
      { token: TOKENS.aliceNoWorkflow, kind: 'classic' as const, user: 'alice', scopes: ['repo', 'read:org'] },
      { token: TOKENS.aliceNoScopes, kind: 'classic' as const, user: 'alice', scopes: [] },
      {
        token: TOKENS.aliceFineGrained,
        kind: 'fine-grained' as const,
        user: 'alice',
        repositories: ['alice/webapp', 'alice/dotfiles'],
        permissions: {
          contents: 'write' as const,
          pull_requests: 'read' as const,
          workflows: 'write' as const,
          metadata: 'read' as const,
        },
        expires_at: PAT_EXPIRES_AT,
      },
      { token: TOKENS.bobClassic, kind: 'classic' as const, user: 'bob', scopes: ['repo', 'workflow'] },
    ],
    apps: [
      {
        id: APP.id,
        slug: 'rampart-test',
        name: 'Rampart Test',
        owner: 'acme',
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        private_key_pem: privateKeyPem,
        webhook_secret: APP.webhookSecret,
        permissions: {
          contents: 'write' as const,
          pull_requests: 'write' as const,
          workflows: 'write' as const,
          metadata: 'read' as const,
        },
        installations: [],
      },
    ],
  };
}
