import { classifyGitHubError } from '../../../src/github/classify-github-error.js';
import { CREDENTIAL_STOPPED_HEADER } from '../../../src/github/octokit-factory.js';

const httpError = (status: number, message: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(message), { status, response: { data: { message }, headers } });

describe('classifyGitHubError: what a denial means', () => {
  test('SAML SSO enforcement carries the authorization URL', () => {
    const c = classifyGitHubError(
      httpError(
        403,
        'Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.',
        {
          'x-github-sso': 'required; url=https://github.com/orgs/acme/sso?authorization_request=abc',
        },
      ),
    );
    expect(c).toMatchObject({
      kind: 'forbidden',
      reason: 'sso-required',
      ssoUrl: 'https://github.com/orgs/acme/sso?authorization_request=abc',
    });
  });
  test('an org that forbids classic PATs', () => {
    expect(
      classifyGitHubError(
        httpError(403, 'The `acme` organization forbids access via a personal access token (classic).'),
      ).reason,
    ).toBe('classic-pat-blocked');
  });
  test('a fine-grained token without the permission', () => {
    expect(classifyGitHubError(httpError(403, 'Resource not accessible by personal access token')).reason).toBe(
      'not-accessible-by-token',
    );
  });
  test('bad credentials', () => {
    expect(classifyGitHubError(httpError(401, 'Bad credentials'))).toMatchObject({
      kind: 'unauthorized',
      reason: 'bad-credentials',
    });
  });
  test('a request Rampart stopped because the PAT was removed is not a GitHub answer', () => {
    expect(
      classifyGitHubError(httpError(410, 'Rampart stopped this request', { [CREDENTIAL_STOPPED_HEADER]: '1' })),
    ).toMatchObject({ kind: 'credential-revoked', transient: false });
  });
});
