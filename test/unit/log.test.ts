import { collectingDestination, createLogger, scrubTokens } from '../../src/log.js';

const pat = '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';
const fine = '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';
const rpat = 'rpat_5gGR1UDMUf3k5BhKpfSr9HVwp2VakqZf41hkZ4';

describe('logger', () => {
  test('secret-bearing paths are redacted and token-shaped text is scrubbed anywhere', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: collectingDestination((l) => lines.push(l)) }).child({
      reqId: 'r1',
    });
    log.info(
      {
        req: { headers: { authorization: `Bearer ${rpat}`, cookie: 'rampart_session=abc' } },
        body: { token: 'opaque-secret', name: 'laptop' },
      },
      'saving',
    );
    log.warn({ nested: { deeper: { subject_token: 'opaque-2' } } }, `pasted ${pat}`);
    log.error(new Error(`GitHub refused ${fine}`));
    const out = lines.join('');
    for (const secret of [pat, fine, rpat, 'opaque-secret', 'opaque-2', 'rampart_session=abc'])
      expect(out).not.toContain(secret);
    expect(out).toContain('laptop');
    expect(out).toContain('"reqId":"r1"');
    expect(lines.every((l) => JSON.parse(l))).toBe(true);
  });

  test('scrubTokens leaves ordinary text alone', () => {
    expect(scrubTokens('ghp_ is the classic prefix; see github_pat_ too')).toBe(
      'ghp_ is the classic prefix; see github_pat_ too',
    );
    expect(scrubTokens(`x ${pat} y`)).toBe('x [SCRUBBED] y');
  });
});
