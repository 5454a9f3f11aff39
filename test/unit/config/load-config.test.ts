import { createHash } from 'node:crypto';
import { admittedByLogin, allowedOrgsAmong, describeAccess } from '../../../src/accounts/sign-in-access.js';
import { ConfigError, cookiesAreSecure, describeRedisUrl, loadConfig } from '../../../src/config/load-config.js';

const KEYS = `k1:${createHash('sha256').update('load-config test key').digest('base64')}`;
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n';
const APP = {
  GITHUB_APP_ID: '42',
  GITHUB_APP_PRIVATE_KEY: PEM,
  GITHUB_APP_CLIENT_ID: 'Iv1.abc',
  GITHUB_APP_CLIENT_SECRET: 'shh-client',
  GITHUB_APP_WEBHOOK_SECRET: 'shh-hook',
};

function problems(
  env: Record<string, string>,
  readFile?: (p: string) => string,
): Array<{ setting: string; message: string }> {
  try {
    loadConfig(env, readFile ? { readFile } : {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  test('defaults', () => {
    const c = loadConfig({ RAMPART_MASTER_KEYS: KEYS });
    expect(c).toMatchObject({
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'rampart:',
      githubApiUrl: 'https://api.github.com',
      githubWebUrl: 'https://github.com',
      publicUrl: 'http://localhost:3000',
      githubApp: null,
      allowVolatileRedis: false,
      apiTokenMaxLifetimeDays: 90,
      logLevel: 'info',
    });
    expect(c.masterKeys.active.kid).toBe('k1');
  });

  test('every wrong setting is named, all at once, and empty strings count as unset', () => {
    const found = problems({
      PORT: 'eighty',
      REDIS_URL: 'http://redis',
      GITHUB_API_URL: 'ftp://x',
      RAMPART_ALLOW_VOLATILE_REDIS: 'maybe',
      RAMPART_API_TOKEN_MAX_LIFETIME_DAYS: 'forever',
      LOG_LEVEL: 'loud',
      RAMPART_PUBLIC_URL: '',
    });
    expect(found.map((p) => p.setting).sort()).toEqual(
      [
        'GITHUB_API_URL',
        'LOG_LEVEL',
        'PORT',
        'RAMPART_ALLOW_VOLATILE_REDIS',
        'RAMPART_API_TOKEN_MAX_LIFETIME_DAYS',
        'RAMPART_MASTER_KEYS',
        'REDIS_URL',
      ].sort(),
    );
    expect(found.find((p) => p.setting === 'PORT')?.message).toMatch(/whole number.*\(got "eighty"\)/);
    expect(found.find((p) => p.setting === 'RAMPART_MASTER_KEYS')?.message).toMatch(/is not set/);
  });

  test('the error message lists each setting on its own line', () => {
    expect(() => loadConfig({ RAMPART_MASTER_KEYS: KEYS, PORT: '70000' })).toThrow(
      /invalid configuration:\n {2}PORT: must be at most 65535/,
    );
  });

  test('secret values are never quoted back', () => {
    const redis = 'redis://:hunter2@db:6379';
    const found = problems({
      RAMPART_MASTER_KEYS: 'k1:c2hvcnQ=',
      REDIS_URL: redis.replace('redis:', 'http:'),
      ...APP,
      GITHUB_APP_PRIVATE_KEY: 'not a pem at all',
    });
    const text = JSON.stringify(found);
    for (const secret of ['c2hvcnQ=', 'hunter2', 'not a pem at all']) expect(text).not.toContain(secret);
    expect(found.map((p) => p.setting)).toEqual(
      expect.arrayContaining(['RAMPART_MASTER_KEYS', 'REDIS_URL', 'GITHUB_APP_PRIVATE_KEY']),
    );
  });

  test('the GitHub App settings go together', () => {
    expect(loadConfig({ RAMPART_MASTER_KEYS: KEYS, ...APP }).githubApp).toEqual({
      appId: 42,
      privateKeyPem: PEM,
      clientId: 'Iv1.abc',
      clientSecret: 'shh-client',
      webhookSecret: 'shh-hook',
    });
    const found = problems({ RAMPART_MASTER_KEYS: KEYS, GITHUB_APP_CLIENT_ID: 'Iv1.abc' });
    expect(found.map((p) => p.setting).sort()).toEqual([
      'GITHUB_APP_CLIENT_SECRET',
      'GITHUB_APP_ID',
      'GITHUB_APP_PRIVATE_KEY',
      'GITHUB_APP_WEBHOOK_SECRET',
    ]);
  });

  test('the App key can come from a file, and a one-line PEM keeps its newlines', () => {
    const { GITHUB_APP_PRIVATE_KEY: _k, ...rest } = APP;
    const fromFile = loadConfig(
      { RAMPART_MASTER_KEYS: KEYS, ...rest, GITHUB_APP_PRIVATE_KEY_FILE: '/keys/app.pem' },
      { readFile: (p) => (p === '/keys/app.pem' ? PEM : '') },
    );
    expect(fromFile.githubApp?.privateKeyPem).toBe(PEM);
    const oneLine = loadConfig({
      RAMPART_MASTER_KEYS: KEYS,
      ...APP,
      GITHUB_APP_PRIVATE_KEY: PEM.replace(/\n/g, '\\n'),
    });
    expect(oneLine.githubApp?.privateKeyPem).toBe(PEM);
    const missing = problems({ RAMPART_MASTER_KEYS: KEYS, ...rest, GITHUB_APP_PRIVATE_KEY_FILE: '/nope.pem' }, () => {
      throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
    });
    expect(missing).toEqual([{ setting: 'GITHUB_APP_PRIVATE_KEY_FILE', message: 'cannot read /nope.pem: ENOENT' }]);
  });

  test('unlimited token lifetime and numeric settings', () => {
    const c = loadConfig({
      RAMPART_MASTER_KEYS: KEYS,
      RAMPART_API_TOKEN_MAX_LIFETIME_DAYS: 'unlimited',
      RAMPART_RATE_LIMIT_USER_PER_MINUTE: '7',
      RAMPART_TRUST_PROXY: '2',
    });
    expect(c.apiTokenMaxLifetimeDays).toBeNull();
    expect(c.rateLimit.userPerMinute).toBe(7);
    expect(c.trustProxy).toBe(2);
  });

  test('operators are GitHub users by id (login:id); a bare login, which anyone could claim after a rename, is refused', () => {
    expect(
      loadConfig({ RAMPART_MASTER_KEYS: KEYS, RAMPART_OPERATOR_LOGINS: 'octocat:583231, Ops-Team:9' }).operators,
    ).toEqual([
      { login: 'octocat', githubId: 583231 },
      { login: 'Ops-Team', githubId: 9 },
    ]);
    expect(loadConfig({ RAMPART_MASTER_KEYS: KEYS }).operators).toEqual([]);
    for (const bad of ['octocat', 'octocat:', 'octocat:0', 'octocat:12x', ':12']) {
      const found = problems({ RAMPART_MASTER_KEYS: KEYS, RAMPART_OPERATOR_LOGINS: bad });
      expect(found).toEqual([
        {
          setting: 'RAMPART_OPERATOR_LOGINS',
          message: expect.stringMatching(/^must be login:id pairs separated by commas, with the GitHub user id/),
        },
      ]);
    }
  });

  test('cookies are Secure except for local http development', () => {
    expect(cookiesAreSecure({ publicUrl: 'https://rampart.example.com' })).toBe(true);
    expect(cookiesAreSecure({ publicUrl: 'http://rampart.example.com' })).toBe(true);
    expect(cookiesAreSecure({ publicUrl: 'http://localhost:3000' })).toBe(false);
    expect(cookiesAreSecure({ publicUrl: 'http://127.0.0.1:8080' })).toBe(false);
  });

  test('Redis URLs are shown without their password', () => {
    expect(describeRedisUrl('redis://:hunter2@db:6379/2')).toBe('redis://:***@db:6379/2');
  });
});

describe('who may sign in', () => {
  test('unset: anyone, and the start-up line says so', () => {
    const { access } = loadConfig({ RAMPART_MASTER_KEYS: KEYS });
    expect(access).toEqual({ orgs: [], logins: [], membershipCheckHours: 24 });
    expect(describeAccess(access)).toMatch(/^sign-in is open to anyone with a GitHub account/);
  });

  test('organizations, and logins with or without their GitHub id', () => {
    const { access } = loadConfig({
      RAMPART_MASTER_KEYS: KEYS,
      RAMPART_ALLOWED_ORGS: 'acme, Globex',
      RAMPART_ALLOWED_LOGINS: 'octocat:583231,bob',
      RAMPART_MEMBERSHIP_CHECK_HOURS: '6',
    });
    expect(access).toEqual({
      orgs: ['acme', 'Globex'],
      logins: [
        { login: 'octocat', githubId: 583231 },
        { login: 'bob', githubId: null },
      ],
      membershipCheckHours: 6,
    });
    expect(describeAccess(access)).toBe(
      'sign-in is limited to members of acme, Globex (checked again every 6 h) and the GitHub users octocat:583231, bob',
    );
    expect(admittedByLogin(access, { login: 'OctoCat', githubId: 1 })).toBe(false);
    expect(admittedByLogin(access, { login: 'renamed', githubId: 583231 })).toBe(true);
    expect(admittedByLogin(access, { login: 'BOB', githubId: 7 })).toBe(true);
    expect(allowedOrgsAmong(access, ['ACME', 'initech'])).toEqual(['acme']);
  });

  test('a wrong entry is named', () => {
    expect(problems({ RAMPART_MASTER_KEYS: KEYS, RAMPART_ALLOWED_ORGS: 'acme,not an org' })).toEqual([
      {
        setting: 'RAMPART_ALLOWED_ORGS',
        message: 'must be GitHub organization logins separated by commas (got "acme,not an org")',
      },
    ]);
    expect(problems({ RAMPART_MASTER_KEYS: KEYS, RAMPART_ALLOWED_LOGINS: 'bob:0' })[0]?.setting).toBe(
      'RAMPART_ALLOWED_LOGINS',
    );
    expect(problems({ RAMPART_MASTER_KEYS: KEYS, RAMPART_MEMBERSHIP_CHECK_HOURS: '0' })[0]?.message).toMatch(
      /at least 1/,
    );
  });
});
