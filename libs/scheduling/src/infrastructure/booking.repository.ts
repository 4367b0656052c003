import { Injectable } from '@nestjs/common';
import {
  pgError,
  readPage,
  scopeToParticipant,
  PG_DEADLOCK_DETECTED,
  PG_EXCLUSION_VIOLATION,
  PG_UNIQUE_VIOLATION,
  type AuthUser,
  type Page,
  type Transaction,
} from '@etutors/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { BookingHistoryEntity } from '../domain/booking-history.entity.js';
import type { BookingStatus } from '../domain/booking-status.js';
import { BookingEntity } from '../domain/booking.entity.js';
import { SlotTakenError, StudentBusyError, TrialAlreadyUsedError } from '../scheduling.errors.js';

export interface BookingFilters {
  status?: BookingStatus;
  from?: Date;
  to?: Date;
  page: number;
  limit: number;
}

/**
 * The history rows a write recorded, appended to the `booking` row the statement's CTE wrote
 * (`$1…$6` are the history columns as arrays): a booking and its history are written together,
 * in one statement, or not at all.
 */
const WITH_HISTORY = `
  INSERT INTO scheduling.booking_history (id, booking_id, from_status, to_status, actor_id, reason, at)
  SELECT h.id, booking.id, h.from_status, h.to_status, h.actor_id, h.reason, h.at
    FROM booking,
         unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::timestamptz[])
           AS h (id, from_status, to_status, actor_id, reason, at)`;

const INSERT_BOOKING = `
  WITH booking AS (
    INSERT INTO scheduling.bookings (id, tutor_id, student_id, subject_id, starts_at, ends_at,
                                     blocked_until, status, price_amount, currency,
                                     hold_expires_at, created_at, updated_at,
                                     is_trial, tutor_response_due_at, series_id)
    VALUES ($7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
            $20, $21, $22)
    RETURNING id
  )${WITH_HISTORY}`;

const UPDATE_BOOKING = `
  WITH booking AS (
    UPDATE scheduling.bookings
       SET status = $8, starts_at = $9, ends_at = $10, blocked_until = $11, cancelled_by = $12,
           cancel_reason = $13, refund_amount = $14, reminded_24h_at = $15, reminded_1h_at = $16,
           updated_at = $17,
           tutor_response_due_at = $18
     WHERE id = $7
    RETURNING id
  )${WITH_HISTORY}`;

/** A reminder before the start, and the column that marks it sent. */
export type ReminderColumn = 'reminded_24h_at' | 'reminded_1h_at';

