import { Injectable } from '@nestjs/common';
import type { Transaction } from '@etutors/platform';

/**
 * Messaging's own record of who may talk to whom, learnt from other contexts' events: which
 * tutors are approved, and which tutor and student pairs have (confirmed) bookings.
 */
@Injectable()
export class ConversationContactsRepository {
  async recordTutorReview(
    tx: Transaction,
    tutorId: string,
    approved: boolean,
    at: Date,
  ): Promise<void> {
    // Events may arrive out of order on retries: the newest decision wins.
    await tx.manager.query(
      `INSERT INTO messaging.tutor_approvals (tutor_id, approved, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (tutor_id) DO UPDATE SET approved = EXCLUDED.approved, updated_at = EXCLUDED.updated_at
        WHERE messaging.tutor_approvals.updated_at <= EXCLUDED.updated_at`,
      [tutorId, approved, at],
    );
  }

  async recordBooking(
    tx: Transaction,
    pair: { tutorId: string; studentId: string },
    at: Date,
    confirmed: boolean,
  ): Promise<void> {
    // Most bookings of a pair change nothing here. A plain read first: they take no row lock,
    // which would keep every other delivery for the pair waiting until their commit.
    const [known] = (await tx.manager.query(
      `SELECT first_booked_at, confirmed_at FROM messaging.booking_pairs
        WHERE tutor_id = $1 AND student_id = $2`,
      [pair.tutorId, pair.studentId],
    )) as { first_booked_at: Date; confirmed_at: Date | null }[];
    if (known && known.first_booked_at <= at && (!confirmed || known.confirmed_at !== null)) return;
    await tx.manager.query(
      `INSERT INTO messaging.booking_pairs (tutor_id, student_id, first_booked_at, confirmed_at)
       VALUES ($1, $2, $3, CASE WHEN $4 THEN $3::timestamptz END)
       ON CONFLICT (tutor_id, student_id) DO UPDATE SET
         first_booked_at = LEAST(messaging.booking_pairs.first_booked_at, EXCLUDED.first_booked_at),
         confirmed_at = COALESCE(messaging.booking_pairs.confirmed_at, EXCLUDED.confirmed_at)`,
      [pair.tutorId, pair.studentId, at, confirmed],
    );
  }

  /** What decides whether `callerId` may open a conversation with `otherId`. */
  async factsFor(
    tx: Transaction,
    callerId: string,
    otherId: string,
  ): Promise<{ otherIsApprovedTutor: boolean; callerTutorsOther: boolean }> {
    const [row] = (await tx.manager.query(
      `SELECT EXISTS (SELECT 1 FROM messaging.tutor_approvals WHERE tutor_id = $2 AND approved)
                AS "otherIsApprovedTutor",
              EXISTS (SELECT 1 FROM messaging.booking_pairs WHERE tutor_id = $1 AND student_id = $2)
                AS "callerTutorsOther"`,
      [callerId, otherId],
    )) as { otherIsApprovedTutor: boolean; callerTutorsOther: boolean }[];
    return row!;
  }
}
