import { decideRole } from '../../../../src/github/app/check-user-role.js';
import { classifyGitHubError } from '../../../../src/github/classify-github-error.js';
import { appThrottleId, createOctokit, throttleIdFor } from '../../../../src/github/octokit-factory.js';

test('decideRole: role_name first; custom roles and old servers fall back to the legacy permission', () => {
  expect(decideRole('write', 'write')).toEqual({ role: 'write', allowed: true });
  expect(decideRole('maintain', 'write')).toEqual({ role: 'maintain', allowed: true });
  expect(decideRole('admin', 'admin')).toEqual({ role: 'admin', allowed: true });
  expect(decideRole('triage', 'read')).toEqual({ role: 'triage', allowed: false });
  expect(decideRole('read', 'read')).toEqual({ role: 'read', allowed: false });
  expect(decideRole('none', 'none')).toEqual({ role: 'none', allowed: false });
  // An organization's custom role: allowed only when built on write or maintain.
  expect(decideRole('security-engineer', 'write')).toEqual({ role: 'security-engineer', allowed: true });
  expect(decideRole('auditor', 'read')).toEqual({ role: 'auditor', allowed: false });
  // No role_name (older GitHub Enterprise Server).
  expect(decideRole(undefined, 'write')).toEqual({ role: 'write', allowed: true });
  expect(decideRole(undefined, 'read')).toEqual({ role: 'read', allowed: false });
  expect(decideRole(null, null)).toEqual({ role: 'none', allowed: false });
});

const failure = (status: number, message: string, headers: Record<string, string> = {}) => ({
  status,
  message,
  response: { data: { message }, headers },
});

test('classifier: token-minting 422s, suspended installations and rejected App JWTs get their own reasons', () => {
  expect(
    classifyGitHubError(failure(422, 'The permissions requested are not granted to this installation.')),
  ).toMatchObject({
    kind: 'validation',
    transient: false,
    reason: 'installation-permissions-not-granted',
  });
  expect(
    classifyGitHubError(
      failure(
        422,
        'There is at least one repository that does not exist or is not accessible to the parent installation.',
      ),
    ).reason,
  ).toBe('repository-not-in-installation');
  expect(classifyGitHubError(failure(422, 'Validation Failed')).reason).toBeUndefined();
  expect(classifyGitHubError(failure(403, 'This installation has been suspended')).reason).toBe(
    'installation-suspended',
  );
  expect(classifyGitHubError(failure(401, 'A JSON web token could not be decoded')).reason).toBe('app-jwt-rejected');
  expect(classifyGitHubError(failure(401, "'Expiration time' claim ('exp') is too far in the future")).reason).toBe(
    'app-jwt-rejected',
  );
  expect(classifyGitHubError(failure(401, 'Bad credentials')).reason).toBe('bad-credentials');
  expect(classifyGitHubError(failure(502, 'Server Error')).transient).toBe(true);
});

test('throttle ids: one per App (JWT) and one per installation, none derived from a secret', () => {
  expect(appThrottleId({ appId: 7 })).toBe('app-7');
  expect(appThrottleId({ appId: 7, installationId: 99 })).toBe('app-7-installation-99');
  expect(throttleIdFor('ghp_x')).toMatch(/^cred-[0-9a-f]{16}$/);
});

test('createOctokit takes a token or App credentials, not both', () => {
  expect(() =>
    createOctokit({ baseUrl: 'http://127.0.0.1:1', token: 'ghp_x', app: { appId: 1, privateKey: 'k' } }),
  ).toThrow(/not both/);
});
