import { Injectable } from '@nestjs/common';
import type { Transaction } from '@etutors/platform';
import {
  hasLessonLimits,
  lessonLimitProblem,
  localDay,
  localWeek,
  type LessonLimits,
} from '../domain/booking-limits.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import {
  countTutorLessons,
  countUnpaidBookings,
  lockLimit,
} from '../infrastructure/booking-limits.reader.js';
import {
  TooManyUnpaidBookingsError,
  TutorDayFullError,
  TutorWeekFullError,
} from '../scheduling.errors.js';
import { SchedulingSettings } from '../scheduling.settings.js';

/**
 * Keeps bookings within the tutor's lessons per day and week and the student's unpaid bookings.
 * Each check runs in the writing transaction under an advisory lock on the limit's owner (the
 * tutor's before the student's, always), so concurrent requests are counted one after another.
 */
@Injectable()
export class BookingLimitsGuard {
  private readonly maxUnpaid: number;

  constructor(settings: SchedulingSettings) {
    this.maxUnpaid = settings.MAX_UNPAID_BOOKINGS_PER_STUDENT;
  }

  /** Before a new booking is written: room in the tutor's day and week, and for one more unpaid booking. */
  async assertRoomToBook(
    tx: Transaction,
    booking: BookingEntity,
    limits: LessonLimits,
    zone: string,
    now: Date,
  ): Promise<void> {
    await this.assertTutorHasRoom(tx, booking, limits, zone, null);
    if (booking.status !== 'pending_payment') return;
    await lockLimit(tx.manager, 'student-unpaid', booking.studentId);
    const unpaid = await countUnpaidBookings(tx.manager, booking.studentId, now);
    if (unpaid >= this.maxUnpaid) throw new TooManyUnpaidBookingsError(this.maxUnpaid);
  }

  /**
   * After a weekly series' occurrences are written (so after the tutor's lock, keeping the lock
   * order): the student's unpaid bookings, the series counted once, stay within the limit.
   */
  async assertSeriesWithinUnpaidLimit(
    tx: Transaction,
    studentId: string,
    now: Date,
  ): Promise<void> {
    await lockLimit(tx.manager, 'student-unpaid', studentId);
    const unpaid = await countUnpaidBookings(tx.manager, studentId, now);
    if (unpaid > this.maxUnpaid) throw new TooManyUnpaidBookingsError(this.maxUnpaid);
  }

  /** Before one occurrence of a series is written: room in the tutor's day and week of its start. */
  assertRoomForOccurrence(
    tx: Transaction,
    booking: BookingEntity,
    limits: LessonLimits,
    zone: string,
  ): Promise<void> {
    return this.assertTutorHasRoom(tx, booking, limits, zone, null);
  }

  /** Before a moved booking is written: room in the tutor's day and week of its new start. */
  assertRoomToMove(
    tx: Transaction,
    booking: BookingEntity,
    limits: LessonLimits,
    zone: string,
  ): Promise<void> {
    return this.assertTutorHasRoom(tx, booking, limits, zone, booking.id);
  }

  private async assertTutorHasRoom(
    tx: Transaction,
    booking: BookingEntity,
    limits: LessonLimits,
    zone: string,
    exceptBookingId: string | null,
  ): Promise<void> {
    if (!hasLessonLimits(limits)) return;
    await lockLimit(tx.manager, 'tutor-lessons', booking.tutorId);
    const start = booking.startsAt.getTime();
    const lessons = await countTutorLessons(
      tx.manager,
      booking.tutorId,
      { day: localDay(start, zone), week: localWeek(start, zone) },
      exceptBookingId,
    );
    const problem = lessonLimitProblem(limits, lessons);
    if (problem === 'tutor_day_full') throw new TutorDayFullError();
    if (problem === 'tutor_week_full') throw new TutorWeekFullError();
  }
}
