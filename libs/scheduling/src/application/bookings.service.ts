import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  newId,
  mayView,
  scopeToParticipant,
  pgError,
  PG_DEADLOCK_DETECTED,
  PG_EXCLUSION_VIOLATION,
  type AuthUser,
  type Environment,
  type Page,
  type Transaction,
  readPage,
} from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import { DataSource, type EntityManager } from 'typeorm';
import {
  BookingEntity,
  BookingHistoryEntity,
  type BookingStatus,
} from '../domain/booking.entity.js';
import { canTransition, lessonPrice } from '../domain/booking.policy.js';
import { refundOnCancellation, type CancelledBy } from '../domain/cancellation-policy.js';
import { MINUTE_MS } from '../domain/interval.js';
import { slotProblem } from '../domain/slots.js';
import { BookingCancelled, BookingRequested, BookingRescheduled } from '../events.js';
import {
  InvalidTransitionError,
  NotBookableError,
  SlotTakenError,
  StudentBusyError,
} from '../scheduling.errors.js';
import { bookingFacts, toBookingView, type BookingView } from './booking-view.js';
import { readTutorCalendar, type TutorCalendar } from './tutor-calendar.reader.js';

const REASONS: Record<string, string> = {
  off_grid: 'Lessons start on a 15-minute grid',
  within_notice: 'That start is within the tutor’s minimum notice',
  beyond_advance: 'That start is further ahead than the tutor takes bookings',
  outside_availability: 'That time is outside the tutor’s availability',
  unavailable: 'The tutor is not available then',
};

/**
 * The tutor's buffer when `start` is a current slot of their calendar (availability, notice,
 * advance, time off); a 422 with the reason otherwise. Overlaps are the database's to refuse.
 */
function bookableBuffer(
  calendar: TutorCalendar,
  start: number,
  durationMinutes: number,
  now: number,
): number {
  if (!calendar.availability)
    throw new NotBookableError('outside_availability', REASONS.outside_availability!);
  const problem = slotProblem(calendar.availability, calendar.timeOff, [], {
    start,
    durationMinutes,
    now,
  });
  if (problem) throw new NotBookableError(problem, REASONS[problem]!);
  return calendar.availability.bufferMinutes;
}

export interface BookingFilters {
  status?: BookingStatus;
  from?: Date;
  to?: Date;
  page: number;
  limit: number;
}

