import type { BookingHistoryEntity } from '../domain/booking-history.entity.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import type { CancelledBy } from '../domain/cancellation-policy.js';

export interface BookingView {
  id: string;
  status: BookingEntity['status'];
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: string;
  endsAt: string;
  price: { amount: number; currency: string };
  holdExpiresAt: string;
  /** Whether this is the student's trial lesson with the tutor. */
  trial: boolean;
  /** Until when the tutor may accept or decline; set once the request waits for them. */
  tutorResponseDueAt: string | null;
  /** What the cancellation refunded; null unless cancelled. */
  refund: { amount: number; currency: string } | null;
  /** Who cancelled; null unless cancelled. */
  cancelledBy: CancelledBy | null;
  /** The weekly series this lesson belongs to; null for a single booking. */
  seriesId: string | null;
  /** Every change, oldest first: on the responses about one booking, not in lists. */
  history?: {
    from: string | null;
    to: string;
    actorId: string | null;
    reason: string | null;
    at: string;
  }[];
}

/** The one mapping of a booking to its response body, with its history when given. */
export const toBookingView = (
  booking: BookingEntity,
  history?: BookingHistoryEntity[],
): BookingView => ({
  id: booking.id,
  status: booking.status,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  subjectId: booking.subjectId,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
  price: { amount: booking.priceAmount, currency: booking.currency },
  holdExpiresAt: booking.holdExpiresAt.toISOString(),
  trial: booking.isTrial,
  tutorResponseDueAt: booking.tutorResponseDueAt?.toISOString() ?? null,
  refund:
    booking.status === 'cancelled'
      ? { amount: booking.refundAmount ?? 0, currency: booking.currency }
      : null,
  cancelledBy: booking.status === 'cancelled' ? booking.cancelledBy : null,
  seriesId: booking.seriesId,
  ...(history
    ? {
        history: history.map((entry) => ({
          from: entry.fromStatus,
          to: entry.toStatus,
          actorId: entry.actorId,
          reason: entry.reason,
          at: entry.at.toISOString(),
        })),
      }
    : {}),
});

/** The facts of a booking that its events carry. */
export const bookingFacts = (booking: BookingEntity) => ({
  bookingId: booking.id,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  subjectId: booking.subjectId,
  startsAt: booking.startsAt.toISOString(),
  endsAt: booking.endsAt.toISOString(),
  price: { amount: booking.priceAmount, currency: booking.currency },
});

/** What `scheduling.booking.cancelled` says of a cancelled booking. */
export const cancellationFacts = (
  booking: BookingEntity,
  cancelledById: string,
  wasConfirmed: boolean,
) => ({
  bookingId: booking.id,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  cancelledBy: booking.cancelledBy!,
  cancelledById,
  reason: booking.cancelReason,
  refund: { amount: booking.refundAmount!, currency: booking.currency },
  wasConfirmed,
});