/** Where bookings are stored: every write of a booking, and the reads of the booking routes. */
@Injectable()
export class BookingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new booking with the history it recorded, in one statement; an overlap is a 409. */
  async add(tx: Transaction, booking: BookingEntity): Promise<BookingHistoryEntity[]> {
    const history = booking.takeRecordedHistory();
    await guardOverlap(() =>
      tx.manager.query(INSERT_BOOKING, [
        ...historyParameters(history),
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
        booking.updatedAt,
        booking.isTrial,
        booking.tutorResponseDueAt,
        booking.seriesId,
      ]),
    );
    return history;
  }

  /** A loaded booking's changed state with the history it recorded, in one statement. */
  async save(tx: Transaction, booking: BookingEntity): Promise<BookingHistoryEntity[]> {
    const history = booking.takeRecordedHistory();
    await guardOverlap(() =>
      tx.manager.query(UPDATE_BOOKING, [
        ...historyParameters(history),
        booking.id,
        booking.status,
        booking.startsAt,
        booking.endsAt,
        booking.blockedUntil,
        booking.cancelledBy,
        booking.cancelReason,
        booking.refundAmount,
        booking.reminded24hAt,
        booking.reminded1hAt,
        booking.updatedAt,
        booking.tutorResponseDueAt,
      ]),
    );
    return history;
  }

  /** The booking, its row locked until the transaction ends. */
  lock(tx: Transaction, id: string): Promise<BookingEntity | null> {
    return tx.manager.findOne(BookingEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Up to `limit` unpaid bookings whose hold ran out by `now`, locked; rows another worker holds are skipped. */
  lockExpiredHolds(tx: Transaction, now: Date, limit: number): Promise<BookingEntity[]> {
    return tx.manager
      .createQueryBuilder(BookingEntity, 'b')
      .where(`b.status = 'pending_payment'`)
      .andWhere('b.holdExpiresAt <= :now', { now })
      .orderBy('b.holdExpiresAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * Up to `limit` requests whose time for the tutor's answer ran out by `now`, locked; rows
   * another worker holds are skipped.
   */
  lockOverdueRequests(tx: Transaction, now: Date, limit: number): Promise<BookingEntity[]> {
    return tx.manager
      .createQueryBuilder(BookingEntity, 'b')
      .where(`b.status = 'awaiting_tutor'`)
      .andWhere('b.tutorResponseDueAt <= :now', { now })
      .orderBy('b.tutorResponseDueAt')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /**
   * Marks the reminder sent on every confirmed booking starting in `(from, to]` that has not had
   * it, and returns them: the UPDATE claims each row, so two workers never both send one.
   */
  async claimReminders(
    tx: Transaction,
    column: ReminderColumn,
    window: { from: Date; to: Date },
    now: Date,
  ): Promise<{ id: string; tutorId: string; studentId: string; startsAt: Date }[]> {
    const [claimed] = (await tx.manager.query(
      `UPDATE scheduling.bookings SET ${column} = $1
        WHERE status = 'confirmed' AND ${column} IS NULL AND starts_at > $2 AND starts_at <= $3
        RETURNING id, tutor_id, student_id, starts_at`,
      [now, window.from, window.to],
    )) as [{ id: string; tutor_id: string; student_id: string; starts_at: Date }[], number];
    return claimed.map((row) => ({
      id: row.id,
      tutorId: row.tutor_id,
      studentId: row.student_id,
      startsAt: row.starts_at,
    }));
  }

  // Plain reads, outside any transaction (see UnitOfWork).

  /** The bookings `user` takes part in (all, for an admin), by start time. */
  page<View>(
    user: AuthUser,
    filters: BookingFilters,
    toView: (booking: BookingEntity) => View,
  ): Promise<Page<View>> {
    const query = this.dataSource.manager.createQueryBuilder(BookingEntity, 'b');
    scopeToParticipant(query, 'b', user, ['tutorId', 'studentId']);
    if (filters.status) query.andWhere('b.status = :status', { status: filters.status });
    if (filters.from) query.andWhere('b.endsAt > :from', { from: filters.from });
    if (filters.to) query.andWhere('b.startsAt < :to', { to: filters.to });
    return readPage(query, 'startsAt', filters, toView);
  }

  find(id: string): Promise<BookingEntity | null> {
    return this.dataSource.manager.findOne(BookingEntity, { where: { id } });
  }

  /** A booking's history, oldest first; inside a transaction when `manager` is one's. */
  history(id: string, manager: EntityManager = this.dataSource.manager) {
    return manager.find(BookingHistoryEntity, {
      where: { bookingId: id },
      order: { at: 'ASC', id: 'ASC' },
    });
  }
}

const historyParameters = (history: BookingHistoryEntity[]) => [
  history.map((entry) => entry.id),
  history.map((entry) => entry.fromStatus),
  history.map((entry) => entry.toStatus),
  history.map((entry) => entry.actorId),
  history.map((entry) => entry.reason),
  history.map((entry) => entry.at),
];

/** The exclusion constraints are the source of truth for overlaps; their violations become 409s. */
async function guardOverlap<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const { code, constraint } = pgError(error);
    // Two overlapping writes checking the constraint at once can deadlock; PostgreSQL aborts
    // one of them. Only a competing booking for the same time can cause that here: it is taken.
    if (code === PG_DEADLOCK_DETECTED) throw new SlotTakenError();
    if (code === PG_UNIQUE_VIOLATION && constraint === 'bookings_one_trial_per_pair')
      throw new TrialAlreadyUsedError();
    if (code !== PG_EXCLUSION_VIOLATION) throw error;
    if (constraint === 'bookings_tutor_no_overlap') throw new SlotTakenError();
    if (constraint === 'bookings_student_no_overlap') throw new StudentBusyError();
    throw error;
  }
}
