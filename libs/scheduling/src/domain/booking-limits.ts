import { DateTime } from 'luxon';
import type { BookingStatus } from './booking-status.js';
import type { Interval } from './interval.js';

/** How many lessons a tutor takes at most per local day and per local (ISO, Monday-first) week; null is no limit. */
export interface LessonLimits {
  perDay: number | null;
  perWeek: number | null;
}

/** Why a tutor's calendar has no room for one more lesson. */
export type LimitProblem = 'tutor_day_full' | 'tutor_week_full';

/**
 * The lessons a limit counts: those holding the tutor's time, and those that took place (a
 * lesson held this morning is one of today's).
 */
export const LIMITED_STATUSES: readonly BookingStatus[] = [
  'pending_payment',
  'awaiting_tutor',
  'confirmed',
  'completed',
  'no_show',
];

export const hasLessonLimits = (limits: LessonLimits) =>
  limits.perDay !== null || limits.perWeek !== null;

/** The tutor's local calendar day around `at`, as absolute instants (23 or 25 hours on DST days). */
export function localDay(at: number, zone: string): Interval {
  const day = DateTime.fromMillis(at, { zone }).startOf('day');
  return { start: day.toMillis(), end: day.plus({ days: 1 }).toMillis() };
}

/** The tutor's local ISO week (Monday 00:00 to the next Monday 00:00) around `at`. */
export function localWeek(at: number, zone: string): Interval {
  const week = DateTime.fromMillis(at, { zone }).startOf('week');
  return { start: week.toMillis(), end: week.plus({ weeks: 1 }).toMillis() };
}

/**
 * Whether a lesson may start in a day and week already holding `lessons` of the tutor's others:
 * a lesson belongs to the local day and week of its start.
 */
export function lessonLimitProblem(
  limits: LessonLimits,
  lessons: { day: number; week: number },
): LimitProblem | null {
  if (limits.perDay !== null && lessons.day >= limits.perDay) return 'tutor_day_full';
  if (limits.perWeek !== null && lessons.week >= limits.perWeek) return 'tutor_week_full';
  return null;
}

/**
 * `slots` (in time order) without those starting on a local day or in a local week that already
 * holds as many lessons as the tutor takes; `lessonStarts` are the counted lessons' starts.
 */
export function withinLessonLimits(
  slots: Interval[],
  limits: LessonLimits,
  zone: string,
  lessonStarts: number[],
): Interval[] {
  if (!hasLessonLimits(limits) || slots.length === 0) return slots;
  const countIn = (period: Interval) =>
    lessonStarts.filter((start) => start >= period.start && start < period.end).length;
  let day: Interval | null = null;
  let week: Interval | null = null;
  let full = false;
  return slots.filter((slot) => {
    if (!day || slot.start >= day.end || slot.start < day.start) {
      day = localDay(slot.start, zone);
      if (!week || slot.start >= week.end || slot.start < week.start)
        week = localWeek(slot.start, zone);
      full = lessonLimitProblem(limits, { day: countIn(day), week: countIn(week) }) !== null;
    }
    return !full;
  });
}
