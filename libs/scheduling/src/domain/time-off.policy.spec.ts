import { MAX_TIME_OFF_DAYS, timeOffProblem } from './time-off.policy.js';
import { MINUTE_MS } from '@etutors/platform';

const DAY = 24 * 60 * MINUTE_MS;
const now = Date.parse('2026-06-01T12:00:00Z');

describe('time off policy', () => {
  it('takes time off that ends in the future and spans at most a year', () => {
    expect(timeOffProblem({ start: now + DAY, end: now + 2 * DAY, now })).toBeNull();
    expect(timeOffProblem({ start: now - DAY, end: now + 1, now })).toBeNull();
    expect(timeOffProblem({ start: now, end: now + MAX_TIME_OFF_DAYS * DAY, now })).toBeNull();
  });

  it('refuses time off that ends before it starts, has ended, or is longer than a year', () => {
    expect(timeOffProblem({ start: now + DAY, end: now + DAY, now })).toBe('ends_before_start');
    expect(timeOffProblem({ start: now + 2 * DAY, end: now + DAY, now })).toBe('ends_before_start');
    expect(timeOffProblem({ start: now - 2 * DAY, end: now - DAY, now })).toBe('in_past');
    expect(timeOffProblem({ start: now - DAY, end: now, now })).toBe('in_past');
    expect(timeOffProblem({ start: now, end: now + MAX_TIME_OFF_DAYS * DAY + 1, now })).toBe(
      'too_long',
    );
  });
});
