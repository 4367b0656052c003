import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  mayView,
  type AuthUser,
  type Page,
  type Transaction,
  MINUTE_MS,
} from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import { BookingEntity } from '../domain/booking.entity.js';
import { BookingCancelled, BookingRequested, BookingRescheduled } from '../events.js';
import { BookingRepository, type BookingFilters } from '../infrastructure/booking.repository.js';
import { readBookingRules } from '../infrastructure/tutor-calendar.reader.js';
import { SchedulingSettings } from '../scheduling.settings.js';
import { bookingFacts, toBookingView, type BookingView } from './booking-view.js';

export type { BookingFilters } from '../infrastructure/booking.repository.js';

/** Books, cancels and moves lessons; the database keeps any two active bookings of a tutor apart. */
@Injectable()
export class BookingsService {
  private readonly holdMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reader: SqlReader,
    private readonly bookings: BookingRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly tutoring: TutoringQueries,
    settings: SchedulingSettings,
  ) {
    this.holdMs = settings.BOOKING_HOLD_MINUTES * MINUTE_MS;
  }

  /** A student asks for a lesson; it is held as `pending_payment` until paid or the hold runs out. */
  async book(
    student: AuthUser,
    command: { tutorId: string; subjectId: string; startsAt: Date; durationMinutes: number },
  ): Promise<BookingView> {
    const start = command.startsAt.getTime();
    // Read before the transaction opens, both at once: nothing here is locked by it, and the
    // exclusion constraints checked by the insert are what keeps bookings apart.
    const [tutor, rules] = await Promise.all([
      this.tutoring.getBookableTutor(command.tutorId, command.subjectId),
      readBookingRules(
        this.reader,
        command.tutorId,
        start,
        start + command.durationMinutes * MINUTE_MS,
      ),
    ]);
    const booking = BookingEntity.request({
      ...command,
      studentId: student.id,
      tutor,
      rules,
      holdMs: this.holdMs,
      now: this.clock.now(),
    });
    return this.unitOfWork.run(async (tx) => {
      const history = await this.bookings.add(tx, booking);
      await this.events.publish(tx, BookingRequested, {
        aggregateId: booking.id,
        actorId: student.id,
        payload: { ...bookingFacts(booking), holdExpiresAt: booking.holdExpiresAt.toISOString() },
      });
      return toBookingView(booking, history);
    });
  }

  /** The caller's bookings (as student or tutor; all of them for an admin), by start time. */
  list(user: AuthUser, filters: BookingFilters): Promise<Page<BookingView>> {
    return this.bookings.page(user, filters, (booking) => toBookingView(booking));
  }

  /** One booking the caller takes part in (any, for an admin), with its history. */
  async get(user: AuthUser, id: string): Promise<BookingView> {
    const booking = await this.bookings.find(id);
    if (!booking || !mayView(user, booking.tutorId, booking.studentId))
      throw new ResourceNotFoundError('booking');
    return toBookingView(booking, await this.bookings.history(id));
  }

  /** Either participant (or an admin) cancels; the refund follows the cancellation policy. */
  async cancel(user: AuthUser, id: string, reason: string | null): Promise<BookingView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockVisible(tx, user, id);
      const { wasConfirmed } = booking.cancel(user.id, reason, this.clock.now());
      await this.bookings.save(tx, booking);
      await this.events.publish(tx, BookingCancelled, {
        aggregateId: id,
        actorId: user.id,
        payload: {
          bookingId: id,
          tutorId: booking.tutorId,
          studentId: booking.studentId,
          cancelledBy: booking.cancelledBy!,
          cancelledById: user.id,
          reason,
          refund: { amount: booking.refundAmount!, currency: booking.currency },
          wasConfirmed,
        },
      });
      return toBookingView(booking, await this.bookings.history(id, tx.manager));
    });
  }

  /** Moves a confirmed booking to another current slot in one transaction; 409 if it is taken. */
  async reschedule(user: AuthUser, id: string, startsAt: Date): Promise<BookingView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockVisible(tx, user, id);
      // Only the two participants move a lesson (an admin cancels instead).
      if (user.id !== booking.tutorId && user.id !== booking.studentId)
        throw new ResourceNotFoundError('booking');
      const start = startsAt.getTime();
      const end = start + booking.durationMinutes * MINUTE_MS;
      const rules = await readBookingRules(tx.manager, booking.tutorId, start, end);
      const previous = booking.move(startsAt, rules, user.id, this.clock.now());
      await this.bookings.save(tx, booking);
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
      return toBookingView(booking, await this.bookings.history(id, tx.manager));
    });
  }

  /** The booking, locked for this transaction, if the caller may see it; a 404 otherwise. */
  private async lockVisible(tx: Transaction, user: AuthUser, id: string): Promise<BookingEntity> {
    const booking = await this.bookings.lock(tx, id);
    if (!booking || !mayView(user, booking.tutorId, booking.studentId))
      throw new ResourceNotFoundError('booking');
    return booking;
  }
}
