import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  UnitOfWork,
  mayView,
  type AuthUser,
  type Page,
  type Transaction,
} from '@etutors/platform';
import { BookingDisputeEntity } from '../domain/booking-dispute.entity.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import type { DisputeResolution, DisputeStatus } from '../domain/dispute.policy.js';
import { BookingNoShow, DisputeContested, DisputeOpened, DisputeResolved } from '../events.js';
import { BookingDisputeRepository } from '../infrastructure/booking-dispute.repository.js';
import { BookingRepository } from '../infrastructure/booking.repository.js';
import { CaseAlreadyOpenError, ParticipantsOnlyError } from '../scheduling.errors.js';
import { toBookingView, type BookingView } from './booking-view.js';
import { disputeFacts, toDisputeView, type DisputeView } from './dispute-view.js';

/** What an absence report did: the booking as it is now, and the case it opened (if the student reported). */
export interface NoShowView {
  booking: BookingView;
  dispute: DisputeView | null;
}

export interface Resolution {
  resolution: DisputeResolution;
  refundAmount?: number;
  /** The request field the amount came in, for the error that names it. */
  amountField?: string;
}

const UNCONTESTED_BATCH = 200;

/**
 * No-shows and the cases about lessons: the tutor marks the student absent, the student reports
 * the tutor absent or disputes a lesson, the tutor contests, an admin (or, for an uncontested
 * report, the schedule) resolves. Every step locks the booking, then the case.
 */
