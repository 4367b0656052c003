import { Injectable } from '@nestjs/common';
import {
  Clock,
  DAY_MS,
  DomainError,
  EventBus,
  MINUTE_MS,
  ResourceNotFoundError,
  SqlReader,
  UnitOfWork,
  mayView,
  newId,
  type AuthUser,
  type Transaction,
} from '@etutors/platform';
import { TutoringQueries } from '@etutors/tutoring';
import { BookingSeriesEntity } from '../domain/booking-series.entity.js';
import { ACTIVE_STATUSES } from '../domain/booking-status.js';
import { BookingEntity } from '../domain/booking.entity.js';
import { weeklyPlacement } from '../domain/weekly-series.js';
import { BookingCancelled, BookingRequested, SeriesRequested } from '../events.js';
import { BookingSeriesRepository } from '../infrastructure/booking-series.repository.js';
import { BookingRepository } from '../infrastructure/booking.repository.js';
import { readBookingRules } from '../infrastructure/tutor-calendar.reader.js';
import {
  NotBookableError,
  SeriesNothingToCancelError,
  SeriesSlotTakenError,
  SlotTakenError,
  StudentBusyError,
  TutorDayFullError,
  TutorWeekFullError,
  type SeriesOccurrenceRef,
} from '../scheduling.errors.js';
import { SchedulingSettings } from '../scheduling.settings.js';
import { BookingLimitsGuard } from './booking-limits.guard.js';
import { BookingSettingsService } from './booking-settings.service.js';
import {
  bookingFacts,
  cancellationFacts,
  toBookingView,
  type BookingView,
} from './booking-view.js';

const WEEK_MS = 7 * DAY_MS;

/** The refusals that concern the tutor or the student, not one week: they refuse the whole series. */
const WHOLE_SERIES_REASONS = new Set(['self_booking', 'tutor_not_bookable', 'subject_not_taught']);

/** What became of one week of a requested series. */
export interface OccurrenceView {
  startsAt: string;
  endsAt: string;
  /** `booked`, or the code of the reason it was not (as a single booking would get it). */
  status: string;
  bookingId: string | null;
}

export interface SeriesView {
  id: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  timezone: string;
  localTime: string;
  weekday: number;
  durationMinutes: number;
  weeks: number;
  createdAt: string;
  bookings: BookingView[];
  /** Each requested week: on the answer to the request only. */
  occurrences?: OccurrenceView[];
}

/** One week of a series being requested, and what became of it. */
interface Occurrence {
  ref: SeriesOccurrenceRef;
  endsAt: number;
  booking: BookingEntity | null;
  refusal: DomainError | null;
}

/**
 * Weekly series: every occurrence checked as a single booking is and written in one
 * transaction, all or nothing unless the student allows a partial series; the database's
 * exclusion constraints decide any race for one of its slots.
 */
