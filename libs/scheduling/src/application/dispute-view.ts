import type { BookingDisputeEntity } from '../domain/booking-dispute.entity.js';
import type { BookingEntity } from '../domain/booking.entity.js';
import type { DisputeKind, DisputeResolution, DisputeStatus } from '../domain/dispute.policy.js';

export interface DisputeView {
  id: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  kind: DisputeKind;
  status: DisputeStatus;
  openedBy: string;
  reason: string;
  details: string | null;
  contestDeadline: string | null;
  contestedAt: string | null;
  contestReason: string | null;
  resolution: DisputeResolution | null;
  /** What the resolution gives back; null until resolved. */
  refund: { amount: number; currency: string } | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (at: Date | null) => at?.toISOString() ?? null;

/** The one mapping of a case to its response body. */
export const toDisputeView = (
  dispute: BookingDisputeEntity,
  booking: Pick<BookingEntity, 'tutorId' | 'studentId' | 'currency'>,
): DisputeView => ({
  id: dispute.id,
  bookingId: dispute.bookingId,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  kind: dispute.kind,
  status: dispute.status,
  openedBy: dispute.openedBy,
  reason: dispute.reason,
  details: dispute.details,
  contestDeadline: iso(dispute.contestDeadline),
  contestedAt: iso(dispute.contestedAt),
  contestReason: dispute.contestReason,
  resolution: dispute.resolution,
  refund:
    dispute.refundAmount === null
      ? null
      : { amount: dispute.refundAmount, currency: booking.currency },
  resolvedBy: dispute.resolvedBy,
  resolvedAt: iso(dispute.resolvedAt),
  createdAt: dispute.createdAt.toISOString(),
  updatedAt: dispute.updatedAt.toISOString(),
});

/** The facts every event about the case carries. */
export const disputeFacts = (dispute: BookingDisputeEntity, booking: BookingEntity) => ({
  disputeId: dispute.id,
  bookingId: booking.id,
  tutorId: booking.tutorId,
  studentId: booking.studentId,
  startsAt: booking.startsAt.toISOString(),
  kind: dispute.kind,
});
