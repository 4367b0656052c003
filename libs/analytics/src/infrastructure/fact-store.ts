import { Injectable } from '@nestjs/common';
import type { SqlQueryable } from '@etutors/platform';
import {
  instant,
  type BookingFact,
  type CancelledBy,
  type PaymentFact,
  type RefundFact,
  type ReviewFact,
  type TutorAvailabilityFact,
  type UserFact,
} from '../domain/facts.js';

interface BookingRow {
  booking_id: string;
  tutor_id: string;
  student_id: string;
  subject_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  times_as_of: Date | null;
  price_amount: string | null;
  currency: string | null;
  requested_at: Date | null;
  confirmed_at: Date | null;
  cancelled_at: Date | null;
  cancelled_by: CancelledBy | null;
  cancelled_was_confirmed: boolean | null;
  refund_amount: string | null;
  expired_at: Date | null;
  completed_at: Date | null;
}

const instantOrNull = (value: Date | null) => (value ? instant(value) : null);
const numberOrNull = (value: string | null) => (value === null ? null : Number(value));

const toBookingFact = (row: BookingRow): BookingFact => ({
  bookingId: row.booking_id,
  tutorId: row.tutor_id,
  studentId: row.student_id,
  subjectId: row.subject_id,
  startsAt: instantOrNull(row.starts_at),
  endsAt: instantOrNull(row.ends_at),
  timesAsOf: instantOrNull(row.times_as_of),
  priceAmount: numberOrNull(row.price_amount),
  currency: row.currency,
  requestedAt: instantOrNull(row.requested_at),
  confirmedAt: instantOrNull(row.confirmed_at),
  cancelledAt: instantOrNull(row.cancelled_at),
  cancelledBy: row.cancelled_by,
  cancelledWasConfirmed: row.cancelled_was_confirmed,
  refundAmount: numberOrNull(row.refund_amount),
  expiredAt: instantOrNull(row.expired_at),
  completedAt: instantOrNull(row.completed_at),
});

/**
 * The analytics facts in SQL. A fact that several events describe is read under its row lock
 * (created empty by whichever event comes first), merged in code and written back, so two
 * events of one booking delivered at once queue instead of both reading the old row.
 */
@Injectable()
export class FactStore {
  /** The booking, locked for the transaction; an empty one is created if no event came before. */
  async lockBooking(
    db: SqlQueryable,
    ids: { bookingId: string; tutorId: string; studentId: string },
  ): Promise<BookingFact> {
    await db.query(
      `INSERT INTO analytics.bookings (booking_id, tutor_id, student_id) VALUES ($1, $2, $3)
       ON CONFLICT (booking_id) DO NOTHING`,
      [ids.bookingId, ids.tutorId, ids.studentId],
    );
    const [row] = (await db.query(
      `SELECT booking_id, tutor_id, student_id, subject_id, starts_at, ends_at, times_as_of,
              price_amount, currency, requested_at, confirmed_at, cancelled_at, cancelled_by,
              cancelled_was_confirmed, refund_amount, expired_at, completed_at
         FROM analytics.bookings WHERE booking_id = $1 FOR UPDATE`,
      [ids.bookingId],
    )) as BookingRow[];
    return toBookingFact(row!);
  }

  /** Writes every column the events bring; the hours before the start follow from two of them. */
  async saveBooking(db: SqlQueryable, booking: BookingFact): Promise<void> {
    await db.query(
      `UPDATE analytics.bookings
          SET subject_id = $2, starts_at = $3, ends_at = $4, times_as_of = $5, price_amount = $6,
              currency = $7, requested_at = $8, confirmed_at = $9, cancelled_at = $10,
              cancelled_by = $11, cancelled_was_confirmed = $12, refund_amount = $13,
              expired_at = $14, completed_at = $15,
              cancelled_hours_before = EXTRACT(EPOCH FROM ($3::timestamptz - $10::timestamptz)) / 3600
        WHERE booking_id = $1`,
      [
        booking.bookingId,
        booking.subjectId,
        booking.startsAt,
        booking.endsAt,
        booking.timesAsOf,
        booking.priceAmount,
        booking.currency,
        booking.requestedAt,
        booking.confirmedAt,
        booking.cancelledAt,
        booking.cancelledBy,
        booking.cancelledWasConfirmed,
        booking.refundAmount,
        booking.expiredAt,
        booking.completedAt,
      ],
    );
  }

