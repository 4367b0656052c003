import { newId, MINUTE_MS } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  InvalidTransitionError,
  NotBookableError,
  OutsideWindowError,
  TrialDurationError,
  TrialNotOfferedError,
  TutorResponseOverdueError,
} from '../scheduling.errors.js';
import { BookingHistoryEntity } from './booking-history.entity.js';
import {
  bookingProblem,
  canTransition,
  holdExpiry,
  lessonPrice,
  type BookingRules,
} from './booking.policy.js';
import type { BookingStatus } from './booking-status.js';
import { absenceWindowProblem } from './dispute.policy.js';
import { refundOnCancellation, type CancelledBy } from './cancellation-policy.js';
import { TRIAL_MINUTES } from './tutor-booking-settings.entity.js';

export type { BookingStatus } from './booking-status.js';

/** The tutor as a booking needs them: whether they take bookings of the subject, and their rate. */
export interface BookableTutor {
  approved: boolean;
  teachesSubject: boolean;
  hourlyRate: { amount: number; currency: string };
}

/**
 * A lesson a student booked with a tutor: the aggregate of the booking use cases. Its intent
 * methods guard the status transitions and record each change as a history entry; the
 * repository writes the row together with the entries it takes ({@link takeRecordedHistory}).
 */
@Entity({ schema: 'scheduling', name: 'bookings' })
export class BookingEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') tutorId: string;
  @Column('uuid') studentId: string;
  @Column('uuid') subjectId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('timestamptz') blockedUntil: Date;
  @Column('text') status: BookingStatus;
  @Column('int') priceAmount: number;
  @Column('text') currency: string;
  @Column('timestamptz') holdExpiresAt: Date;
  @Column('text', { nullable: true }) cancelledBy: CancelledBy | null;
  @Column('text', { nullable: true }) cancelReason: string | null;
  @Column('int', { nullable: true }) refundAmount: number | null;
  @Column('timestamptz', { name: 'reminded_24h_at', nullable: true }) reminded24hAt: Date | null;
  @Column('timestamptz', { name: 'reminded_1h_at', nullable: true }) reminded1hAt: Date | null;
  @Column('boolean') isTrial: boolean;
  /** Until when the tutor may accept or decline a paid request (`awaiting_tutor`). */
  @Column('timestamptz', { nullable: true }) tutorResponseDueAt: Date | null;
  /** The weekly series this lesson is an occurrence of; null for a single booking. */
  @Column('uuid', { nullable: true }) seriesId: string | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /** The changes made through this instance and not yet written (not a column). */
  private recordedHistory: BookingHistoryEntity[] = [];

  /**
   * A student asks for a lesson: refused (422 with the reason) unless the tutor takes bookings of
   * the subject and the start is a current slot of their calendar; held as `pending_payment`
   * until paid, at the longest until the hold runs out or the lesson starts. A trial lasts
   * 30 minutes at the tutor's trial price (`trialPrice`, null when they offer none).
   */
  static request(input: {
    studentId: string;
    tutorId: string;
    subjectId: string;
    startsAt: Date;
    durationMinutes: number;
    tutor: BookableTutor | null;
    rules: BookingRules;
    holdMs: number;
    now: Date;
    trial?: { trialPrice: number | null } | null;
  }): BookingEntity {
    const { tutor, rules, now, trial } = input;
    if (input.tutorId === input.studentId) throw new NotBookableError('self_booking');
    if (!tutor?.approved) throw new NotBookableError('tutor_not_bookable');
    if (!tutor.teachesSubject) throw new NotBookableError('subject_not_taught');
    if (trial && input.durationMinutes !== TRIAL_MINUTES) throw new TrialDurationError();
    if (trial && trial.trialPrice === null) throw new TrialNotOfferedError();
    const start = input.startsAt.getTime();
    const booking = Object.assign(new BookingEntity(), {
      id: newId(),
      tutorId: input.tutorId,
      studentId: input.studentId,
      subjectId: input.subjectId,
      status: 'pending_payment',
      priceAmount: trial
        ? trial.trialPrice!
        : lessonPrice(tutor.hourlyRate.amount, input.durationMinutes),
      currency: tutor.hourlyRate.currency,
      holdExpiresAt: new Date(holdExpiry(now.getTime(), start, input.holdMs)),
      cancelledBy: null,
      cancelReason: null,
      refundAmount: null,
      reminded24hAt: null,
      reminded1hAt: null,
      isTrial: Boolean(trial),
      tutorResponseDueAt: null,
      seriesId: null,
      createdAt: now,
      updatedAt: now,
    });
    booking.schedule(start, input.durationMinutes, rules, now);
    booking.record(null, 'pending_payment', input.studentId, null, now);
    return booking;
  }

  /** The history recorded since the last write, handed over once to the writer. */
  takeRecordedHistory(): BookingHistoryEntity[] {
    const history = this.recordedHistory;
    this.recordedHistory = [];
    return history;
  }

  get durationMinutes(): number {
    return (this.endsAt.getTime() - this.startsAt.getTime()) / MINUTE_MS;
  }

  /** Whether this booking is still unpaid and its hold has run out at `now`. */
  holdRanOut(now: Date): boolean {
    return this.status === 'pending_payment' && this.holdExpiresAt <= now;
  }

  /** The payment arrived in time: the lesson is on. */
  confirm(actorId: string, reason: string, now: Date): void {
    this.transition('confirmed', actorId, reason, now);
  }

  /** A free trial needs no payment. */
  get isFree(): boolean {
    return this.priceAmount === 0;
  }

  /** Paid (or free) while the tutor confirms each request: it waits for their answer until `dueAt`. */
  awaitTutor(actorId: string, reason: string, dueAt: Date, now: Date): void {
    this.transition('awaiting_tutor', actorId, reason, now);
    this.tutorResponseDueAt = dueAt;
  }

  /** Whether the tutor's time to answer the request has run out at `now`. */
  responseOverdue(now: Date): boolean {
    return this.status === 'awaiting_tutor' && this.tutorResponseDueAt! <= now;
  }

  /** The tutor accepts the request in time: the lesson is on. */
  accept(actorId: string, now: Date): void {
    if (this.status !== 'awaiting_tutor')
      throw new InvalidTransitionError(this.status, 'confirmed');
    if (this.responseOverdue(now)) throw new TutorResponseOverdueError();
    this.transition('confirmed', actorId, 'accepted by the tutor', now);
  }

  /**
   * The tutor (or an admin) declines the request, or its time to answer ran out (`actorId`
   * null): cancelled, everything paid refunded.
   */
  decline(actorId: string | null, reason: string | null, now: Date): void {
    if (this.status !== 'awaiting_tutor')
      throw new InvalidTransitionError(this.status, 'cancelled');
    this.transition('cancelled', actorId, reason ?? 'declined by the tutor', now);
    this.cancelledBy = actorId === null || actorId === this.tutorId ? 'tutor' : 'admin';
    this.cancelReason = reason;
    this.refundAmount = this.priceAmount;
  }

  /** The unpaid hold ran out: the slot frees. */
  expire(reason: string, now: Date): void {
    this.transition('expired', null, reason, now);
  }

  /** The lesson took place. */
  complete(actorId: string | null, now: Date): void {
    this.transition('completed', actorId, 'lesson completed', now);
  }

  /**
   * The tutor says the student did not come, from the lesson's start until a day after its end:
   * no refund, and the tutor is paid as for a completed lesson.
   */
  markStudentAbsent(tutorId: string, now: Date): void {
    if (!canTransition(this.status, 'no_show'))
      throw new InvalidTransitionError(this.status, 'no_show');
    const problem = absenceWindowProblem(this, now);
    if (problem) throw new OutsideWindowError('no_show', problem);
    this.transition('no_show', tutorId, 'student absent', now);
  }

  /** A step of a case about this lesson (see BookingDisputeEntity), kept in the history; the status stays. */
  recordCaseStep(actorId: string | null, reason: string, now: Date): void {
    this.record(this.status, this.status, actorId, reason.slice(0, 500), now);
    this.updatedAt = now;
  }

  /**
   * A participant (or an admin) cancels. A confirmed booking is refunded as the cancellation
   * policy says; an unpaid one has nothing to refund.
   */
  cancel(actorId: string, reason: string | null, now: Date): { wasConfirmed: boolean } {
    const wasConfirmed = this.status === 'confirmed';
    // A paid request the tutor has not accepted yet is refunded in full, whoever cancels.
    const awaitingTutor = this.status === 'awaiting_tutor';
    this.transition('cancelled', actorId, reason, now);
    this.cancelledBy =
      actorId === this.tutorId ? 'tutor' : actorId === this.studentId ? 'student' : 'admin';
    this.cancelReason = reason;
    this.refundAmount = awaitingTutor
      ? this.priceAmount
      : wasConfirmed
        ? refundOnCancellation({
            cancelledBy: this.cancelledBy,
            price: this.priceAmount,
            startsAt: this.startsAt.getTime(),
            now: now.getTime(),
          })
        : 0;
    return { wasConfirmed };
  }

  /**
   * Moves a confirmed lesson to another current slot of the tutor, same duration; its reminders
   * go out again for the new time. Returns where it was.
   */
  move(
    startsAt: Date,
    rules: BookingRules,
    actorId: string,
    now: Date,
  ): { startsAt: Date; endsAt: Date } {
    if (this.status !== 'confirmed') throw new InvalidTransitionError(this.status, 'rescheduled');
    if (startsAt.getTime() === this.startsAt.getTime()) throw new NotBookableError('same_time');
    const previous = { startsAt: this.startsAt, endsAt: this.endsAt };
    this.schedule(startsAt.getTime(), this.durationMinutes, rules, now);
    this.reminded24hAt = null;
    this.reminded1hAt = null;
    this.updatedAt = now;
    this.record(
      'confirmed',
      'confirmed',
      actorId,
      `rescheduled from ${previous.startsAt.toISOString()}`,
      now,
    );
    return previous;
  }

  /** Places the lesson at `start` if the tutor's rules allow it, blocking their buffer after it. */
  private schedule(start: number, durationMinutes: number, rules: BookingRules, now: Date): void {
    const problem = bookingProblem(rules, { start, durationMinutes, now: now.getTime() });
    if (problem) throw new NotBookableError(problem);
    const end = start + durationMinutes * MINUTE_MS;
    this.startsAt = new Date(start);
    this.endsAt = new Date(end);
    // A problem-free start implies availability (no availability is `outside_availability`).
    this.blockedUntil = new Date(end + rules.availability!.bufferMinutes * MINUTE_MS);
  }

  private transition(
    to: BookingStatus,
    actorId: string | null,
    reason: string | null,
    now: Date,
  ): void {
    if (!canTransition(this.status, to)) throw new InvalidTransitionError(this.status, to);
    this.record(this.status, to, actorId, reason, now);
    this.status = to;
    this.updatedAt = now;
  }

  /** The one place a booking's history is made. */
  private record(
    from: BookingStatus | null,
    to: BookingStatus,
    actorId: string | null,
    reason: string | null,
    at: Date,
  ): void {
    this.recordedHistory.push(
      Object.assign(new BookingHistoryEntity(), {
        id: newId(),
        bookingId: this.id,
        fromStatus: from,
        toStatus: to,
        actorId,
        reason,
        at,
      }),
    );
  }
}
