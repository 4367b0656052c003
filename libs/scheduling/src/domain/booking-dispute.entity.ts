import { newId } from '@etutors/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import {
  CaseAlreadyOpenError,
  DisputeInvalidTransitionError,
  DisputeNotContestableError,
  InvalidRefundAmountError,
  LessonNotHeldError,
  OutsideWindowError,
} from '../scheduling.errors.js';
import type { BookingEntity } from './booking.entity.js';
import {
  absenceWindowProblem,
  CONTEST_WINDOW_MS,
  disputeWindowProblem,
  isHeldLesson,
  refundOnResolution,
  type DisputeKind,
  type DisputeResolution,
  type DisputeStatus,
} from './dispute.policy.js';

/**
 * A case about a booked lesson: the student reports the tutor absent (refunded in full unless
 * the tutor contests in time, then an admin decides), or disputes a lesson that ended (an admin
 * decides). Its methods are the guarded steps; each leaves a line in the booking's history.
 */
@Entity({ schema: 'scheduling', name: 'booking_disputes' })
export class BookingDisputeEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') bookingId: string;
  @Column('text') kind: DisputeKind;
  @Column('uuid') openedBy: string;
  @Column('text') reason: string;
  @Column('text', { nullable: true }) details: string | null;
  @Column('text') status: DisputeStatus;
  @Column('timestamptz', { nullable: true }) contestDeadline: Date | null;
  @Column('timestamptz', { nullable: true }) contestedAt: Date | null;
  @Column('text', { nullable: true }) contestReason: string | null;
  @Column('text', { nullable: true }) resolution: DisputeResolution | null;
  @Column('int', { nullable: true }) refundAmount: number | null;
  @Column('uuid', { nullable: true }) resolvedBy: string | null;
  @Column('timestamptz', { nullable: true }) resolvedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /**
   * The student says the tutor did not come: from the lesson's start until a day after its end,
   * on a lesson that was due, with no other case open. The tutor may contest it for three days.
   */
  static reportTutorAbsent(input: {
    booking: BookingEntity;
    reason: string;
    openCase: BookingDisputeEntity | null;
    now: Date;
  }): BookingDisputeEntity {
    const { booking, now } = input;
    assertCaseMayOpen(booking, input.openCase);
    const problem = absenceWindowProblem(booking, now);
    if (problem) throw new OutsideWindowError('no_show', problem);
    booking.recordCaseStep(booking.studentId, `tutor reported absent: ${input.reason}`, now);
    return BookingDisputeEntity.opened(booking, 'tutor_absent', input.reason, null, now, {
      contestDeadline: new Date(now.getTime() + CONTEST_WINDOW_MS),
    });
  }

  /** The student disputes a lesson: from its end until three days after, with no other case open. */
  static dispute(input: {
    booking: BookingEntity;
    reason: string;
    details: string | null;
    openCase: BookingDisputeEntity | null;
    now: Date;
  }): BookingDisputeEntity {
    const { booking, now } = input;
    assertCaseMayOpen(booking, input.openCase);
    const problem = disputeWindowProblem(booking, now);
    if (problem) throw new OutsideWindowError('dispute', problem);
    booking.recordCaseStep(booking.studentId, `lesson disputed: ${input.reason}`, now);
    return BookingDisputeEntity.opened(
      booking,
      'lesson_dispute',
      input.reason,
      input.details,
      now,
      {
        contestDeadline: null,
      },
    );
  }

  private static opened(
    booking: BookingEntity,
    kind: DisputeKind,
    reason: string,
    details: string | null,
    now: Date,
    extra: { contestDeadline: Date | null },
  ): BookingDisputeEntity {
    return Object.assign(new BookingDisputeEntity(), {
      id: newId(),
      bookingId: booking.id,
      kind,
      openedBy: booking.studentId,
      reason,
      details,
      status: 'open',
      contestDeadline: extra.contestDeadline,
      contestedAt: null,
      contestReason: null,
      resolution: null,
      refundAmount: null,
      resolvedBy: null,
      resolvedAt: null,
      createdAt: now,
      updatedAt: now,
    } satisfies Partial<BookingDisputeEntity>);
  }

  get isOpen(): boolean {
    return this.status !== 'resolved';
  }

  /** Whether the tutor let the contest window pass: the report then stands (a full refund). */
  standsUncontested(now: Date): boolean {
    return (
      this.kind === 'tutor_absent' &&
      this.status === 'open' &&
      this.contestDeadline !== null &&
      this.contestDeadline <= now
    );
  }

  /** The tutor says they were there: only a report of their absence, still open, within its window. */
  contest(booking: BookingEntity, reason: string, now: Date): void {
    if (this.kind !== 'tutor_absent') throw new DisputeNotContestableError();
    if (this.status !== 'open') throw new DisputeInvalidTransitionError(this.status, 'contested');
    if (this.standsUncontested(now)) throw new OutsideWindowError('contest', 'too_late');
    this.status = 'contested';
    this.contestedAt = now;
    this.contestReason = reason;
    this.updatedAt = now;
    booking.recordCaseStep(booking.tutorId, `absence report contested: ${reason}`, now);
  }

  /**
   * An admin decides (any case not yet resolved), or the schedule does for a report left
   * uncontested (`resolvedBy` null, a full refund). Returns what goes back to the student.
   */
  resolve(
    booking: BookingEntity,
    decision: { resolution: DisputeResolution; refundAmount?: number; amountField?: string },
    resolvedBy: string | null,
    now: Date,
  ): number {
    if (!this.isOpen) throw new DisputeInvalidTransitionError(this.status, 'resolved');
    const refund = refundOnResolution(
      decision.resolution,
      booking.priceAmount,
      decision.refundAmount,
    );
    if (refund === null)
      throw new InvalidRefundAmountError(booking.priceAmount, decision.amountField);
    this.status = 'resolved';
    this.resolution = decision.resolution;
    this.refundAmount = refund;
    this.resolvedBy = resolvedBy;
    this.resolvedAt = now;
    this.updatedAt = now;
    const how = decision.resolution.replace('_', ' ');
    booking.recordCaseStep(
      resolvedBy,
      `${this.kind === 'tutor_absent' ? 'absence report' : 'dispute'} resolved: ${how}` +
        (refund > 0 ? ` of ${refund} ${booking.currency}` : '') +
        (resolvedBy === null ? ' (not contested in time)' : ''),
      now,
    );
    return refund;
  }
}

function assertCaseMayOpen(booking: BookingEntity, openCase: BookingDisputeEntity | null): void {
  if (!isHeldLesson(booking.status)) throw new LessonNotHeldError(booking.status);
  if (openCase?.isOpen) throw new CaseAlreadyOpenError();
}