@Injectable()
export class BookingSeriesService {
  private readonly holdMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly reader: SqlReader,
    private readonly series: BookingSeriesRepository,
    private readonly bookings: BookingRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly tutoring: TutoringQueries,
    private readonly bookingSettings: BookingSettingsService,
    private readonly limits: BookingLimitsGuard,
    settings: SchedulingSettings,
  ) {
    this.holdMs = settings.BOOKING_HOLD_MINUTES * MINUTE_MS;
  }

  /**
   * A student books the same local time each week. Without `allowPartial` one refused week
   * refuses the series (422 for a rule, 409 for a taken slot or a full day) and nothing is
   * written; with it the free weeks are booked and each week reports what became of it.
   */
  async book(
    student: AuthUser,
    command: {
      tutorId: string;
      subjectId: string;
      firstStartsAt: Date;
      durationMinutes: number;
      weeks: number;
      allowPartial?: boolean;
    },
  ): Promise<SeriesView> {
    const first = command.firstStartsAt.getTime();
    const allowPartial = command.allowPartial === true;
    // The rules cover every week, with a day of margin for a DST shift.
    const [tutor, rules, settings] = await Promise.all([
      this.tutoring.getBookableTutor(command.tutorId, command.subjectId),
      readBookingRules(
        this.reader,
        command.tutorId,
        first,
        first + command.weeks * WEEK_MS + DAY_MS,
      ),
      this.bookingSettings.forTutor(command.tutorId),
    ]);
    const zone = rules.availability?.timezone ?? 'UTC';
    const placement = weeklyPlacement(first, command.weeks, zone);
    const now = this.clock.now();
    const seriesId = newId();
    const occurrences: Occurrence[] = placement.starts.map((start, index) => {
      const ref = { index, startsAt: new Date(start).toISOString() };
      const endsAt = start + command.durationMinutes * MINUTE_MS;
      try {
        const booking = BookingEntity.request({
          studentId: student.id,
          tutorId: command.tutorId,
          subjectId: command.subjectId,
          startsAt: new Date(start),
          durationMinutes: command.durationMinutes,
          tutor,
          rules,
          holdMs: this.holdMs,
          now,
        });
        booking.seriesId = seriesId;
        return { ref, endsAt, booking, refusal: null };
      } catch (error) {
        if (!(error instanceof NotBookableError) || WHOLE_SERIES_REASONS.has(error.reason))
          throw error;
        return {
          ref,
          endsAt,
          booking: null,
          refusal: new NotBookableError(error.reason, { occurrence: ref }),
        };
      }
    });
    const firstRefused = occurrences.find((occurrence) => occurrence.refusal);
    if (firstRefused && !allowPartial) throw firstRefused.refusal!;
    const candidates = occurrences.filter((occurrence) => occurrence.booking);
    if (candidates.length === 0) throw firstRefused!.refusal!;
    // One hold for the whole series: that of its earliest lesson, which ends first.
    const holdExpiresAt = candidates[0]!.booking!.holdExpiresAt;
    for (const { booking } of candidates) booking!.holdExpiresAt = holdExpiresAt;

    const series = Object.assign(new BookingSeriesEntity(), {
      id: seriesId,
      tutorId: command.tutorId,
      studentId: student.id,
      subjectId: command.subjectId,
      timezone: zone,
      localTime: placement.localTime,
      weekday: placement.weekday,
      durationMinutes: command.durationMinutes,
      weeks: command.weeks,
      createdAt: now,
    });

    return this.unitOfWork.run(async (tx) => {
      await this.series.add(tx, series);
      for (const occurrence of candidates) {
        const refusal = await this.write(tx, occurrence, settings.limits, zone, allowPartial);
        if (refusal) {
          occurrence.refusal = refusal;
          occurrence.booking = null;
        }
      }
      const booked = occurrences.filter((occurrence) => occurrence.booking);
      if (booked.length === 0) throw occurrences.find((occurrence) => occurrence.refusal)!.refusal!;
      await this.limits.assertSeriesWithinUnpaidLimit(tx, student.id, now);
      for (const { booking } of booked)
        await this.events.publish(tx, BookingRequested, {
          aggregateId: booking!.id,
          actorId: student.id,
          payload: {
            ...bookingFacts(booking!),
            seriesId,
            holdExpiresAt: holdExpiresAt.toISOString(),
          },
        });
      await this.events.publish(tx, SeriesRequested, {
        aggregateId: seriesId,
        actorId: student.id,
        payload: {
          seriesId,
          tutorId: series.tutorId,
          studentId: series.studentId,
          subjectId: series.subjectId,
          bookingIds: booked.map(({ booking }) => booking!.id),
          price: {
            amount: booked.reduce((sum, { booking }) => sum + booking!.priceAmount, 0),
            currency: booked[0]!.booking!.currency,
          },
          holdExpiresAt: holdExpiresAt.toISOString(),
        },
      });
      return {
        ...toSeriesView(
          series,
          booked.map(({ booking }) => booking!),
        ),
        occurrences: occurrences.map(({ ref, endsAt, booking, refusal }) => ({
          startsAt: ref.startsAt,
          endsAt: new Date(endsAt).toISOString(),
          status: booking ? 'booked' : refusal!.code,
          bookingId: booking?.id ?? null,
        })),
      };
    });
  }

  /**
   * Writes one occurrence within the tutor's limits. With `allowPartial` it runs under its own
   * savepoint, so a taken slot or a full day refuses that week alone (returned) and the
   * transaction goes on; otherwise the refusal aborts the series, a taken slot as
   * `booking.series_slot_taken` naming the week.
   */
  private async write(
    tx: Transaction,
    occurrence: Occurrence,
    limits: Parameters<BookingLimitsGuard['assertRoomForOccurrence']>[2],
    zone: string,
    allowPartial: boolean,
  ): Promise<DomainError | null> {
    const booking = occurrence.booking!;
    if (allowPartial) await tx.manager.query('SAVEPOINT series_occurrence');
    try {
      await this.limits.assertRoomForOccurrence(tx, booking, limits, zone);
      await this.bookings.add(tx, booking);
    } catch (error) {
      if (!isWeekConflict(error)) throw error;
      if (!allowPartial)
        throw error instanceof SlotTakenError ? new SeriesSlotTakenError(occurrence.ref) : error;
      await tx.manager.query('ROLLBACK TO SAVEPOINT series_occurrence');
      return error;
    }
    if (allowPartial) await tx.manager.query('RELEASE SAVEPOINT series_occurrence');
    return null;
  }

  /** A series the caller takes part in (any, for an admin), with its occurrences. */
  async get(user: AuthUser, id: string): Promise<SeriesView> {
    const series = await this.series.find(id);
    if (!series || !mayView(user, series.tutorId, series.studentId))
      throw new ResourceNotFoundError('series');
    return toSeriesView(series, await this.series.occurrences(id));
  }

  /**
   * Either participant (or an admin) cancels every occurrence still to come and active, each by
   * the cancellation policy (one `scheduling.booking.cancelled` each, so each is refunded on its
   * own); past, cancelled or completed ones stay as they are.
   */
  async cancelFuture(user: AuthUser, id: string, reason: string | null): Promise<SeriesView> {
    return this.unitOfWork.run(async (tx) => {
      const series = await this.series.find(id, tx.manager);
      if (!series || !mayView(user, series.tutorId, series.studentId))
        throw new ResourceNotFoundError('series');
      const now = this.clock.now();
      const occurrences = await this.series.lockOccurrences(tx, id);
      const future = occurrences.filter(
        (booking) => ACTIVE_STATUSES.includes(booking.status) && booking.startsAt > now,
      );
      if (future.length === 0) throw new SeriesNothingToCancelError();
      for (const booking of future) {
        const { wasConfirmed } = booking.cancel(user.id, reason, now);
        await this.bookings.save(tx, booking);
        await this.events.publish(tx, BookingCancelled, {
          aggregateId: booking.id,
          actorId: user.id,
          payload: cancellationFacts(booking, user.id, wasConfirmed),
        });
      }
      return toSeriesView(series, occurrences);
    });
  }
}

/** A refusal that concerns one week's place in the calendars, not the series as a whole. */
const isWeekConflict = (error: unknown): error is DomainError =>
  error instanceof SlotTakenError ||
  error instanceof StudentBusyError ||
  error instanceof TutorDayFullError ||
  error instanceof TutorWeekFullError;

const toSeriesView = (series: BookingSeriesEntity, bookings: BookingEntity[]): SeriesView => ({
  id: series.id,
  tutorId: series.tutorId,
  studentId: series.studentId,
  subjectId: series.subjectId,
  timezone: series.timezone,
  localTime: series.localTime,
  weekday: series.weekday,
  durationMinutes: series.durationMinutes,
  weeks: series.weeks,
  createdAt: series.createdAt.toISOString(),
  bookings: bookings.map((booking) => toBookingView(booking)),
});
