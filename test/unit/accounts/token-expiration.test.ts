import { resolveExpiration } from '../../../src/accounts/token-expiration.js';
import { AppError } from '../../../src/errors.js';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const DAY = 24 * 3600 * 1000;

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
  }
  throw new Error('expected a refusal');
}

describe('resolveExpiration', () => {
  test('days, dates, date-times and none', () => {
    expect(resolveExpiration(30, NOW, 90)).toBe(NOW + 30 * DAY);
    expect(resolveExpiration('2026-02-01', NOW, 90)).toBe(Date.parse('2026-02-01T23:59:59Z'));
    expect(resolveExpiration('2026-01-11T00:00:00+02:00', NOW, 90)).toBe(Date.parse('2026-01-10T22:00:00Z'));
    expect(resolveExpiration('none', NOW, null)).toBeNull();
  });
  test('the operator maximum is enforced, with the setting named', () => {
    expect(refusal(() => resolveExpiration('none', NOW, 90))).toMatchObject({
      status: 422,
      code: 'expiration_not_allowed',
    });
    expect(refusal(() => resolveExpiration(90, NOW, 30))).toMatchObject({
      code: 'expiration_too_long',
      message: expect.stringContaining('RAMPART_API_TOKEN_MAX_LIFETIME_DAYS'),
    });
    expect(refusal(() => resolveExpiration('2026-06-01', NOW, 90)).code).toBe('expiration_too_long');
    expect(resolveExpiration('2026-04-10', NOW, 90)).toBe(Date.parse('2026-04-10T23:59:59Z'));
  });
  test('the past is refused', () => {
    expect(refusal(() => resolveExpiration('2026-01-01', NOW, 90)).code).toBe('expiration_in_past');
  });
});
