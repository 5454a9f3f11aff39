import { SCRUBBED } from '../../../src/log.js';
import { runFullFlow, type FlowSecrets } from './support/full-flow.js';
import { dumpPrefix, startHarness, type Harness } from './support/harness.js';
import { TOKENS } from './support/seed.js';

let h: Harness;
let secrets: FlowSecrets;
let storedWhileSaved: Array<{ key: string; value: string }>;

beforeAll(async () => {
  h = await startHarness();
  // Keep a copy of Redis while a PAT is stored, so the scan also covers the ciphertext's record.
  const { token } = await h.createUser('bob');
  await h.request('PUT', '/api/v1/me/github-pat', {
    token,
    json: { name: 'bob', token: TOKENS.bobClassic, email: 'bob@example.com' },
  });
  storedWhileSaved = await dumpPrefix(h.redis, h.prefix);
  secrets = await runFullFlow(h);
});
afterAll(async () => h?.close());

/** The GitHub user tokens the emulator minted during sign-in: Rampart saw each once and must keep none. */
function signInTokens(): string[] {
  return [...h.emulator.state.tokens.values()].filter((t) => t.kind === 'oauth').map((t) => t.token);
}

describe('no secret escapes', () => {
  test('the scan is not vacuous', () => {
    expect(h.logs.length).toBeGreaterThan(50);
    expect(h.transcript.length).toBeGreaterThan(40);
    expect(storedWhileSaved.some((e) => e.key.endsWith(':github-pat'))).toBe(true);
    expect(signInTokens().length).toBeGreaterThan(0);
    expect(secrets.rampartTokens.length).toBeGreaterThanOrEqual(3);
    // The flow's API token did appear where it must: in the one response that created it.
    expect(h.transcript.filter((t) => t.includes(secrets.rampartTokens[1] ?? 'x'))).toHaveLength(1);
  });

  test('no code path even tried to log a token (the last-resort scrubber never fired)', () => {
    expect(h.logs.filter((line) => line.includes(SCRUBBED))).toEqual([]);
  });

  test('no GitHub token in any log line, response, or Redis key or value', async () => {
    const redisNow = await dumpPrefix(h.redis, h.prefix);
    const logs = h.logs.join('');
    const responses = h.transcript.join('\n');
    for (const token of [...secrets.githubPats, ...signInTokens()]) {
      expect(logs).not.toContain(token);
      expect(responses).not.toContain(token);
      for (const entry of [...storedWhileSaved, ...redisNow]) {
        expect(entry.key).not.toContain(token);
        expect(entry.value).not.toContain(token);
      }
    }
  });

  test('Rampart tokens, session ids and CSRF tokens are not logged or stored', async () => {
    const redisNow = await dumpPrefix(h.redis, h.prefix);
    const logs = h.logs.join('');
    for (const secret of [...secrets.rampartTokens, ...secrets.sessionCookies]) {
      expect(secret.length).toBeGreaterThan(20);
      expect(logs).not.toContain(secret);
      for (const entry of redisNow) {
        expect(entry.key).not.toContain(secret);
        expect(entry.value).not.toContain(secret);
      }
    }
    // The CSRF token lives in its session record by design; it must still never be logged.
    for (const csrf of secrets.csrfTokens) expect(logs).not.toContain(csrf);
  });

  test('the only place a PAT lives is its ciphertext', () => {
    const record = storedWhileSaved.find((e) => e.key.endsWith(':github-pat'));
    const parsed = JSON.parse(JSON.parse(record?.value ?? '""')) as { sealed: { ciphertext: string }; last4: string };
    expect(parsed.sealed.ciphertext.length).toBeGreaterThan(40);
    expect(parsed.last4).toBe(TOKENS.bobClassic.slice(-4));
    // No other value carries even the token's random middle.
    const middle = TOKENS.bobClassic.slice(4, 30);
    expect(storedWhileSaved.filter((e) => e.value.includes(middle))).toHaveLength(0);
  });
});
