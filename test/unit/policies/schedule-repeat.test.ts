import { scheduleRepeat } from '../../../src/queue/policy-schedules.js';

describe('when a scheduled policy runs', () => {
  test('daily at a minute fixed per policy, UTC; weekly at that minute on a fixed weekday', () => {
    const daily = scheduleRepeat('daily', 'pol_a');
    expect(daily).toEqual({ pattern: expect.stringMatching(/^\d{1,2} \d{1,2} \* \* \*$/), tz: 'Etc/UTC' });
    expect(scheduleRepeat('daily', 'pol_a')).toEqual(daily);
    const weekly = scheduleRepeat('weekly', 'pol_a');
    const [minute, hour, , , weekday] = String(weekly.pattern).split(' ').map(Number);
    expect(String(weekly.pattern).startsWith(`${minute} ${hour} `)).toBe(true);
    expect(String(daily.pattern).startsWith(`${minute} ${hour} `)).toBe(true);
    expect(minute).toBeLessThan(60);
    expect(hour).toBeLessThan(24);
    expect(weekday).toBeLessThan(7);
  });

  test('spread over the day: many policies do not all start at the same minute', () => {
    const minutes = new Set(Array.from({ length: 200 }, (_, i) => scheduleRepeat('daily', `pol_${i}`).pattern));
    expect(minutes.size).toBeGreaterThan(150);
  });
});
