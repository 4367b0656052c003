import { lessonLimitProblem, localDay, localWeek, withinLessonLimits } from './booking-limits.js';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;

describe('booking limits', () => {
  it('takes the local day of the zone, 23 hours long on the spring-forward day', () => {
    // Tuesday 03:30 UTC is Monday 23:30 in New York.
    expect(localDay(at('2027-03-16T03:30:00Z'), 'America/New_York')).toEqual({
      start: at('2027-03-15T04:00:00Z'),
      end: at('2027-03-16T04:00:00Z'),
    });
    const springForward = localDay(at('2027-03-14T12:00:00Z'), 'America/New_York');
    expect(springForward.end - springForward.start).toBe(23 * HOUR);
  });

  it('takes the local ISO week, Monday 00:00 to Monday 00:00', () => {
    // Sunday 2027-03-21 23:00 in New York is Monday 03:00 UTC.
    expect(localWeek(at('2027-03-22T03:00:00Z'), 'America/New_York')).toEqual({
      start: at('2027-03-15T04:00:00Z'),
      end: at('2027-03-22T04:00:00Z'),
    });
  });

  it('names the full day before the full week, and nothing without limits', () => {
    expect(lessonLimitProblem({ perDay: 2, perWeek: 2 }, { day: 2, week: 2 })).toBe(
      'tutor_day_full',
    );
    expect(lessonLimitProblem({ perDay: 3, perWeek: 2 }, { day: 1, week: 2 })).toBe(
      'tutor_week_full',
    );
    expect(lessonLimitProblem({ perDay: null, perWeek: null }, { day: 40, week: 90 })).toBeNull();
  });

  it('leaves out the slots of full local days only', () => {
    const slots = [
      '2027-03-16T03:00:00Z', // Monday 23:00 in New York: a full day
      '2027-03-16T05:00:00Z', // Tuesday 01:00 in New York: free
    ].map((iso) => ({ start: at(iso), end: at(iso) + HOUR }));
    // Monday 21:00 in New York, Tuesday 01:00 in UTC.
    const lessons = [at('2027-03-16T01:00:00Z')];
    expect(
      withinLessonLimits(slots, { perDay: 1, perWeek: null }, 'America/New_York', lessons),
    ).toEqual([slots[1]]);
    expect(withinLessonLimits(slots, { perDay: 1, perWeek: null }, 'UTC', lessons)).toEqual([]);
  });
});
