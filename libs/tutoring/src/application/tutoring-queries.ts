import { Injectable } from '@nestjs/common';
import { SqlReader, type SqlQueryable } from '@etutors/platform';

/** What scheduling needs to know before it books a tutor. */
export interface BookableTutor {
  tutorId: string;
  approved: boolean;
  hourlyRate: { amount: number; currency: string };
  timezone: string;
  teachesSubject: boolean;
}

/**
 * The tutoring context's query port for other contexts (exported from `@etutors/tutoring`).
 * Reads the public (approved) version of the profile.
 */
@Injectable()
export class TutoringQueries {
  constructor(private readonly reader: SqlReader) {}

  /** `null` when the user has no tutor profile at all. */
  async getBookableTutor(tutorId: string, subjectId: string): Promise<BookableTutor | null> {
    const [row] = (await this.reader.query(
      `SELECT status, hourly_rate_amount, currency, timezone, $2::uuid = ANY(subject_ids) AS teaches
         FROM tutoring.tutors WHERE user_id = $1`,
      [tutorId, subjectId],
    )) as {
      status: string;
      hourly_rate_amount: number;
      currency: string;
      timezone: string;
      teaches: boolean;
    }[];
    if (!row) return null;
    return {
      tutorId,
      approved: row.status === 'approved',
      hourlyRate: { amount: row.hourly_rate_amount, currency: row.currency },
      timezone: row.timezone,
      teachesSubject: row.teaches,
    };
  }

  /** The currency the tutor prices lessons in, and whether they are approved; `null` without a profile. */
  async getTutorCurrency(tutorId: string): Promise<{ currency: string; approved: boolean } | null> {
    const [row] = (await this.reader.query(
      `SELECT currency, status FROM tutoring.tutors WHERE user_id = $1`,
      [tutorId],
    )) as { currency: string; status: string }[];
    return row ? { currency: row.currency, approved: row.status === 'approved' } : null;
  }

  async isApprovedTutor(tutorId: string): Promise<boolean> {
    const rows = (await this.reader.query(
      `SELECT 1 FROM tutoring.tutors WHERE user_id = $1 AND status = 'approved'`,
      [tutorId],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The subject's display name; `null` when there is no such subject. */
  async subjectName(subjectId: string): Promise<string | null> {
    const [row] = (await this.reader.query('SELECT name FROM tutoring.subjects WHERE id = $1', [
      subjectId,
    ])) as { name: string }[];
    return row?.name ?? null;
  }

  /**
   * The hours of the tutor's completed lessons, by their booked length (billing's commission
   * tiers read it). Pass `via` to read inside the caller's transaction.
   */
  async completedLessonHours(tutorId: string, via: SqlQueryable = this.reader): Promise<number> {
    const [row] = (await via.query(
      `SELECT coalesce(extract(epoch FROM sum(ends_at - starts_at)), 0) / 3600 AS hours
         FROM tutoring.lessons WHERE tutor_id = $1 AND status = 'completed'`,
      [tutorId],
    )) as { hours: string | number }[];
    return Number(row?.hours ?? 0);
  }
}
