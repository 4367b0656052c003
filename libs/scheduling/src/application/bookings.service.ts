import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  isAdmin,
  mayView,
  type AuthUser,
  type Page,
  type Transaction,
  MINUTE_MS,
} from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import { BookingEntity } from '../domain/booking.entity.js';
import { TRIAL_MINUTES } from '../domain/tutor-booking-settings.entity.js';
import type { TutorBookingSettingsEntity } from '../domain/tutor-booking-settings.entity.js';
import {
  BookingAwaitingTutor,
  BookingCancelled,
  BookingConfirmed,
  BookingRequested,
  BookingRescheduled,
} from '../events.js';
import { BookingRepository, type BookingFilters } from '../infrastructure/booking.repository.js';
import { readBookingRules } from '../infrastructure/tutor-calendar.reader.js';
import { SchedulingSettings } from '../scheduling.settings.js';
import { BookingLimitsGuard } from './booking-limits.guard.js';
import { BookingSettingsService } from './booking-settings.service.js';
import {
  bookingFacts,
  cancellationFacts,
  toBookingView,
  type BookingView,
} from './booking-view.js';

export type { BookingFilters } from '../infrastructure/booking.repository.js';

/** Books, cancels and moves lessons; the database keeps any two active bookings of a tutor apart. */
@Injectable()
export class BookingsService {
  private readonly holdMs: number;
  private readonly responseHours: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reader: SqlReader,
    private readonly bookings: BookingRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly tutoring: TutoringQueries,
    private readonly bookingSettings: BookingSettingsService,
    private readonly limits: BookingLimitsGuard,
    settings: SchedulingSettings,
  ) {
    this.holdMs = settings.BOOKING_HOLD_MINUTES * MINUTE_MS;
    this.responseHours = settings.TUTOR_RESPONSE_HOURS;
  }

  /**
   * A student asks for a lesson; it is held as `pending_payment` until paid or the hold runs out.
   * A free trial needs no payment: it is confirmed at once (or waits for a tutor who confirms
   * requests).
   */
  async book(
    student: AuthUser,
    command: {
      tutorId: string;
      subjectId: string;
      startsAt: Date;
      durationMinutes?: number;
      trial?: boolean;
    },
  ): Promise<BookingView> {
    const start = command.startsAt.getTime();
    const durationMinutes = command.durationMinutes ?? TRIAL_MINUTES;
    // Read before the transaction opens, all at once: nothing here is locked by it; the
    // exclusion constraints checked by the insert keep bookings apart, and the limits are
    // counted inside it.
    const [tutor, rules, settings] = await Promise.all([
      this.tutoring.getBookableTutor(command.tutorId, command.subjectId),
      readBookingRules(this.reader, command.tutorId, start, start + durationMinutes * MINUTE_MS),
      this.bookingSettings.forTutor(command.tutorId),
    ]);
    const now = this.clock.now();
    const booking = BookingEntity.request({
      ...command,
      durationMinutes,
      studentId: student.id,
      tutor,
      rules,
      holdMs: this.holdMs,
      now,
      trial: command.trial ? { trialPrice: settings.trialPrice } : null,
    });
    if (booking.isFree) this.takeWithoutPayment(booking, settings, now);
    return this.unitOfWork.run(async (tx) => {
      // A problem-free request implies availability, and so the tutor's zone.
      const zone = rules.availability!.timezone;
      await this.limits.assertRoomToBook(tx, booking, settings.limits, zone, now);
      const history = await this.bookings.add(tx, booking);
      await this.events.publish(tx, BookingRequested, {
        aggregateId: booking.id,
        actorId: student.id,
        payload: { ...bookingFacts(booking), holdExpiresAt: booking.holdExpiresAt.toISOString() },
      });
      if (booking.status === 'confirmed')
        await this.events.publish(tx, BookingConfirmed, {
          aggregateId: booking.id,
          actorId: student.id,
          payload: bookingFacts(booking),
        });
      if (booking.status === 'awaiting_tutor') await this.publishAwaitingTutor(tx, booking);
      return toBookingView(booking, history);
    });
  }

  /** A free booking skips payment: confirmed, or waiting for a tutor who confirms requests. */
  private takeWithoutPayment(
    booking: BookingEntity,
    settings: TutorBookingSettingsEntity,
    now: Date,
  ): void {
    if (settings.requiresConfirmation) {
      const dueAt = settings.responseDeadline(now, booking.startsAt, this.responseHours);
      booking.awaitTutor(booking.studentId, 'free trial', dueAt, now);
    } else {
      booking.confirm(booking.studentId, 'free trial', now);
    }
  }

  /** Tells the tutor a request waits for their answer. */
  private async publishAwaitingTutor(tx: Transaction, booking: BookingEntity): Promise<void> {
    await this.events.publish(tx, BookingAwaitingTutor, {
      aggregateId: booking.id,
      actorId: booking.studentId,
      payload: {
        ...bookingFacts(booking),
        tutorResponseDueAt: booking.tutorResponseDueAt!.toISOString(),
      },
    });
  }

  /** The tutor (or an admin) accepts a request waiting for them: confirmed, the lesson is on. */
  async accept(user: AuthUser, id: string): Promise<BookingView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockAsTutor(tx, user, id);
      booking.accept(user.id, this.clock.now());
      await this.bookings.save(tx, booking);
      await this.events.publish(tx, BookingConfirmed, {
        aggregateId: id,
        actorId: user.id,
        payload: bookingFacts(booking),
      });
      return toBookingView(booking, await this.bookings.history(id, tx.manager));
    });
  }

  /** The tutor (or an admin) declines a request waiting for them: cancelled, refunded in full. */
  async decline(user: AuthUser, id: string, reason: string | null): Promise<BookingView> {
    return this.unitOfWork.run(async (tx) => {
      const booking = await this.lockAsTutor(tx, user, id);
      booking.decline(user.id, reason, this.clock.now());
      await this.bookings.save(tx, booking);
      await this.events.publish(tx, BookingCancelled, {
        aggregateId: id,
        actorId: user.id,
        payload: cancellationFacts(booking, user.id, false),
      });
      return toBookingView(booking, await this.bookings.history(id, tx.manager));
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
      const settings = await this.bookingSettings.forTutor(booking.tutorId, tx.manager);
      const previous = booking.move(startsAt, rules, user.id, this.clock.now());
      await this.limits.assertRoomToMove(
        tx,
        booking,
        settings.limits,
        rules.availability!.timezone,
      );
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

  /** The booking, locked, if the caller is its tutor or an admin; a 404 otherwise (the student too). */
  private async lockAsTutor(tx: Transaction, user: AuthUser, id: string): Promise<BookingEntity> {
    const booking = await this.bookings.lock(tx, id);
    if (!booking || (booking.tutorId !== user.id && !isAdmin(user)))
      throw new ResourceNotFoundError('booking');
    return booking;
  }

  /** The booking, locked for this transaction, if the caller may see it; a 404 otherwise. */
  private async lockVisible(tx: Transaction, user: AuthUser, id: string): Promise<BookingEntity> {
    const booking = await this.bookings.lock(tx, id);
    if (!booking || !mayView(user, booking.tutorId, booking.studentId))
      throw new ResourceNotFoundError('booking');
    return booking;
  }
}