@Injectable()
export class DisputesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly bookings: BookingRepository,
    private readonly disputes: BookingDisputeRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** `POST /bookings/:id/no-show`: the tutor marks the student absent, the student reports the tutor absent. */
  async reportAbsence(
    user: AuthUser,
    bookingId: string,
    reason: string | null,
  ): Promise<NoShowView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockVisible(tx, user, bookingId);
      if (user.id === booking.tutorId) return this.markStudentAbsentIn(tx, booking, user);
      if (user.id === booking.studentId) {
        const dispute = await this.reportTutorAbsentIn(
          tx,
          booking,
          reason ?? 'the tutor did not come',
        );
        return { booking: await this.bookingView(tx, booking), dispute };
      }
      throw new ParticipantsOnlyError();
    });
  }

  /** The booking's student says the tutor did not come: a case the tutor may contest. */
  async reportTutorAbsent(
    student: AuthUser,
    bookingId: string,
    reason: string,
  ): Promise<DisputeView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockOwn(tx, bookingId, (b) => b.studentId === student.id);
      return this.reportTutorAbsentIn(tx, booking, reason);
    });
  }

  /** The booking's student disputes the lesson after its end: an admin decides. */
  async openDispute(
    student: AuthUser,
    bookingId: string,
    input: { reason: string; details: string | null },
  ): Promise<DisputeView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockOwn(tx, bookingId, (b) => b.studentId === student.id);
      const now = this.clock.now();
      const dispute = BookingDisputeEntity.dispute({
        booking,
        ...input,
        openCase: await this.disputes.openFor(tx, booking.id),
        now,
      });
      return this.publishOpened(tx, booking, dispute);
    });
  }

  /** The tutor reported absent says they were there: only within the report's contest window. */
  async contest(tutor: AuthUser, disputeId: string, reason: string): Promise<DisputeView> {
    return this.unitOfWork.run(async (tx) => {
      const { booking, dispute } = await this.lockCase(
        tx,
        disputeId,
        (b) => b.tutorId === tutor.id,
      );
      const now = this.clock.now();
      dispute.contest(booking, reason, now);
      await this.bookings.save(tx, booking);
      await this.disputes.save(tx, dispute);
      await this.events.publish(tx, DisputeContested, {
        aggregateId: dispute.id,
        actorId: tutor.id,
        payload: { ...disputeFacts(dispute, booking), reason, contestedAt: now.toISOString() },
      });
      return toDisputeView(dispute, booking);
    });
  }

  /** An admin decides a case that is not resolved yet: a full, partial or no refund. */
  async resolve(admin: AuthUser, disputeId: string, decision: Resolution): Promise<DisputeView> {
    return this.unitOfWork.run(async (tx) => {
      const { booking, dispute } = await this.lockCase(tx, disputeId, () => true);
      await this.resolveIn(tx, booking, dispute, decision, admin.id);
      return toDisputeView(dispute, booking);
    });
  }

  /** Resolves, as a full refund, every report of a tutor's absence left uncontested past its window. */
  async resolveUncontested(): Promise<number> {
    return this.unitOfWork.run(async (tx) => {
      const due = await this.disputes.lockUncontested(tx, this.clock.now(), UNCONTESTED_BATCH);
      for (const { booking, dispute } of due) {
        await this.resolveIn(tx, booking, dispute, { resolution: 'full_refund' }, null);
      }
      return due.length;
    });
  }

  // Plain reads, outside any transaction (see UnitOfWork).

  /** The cases of a booking the caller takes part in (any, for an admin), oldest first. */
  async forBooking(user: AuthUser, bookingId: string): Promise<DisputeView[]> {
    const booking = await this.bookings.find(bookingId);
    if (!booking || !mayView(user, booking.tutorId, booking.studentId))
      throw new ResourceNotFoundError('booking');
    const disputes = await this.disputes.forBooking(bookingId);
    return disputes.map((dispute) => toDisputeView(dispute, booking));
  }

  /** One case of the caller's (any, for an admin). */
  async get(user: AuthUser, disputeId: string): Promise<DisputeView> {
    const dispute = await this.disputes.find(disputeId);
    const booking = dispute && (await this.bookings.find(dispute.bookingId));
    if (!dispute || !booking || !mayView(user, booking.tutorId, booking.studentId))
      throw new ResourceNotFoundError('dispute');
    return toDisputeView(dispute, booking);
  }

  /** Every case, for an admin: oldest first, in one status when asked. */
  async list(filters: {
    status?: DisputeStatus;
    page: number;
    limit: number;
  }): Promise<Page<DisputeView>> {
    const page = await this.disputes.page(filters);
    return {
      ...page,
      data: page.data.map(({ dispute, booking }) => toDisputeView(dispute, booking)),
    };
  }

  private async markStudentAbsentIn(
    tx: Transaction,
    booking: BookingEntity,
    tutor: AuthUser,
  ): Promise<NoShowView> {
    // A case the student opened first (the tutor absent, say) is decided before anything else.
    if (await this.disputes.openFor(tx, booking.id)) throw new CaseAlreadyOpenError();
    const now = this.clock.now();
    booking.markStudentAbsent(tutor.id, now);
    await this.bookings.save(tx, booking);
    await this.events.publish(tx, BookingNoShow, {
      aggregateId: booking.id,
      actorId: tutor.id,
      payload: {
        bookingId: booking.id,
        tutorId: booking.tutorId,
        studentId: booking.studentId,
        startsAt: booking.startsAt.toISOString(),
        markedAt: now.toISOString(),
      },
    });
    return { booking: await this.bookingView(tx, booking), dispute: null };
  }

  private async reportTutorAbsentIn(
    tx: Transaction,
    booking: BookingEntity,
    reason: string,
  ): Promise<DisputeView> {
    const dispute = BookingDisputeEntity.reportTutorAbsent({
      booking,
      reason,
      openCase: await this.disputes.openFor(tx, booking.id),
      now: this.clock.now(),
    });
    return this.publishOpened(tx, booking, dispute);
  }

  private async publishOpened(
    tx: Transaction,
    booking: BookingEntity,
    dispute: BookingDisputeEntity,
  ): Promise<DisputeView> {
    await this.bookings.save(tx, booking);
    await this.disputes.add(tx, dispute);
    await this.events.publish(tx, DisputeOpened, {
      aggregateId: dispute.id,
      actorId: dispute.openedBy,
      payload: {
        ...disputeFacts(dispute, booking),
        reason: dispute.reason,
        openedAt: dispute.createdAt.toISOString(),
        contestDeadline: dispute.contestDeadline?.toISOString() ?? null,
      },
    });
    return toDisputeView(dispute, booking);
  }

  private async resolveIn(
    tx: Transaction,
    booking: BookingEntity,
    dispute: BookingDisputeEntity,
    decision: Resolution,
    resolvedBy: string | null,
  ): Promise<void> {
    const now = this.clock.now();
    const refund = dispute.resolve(booking, decision, resolvedBy, now);
    await this.bookings.save(tx, booking);
    await this.disputes.save(tx, dispute);
    await this.events.publish(tx, DisputeResolved, {
      aggregateId: dispute.id,
      actorId: resolvedBy,
      payload: {
        ...disputeFacts(dispute, booking),
        resolution: decision.resolution,
        refund: { amount: refund, currency: booking.currency },
        resolvedById: resolvedBy,
        resolvedAt: now.toISOString(),
      },
    });
  }

  private async bookingView(tx: Transaction, booking: BookingEntity): Promise<BookingView> {
    return toBookingView(booking, await this.bookings.history(booking.id, tx.manager));
  }

  /** The booking, locked, if the caller may see it; a 404 otherwise. */
  private async lockVisible(tx: Transaction, user: AuthUser, id: string): Promise<BookingEntity> {
    const booking = await this.bookings.lock(tx, id);
    if (!booking || !mayView(user, booking.tutorId, booking.studentId))
      throw new ResourceNotFoundError('booking');
    return booking;
  }

  /** The booking, locked, if `isOwn` says it is the caller's; a 404 otherwise. */
  private async lockOwn(
    tx: Transaction,
    id: string,
    isOwn: (booking: BookingEntity) => boolean,
  ): Promise<BookingEntity> {
    const booking = await this.bookings.lock(tx, id);
    if (!booking || !isOwn(booking)) throw new ResourceNotFoundError('booking');
    return booking;
  }

  /** The case and its booking, both locked (the booking first), if `mayAct` on it; a 404 otherwise. */
  private async lockCase(
    tx: Transaction,
    disputeId: string,
    mayAct: (booking: BookingEntity) => boolean,
  ): Promise<{ booking: BookingEntity; dispute: BookingDisputeEntity }> {
    const bookingId = await this.disputes.bookingOf(tx, disputeId);
    const booking = bookingId ? await this.bookings.lock(tx, bookingId) : null;
    const dispute = booking && mayAct(booking) ? await this.disputes.lock(tx, disputeId) : null;
    if (!booking || !dispute) throw new ResourceNotFoundError('dispute');
    return { booking, dispute };
  }
}
