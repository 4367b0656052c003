import type { BookingStatus } from './booking-status.js';

const HOUR_MS = 3_600_000;

/** From the start until this long after the end, either side may say the other did not come. */
export const ABSENCE_REPORT_AFTER_END_MS = 24 * HOUR_MS;
/** A student may dispute a lesson from its end until this long after. */
export const DISPUTE_AFTER_END_MS = 72 * HOUR_MS;
/** A tutor reported absent may contest the report for this long; after it, the student is refunded. */
export const CONTEST_WINDOW_MS = 72 * HOUR_MS;

export const DISPUTE_KINDS = ['tutor_absent', 'lesson_dispute'] as const;
export type DisputeKind = (typeof DISPUTE_KINDS)[number];

export const DISPUTE_STATUSES = ['open', 'contested', 'resolved'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export const DISPUTE_RESOLUTIONS = ['full_refund', 'partial_refund', 'no_refund'] as const;
export type DisputeResolution = (typeof DISPUTE_RESOLUTIONS)[number];

/** Why a moment is outside a window: before it opens, or after it closed. */
export type WindowProblem = 'too_early' | 'too_late';

interface LessonTimes {
  startsAt: Date;
  endsAt: Date;
}

const within = (now: Date, from: number, until: number): WindowProblem | null =>
  now.getTime() < from ? 'too_early' : now.getTime() > until ? 'too_late' : null;

/** Whether `now` is when an absence (of either side) may be reported: from the start to a day after the end. */
export const absenceWindowProblem = (lesson: LessonTimes, now: Date): WindowProblem | null =>
  within(now, lesson.startsAt.getTime(), lesson.endsAt.getTime() + ABSENCE_REPORT_AFTER_END_MS);

/** Whether `now` is when the student may dispute the lesson: from its end to three days after. */
export const disputeWindowProblem = (lesson: LessonTimes, now: Date): WindowProblem | null =>
  within(now, lesson.endsAt.getTime(), lesson.endsAt.getTime() + DISPUTE_AFTER_END_MS);

/** The bookings whose lesson was due to take place: only these can be the subject of a case. */
export const HELD_LESSON_STATUSES: readonly BookingStatus[] = ['confirmed', 'completed', 'no_show'];

export const isHeldLesson = (status: BookingStatus): boolean =>
  HELD_LESSON_STATUSES.includes(status);

/**
 * What a resolution gives back of a lesson's `price`: all of it, the `amount` asked (more than
 * nothing, less than all), or nothing. Returns null when the amount does not fit the resolution.
 */
export function refundOnResolution(
  resolution: DisputeResolution,
  price: number,
  amount: number | undefined,
): number | null {
  if (resolution === 'partial_refund') {
    return amount !== undefined && Number.isInteger(amount) && amount > 0 && amount < price
      ? amount
      : null;
  }
  if (amount !== undefined) return null;
  return resolution === 'full_refund' ? price : 0;
}