  /** The user, locked for the transaction; an empty one is created if no event came before. */
  async lockUser(db: SqlQueryable, userId: string): Promise<UserFact> {
    await db.query(
      `INSERT INTO analytics.users (user_id) VALUES ($1) ON CONFLICT (user_id) DO NOTHING`,
      [userId],
    );
    const [row] = (await db.query(
      `SELECT user_id, roles, roles_as_of, registered_at FROM analytics.users
        WHERE user_id = $1 FOR UPDATE`,
      [userId],
    )) as {
      user_id: string;
      roles: string[];
      roles_as_of: Date | null;
      registered_at: Date | null;
    }[];
    return {
      userId: row!.user_id,
      roles: row!.roles,
      rolesAsOf: instantOrNull(row!.roles_as_of),
      registeredAt: instantOrNull(row!.registered_at),
    };
  }

  async saveUser(db: SqlQueryable, user: UserFact): Promise<void> {
    await db.query(
      `UPDATE analytics.users SET roles = $2, roles_as_of = $3, registered_at = $4 WHERE user_id = $1`,
      [user.userId, user.roles, user.rolesAsOf, user.registeredAt],
    );
  }

  /** Whether the payment was new (a redelivery finds it there and adds nothing). */
  async addPayment(db: SqlQueryable, payment: PaymentFact): Promise<boolean> {
    return inserted(
      await db.query(
        `INSERT INTO analytics.payments
           (payment_id, booking_id, tutor_id, student_id, currency, gross, platform_fee, succeeded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (payment_id) DO NOTHING RETURNING payment_id`,
        [
          payment.paymentId,
          payment.bookingId,
          payment.tutorId,
          payment.studentId,
          payment.currency,
          payment.gross,
          payment.platformFee,
          payment.succeededAt,
        ],
      ),
    );
  }

  async addRefund(db: SqlQueryable, refund: RefundFact): Promise<boolean> {
    return inserted(
      await db.query(
        `INSERT INTO analytics.refunds
           (refund_id, payment_id, booking_id, tutor_id, student_id, currency, amount,
            fee_reversed, source, refunded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (refund_id) DO NOTHING RETURNING refund_id`,
        [
          refund.refundId,
          refund.paymentId,
          refund.bookingId,
          refund.tutorId,
          refund.studentId,
          refund.currency,
          refund.amount,
          refund.feeReversed,
          refund.source,
          refund.refundedAt,
        ],
      ),
    );
  }

  async addReview(db: SqlQueryable, review: ReviewFact): Promise<boolean> {
    return inserted(
      await db.query(
        `INSERT INTO analytics.reviews
           (review_id, lesson_id, tutor_id, student_id, rating, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (review_id) DO NOTHING RETURNING review_id`,
        [
          review.reviewId,
          review.lessonId,
          review.tutorId,
          review.studentId,
          review.rating,
          review.submittedAt,
        ],
      ),
    );
  }

  /** Two saves within one instant cannot be ordered: the larger is kept, whichever came first. */
  async addTutorAvailability(db: SqlQueryable, change: TutorAvailabilityFact): Promise<void> {
    await db.query(
      `INSERT INTO analytics.tutor_availability AS a (tutor_id, effective_at, weekly_minutes)
       VALUES ($1, $2, $3)
       ON CONFLICT (tutor_id, effective_at)
         DO UPDATE SET weekly_minutes = GREATEST(a.weekly_minutes, EXCLUDED.weekly_minutes)`,
      [change.tutorId, change.effectiveAt, change.weeklyMinutes],
    );
  }
}

const inserted = (rows: unknown) => (rows as unknown[]).length > 0;