/** Books, cancels and moves lessons; the database keeps any two active bookings of a tutor apart. */
@Injectable()
export class BookingsService {
  private readonly holdMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reader: SqlReader,
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly tutoring: TutoringQueries,
    config: ConfigService<Environment, true>,
  ) {
    this.holdMs = config.get('BOOKING_HOLD_MINUTES', { infer: true }) * MINUTE_MS;
  }

  async book(
    student: AuthUser,
    command: { tutorId: string; subjectId: string; startsAt: Date; durationMinutes: number },
  ): Promise<BookingView> {
    if (command.tutorId === student.id)
      throw new NotBookableError('self_booking', 'You cannot book yourself');
    const start = command.startsAt.getTime();
    const end = start + command.durationMinutes * MINUTE_MS;
    // Both reads at once, outside the transaction: neither is locked by it anyway (the
    // exclusion constraints, checked by the insert, are what keeps bookings apart).
    const [tutor, calendar] = await Promise.all([
      this.tutoring.getBookableTutor(command.tutorId, command.subjectId),
      readTutorCalendar(this.reader, command.tutorId, start, end),
    ]);
    if (!tutor?.approved)
      throw new NotBookableError('tutor_not_bookable', 'This tutor does not take bookings');
    if (!tutor.teachesSubject)
      throw new NotBookableError('subject_not_taught', 'This tutor does not teach that subject');
    const now = this.clock.now();
    const buffer = bookableBuffer(calendar, start, command.durationMinutes, now.getTime());
    const booking: BookingEntity = {
      id: newId(),
      tutorId: command.tutorId,
      studentId: student.id,
      subjectId: command.subjectId,
      startsAt: new Date(start),
      endsAt: new Date(end),
      blockedUntil: new Date(end + buffer * MINUTE_MS),
      status: 'pending_payment',
      priceAmount: lessonPrice(tutor.hourlyRate.amount, command.durationMinutes),
      currency: tutor.hourlyRate.currency,
      holdExpiresAt: new Date(now.getTime() + this.holdMs),
      cancelledBy: null,
      cancelReason: null,
      refundAmount: null,
      reminded24hAt: null,
      reminded1hAt: null,
      createdAt: now,
      updatedAt: now,
    };
    return this.unitOfWork.run(async (tx) => {
      await this.insertBooking(tx, booking, student.id);
      await this.events.publish(tx, BookingRequested, {
        aggregateId: booking.id,
        actorId: student.id,
        payload: { ...bookingFacts(booking), holdExpiresAt: booking.holdExpiresAt.toISOString() },
      });
      return toBookingView(booking, []);
    });
  }

  // Plain reads, outside any transaction (see UnitOfWork).
  async list(user: AuthUser, filters: BookingFilters): Promise<Page<BookingView>> {
    const query = this.dataSource.manager.createQueryBuilder(BookingEntity, 'b');
    scopeToParticipant(query, 'b', user, ['tutorId', 'studentId']);
    if (filters.status) query.andWhere('b.status = :status', { status: filters.status });
    if (filters.from) query.andWhere('b.endsAt > :from', { from: filters.from });
    if (filters.to) query.andWhere('b.startsAt < :to', { to: filters.to });
    return readPage(query, 'startsAt', filters, (booking) => toBookingView(booking));
  }

  async get(user: AuthUser, id: string): Promise<BookingView> {
    const manager = this.dataSource.manager;
    const booking = await this.visible(manager, user, id, false);
    const history = await manager.find(BookingHistoryEntity, {
      where: { bookingId: id },
      order: { at: 'ASC', id: 'ASC' },
    });
    return toBookingView(booking, history);
  }

  /** Either participant (or an admin) cancels; the refund follows the cancellation policy. */
  async cancel(user: AuthUser, id: string, reason: string | null): Promise<BookingView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.visible(tx.manager, user, id, true);
      if (!canTransition(booking.status, 'cancelled'))
        throw new InvalidTransitionError(booking.status, 'cancelled');
      const now = this.clock.now();
      const cancelledBy: CancelledBy =
        booking.tutorId === user.id ? 'tutor' : booking.studentId === user.id ? 'student' : 'admin';
      const wasConfirmed = booking.status === 'confirmed';
      const refund = wasConfirmed
        ? refundOnCancellation({
            cancelledBy,
            price: booking.priceAmount,
            startsAt: booking.startsAt.getTime(),
            now: now.getTime(),
          })
        : 0;
      const from = booking.status;
      Object.assign(booking, {
        status: 'cancelled',
        cancelledBy,
        cancelReason: reason,
        refundAmount: refund,
        updatedAt: now,
      });
      await tx.manager.update(
        BookingEntity,
        { id },
        {
          status: 'cancelled',
          cancelledBy,
          cancelReason: reason,
          refundAmount: refund,
          updatedAt: now,
        },
      );
      await this.record(tx, booking, from, user.id, reason);
      await this.events.publish(tx, BookingCancelled, {
        aggregateId: id,
        actorId: user.id,
        payload: {
          bookingId: id,
          tutorId: booking.tutorId,
          studentId: booking.studentId,
          cancelledBy,
          cancelledById: user.id,
          reason,
          refund: { amount: refund, currency: booking.currency },
          wasConfirmed,
        },
      });
      return toBookingView(booking);
    });
  }

  /** Moves a confirmed booking to another current slot in one transaction; 409 if it is taken. */
  async reschedule(user: AuthUser, id: string, startsAt: Date): Promise<BookingView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.visible(tx.manager, user, id, true);
      if (user.id !== booking.tutorId && user.id !== booking.studentId)
        throw new ResourceNotFoundError('booking');
      if (booking.status !== 'confirmed')
        throw new InvalidTransitionError(booking.status, 'rescheduled');
      const now = this.clock.now();
      const duration = (booking.endsAt.getTime() - booking.startsAt.getTime()) / MINUTE_MS;
      const start = startsAt.getTime();
      const calendar = await readTutorCalendar(
        tx.manager,
        booking.tutorId,
        start,
        start + duration * MINUTE_MS,
        booking.id,
      );
      const buffer = bookableBuffer(calendar, start, duration, now.getTime());
      const previous = { startsAt: booking.startsAt, endsAt: booking.endsAt };
      const end = start + duration * MINUTE_MS;
      Object.assign(booking, {
        startsAt: new Date(start),
        endsAt: new Date(end),
        blockedUntil: new Date(end + buffer * MINUTE_MS),
        reminded24hAt: null,
        reminded1hAt: null,
        updatedAt: now,
      });
      await this.guardOverlap(() =>
        tx.manager.update(
          BookingEntity,
          { id },
          {
            startsAt: booking.startsAt,
            endsAt: booking.endsAt,
            blockedUntil: booking.blockedUntil,
            reminded24hAt: null,
            reminded1hAt: null,
            updatedAt: now,
          },
        ),
      );
      await tx.manager.insert(BookingHistoryEntity, {
        id: newId(),
        bookingId: id,
        fromStatus: 'confirmed',
        toStatus: 'confirmed',
        actorId: user.id,
        reason: `rescheduled from ${previous.startsAt.toISOString()}`,
        at: now,
      });
      await this.events.publish(tx, BookingRescheduled, {
        aggregateId: id,
        actorId: user.id,
        payload: {
          bookingId: id,
          tutorId: booking.tutorId,
          studentId: booking.studentId,
          startsAt: booking.startsAt.toISOString(),
          endsAt: booking.endsAt.toISOString(),
          previousStartsAt: previous.startsAt.toISOString(),
          previousEndsAt: previous.endsAt.toISOString(),
        },
      });
      return toBookingView(booking);
    });
  }

  /** Moves a booking to a new status and records it; used by the subscribers and jobs of this context. */
  async transition(
    tx: Transaction,
    booking: BookingEntity,
    to: BookingStatus,
    actorId: string | null,
    reason: string | null,
  ) {
    if (!canTransition(booking.status, to)) throw new InvalidTransitionError(booking.status, to);
    const from = booking.status;
    booking.status = to;
    booking.updatedAt = this.clock.now();
    await tx.manager.update(
      BookingEntity,
      { id: booking.id },
      { status: to, updatedAt: booking.updatedAt },
    );
    await this.record(tx, booking, from, actorId, reason);
  }

  /**
   * A new booking and its first history row, in one statement (one round trip): the history
   * row is written from what the insert returned, so neither exists without the other.
   */
  private insertBooking(tx: Transaction, booking: BookingEntity, actorId: string) {
    return this.guardOverlap(() =>
      tx.manager.query(
        `WITH booking AS (
           INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at,
                                            blocked_until, status, price_amount, currency,
                                            hold_expires_at, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
           RETURNING id, status
         )
         INSERT INTO scheduling.booking_history (id, booking_id, from_status, to_status, actor_id, reason, at)
         SELECT $13, id, NULL, status, $14, NULL, $12 FROM booking`,
        [
          booking.id,
          booking.tutorId,
          booking.studentId,
          booking.subjectId,
          booking.startsAt,
          booking.endsAt,
          booking.blockedUntil,
          booking.status,
          booking.priceAmount,
          booking.currency,
          booking.holdExpiresAt,
          booking.createdAt,
          newId(),
          actorId,
        ],
      ),
    );
  }

  /** The exclusion constraints are the source of truth for overlaps; their violations become 409s. */
  private async guardOverlap<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const { code, constraint } = pgError(error);
      // Two overlapping writes checking the constraint at once can deadlock; PostgreSQL aborts
      // one of them. Only a competing booking for the same time can cause that here: it is taken.
      if (code === PG_DEADLOCK_DETECTED) throw new SlotTakenError();
      if (code !== PG_EXCLUSION_VIOLATION) throw error;
      if (constraint === 'bookings_tutor_no_overlap') throw new SlotTakenError();
      if (constraint === 'bookings_student_no_overlap') throw new StudentBusyError();
      throw error;
    }
  }

  private async record(
    tx: Transaction,
    booking: BookingEntity,
    from: BookingStatus | null,
    actorId: string | null,
    reason: string | null,
  ) {
    await tx.manager.insert(BookingHistoryEntity, {
      id: newId(),
      bookingId: booking.id,
      fromStatus: from,
      toStatus: booking.status,
      actorId,
      reason,
      at: this.clock.now(),
    });
  }

  private async visible(
    manager: EntityManager,
    user: AuthUser,
    id: string,
    lock: boolean,
  ): Promise<BookingEntity> {
    const booking = await manager.findOne(BookingEntity, {
      where: { id },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (!booking || !mayView(user, booking.tutorId, booking.studentId)) {
      throw new ResourceNotFoundError('booking');
    }
    return booking;
  }
}
