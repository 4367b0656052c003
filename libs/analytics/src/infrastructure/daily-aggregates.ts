import { Injectable } from '@nestjs/common';
import type { SqlQueryable } from '@etutors/platform';
import type {
  Contribution,
  TutorDayMeasures,
  TutorReviewDayMeasures,
} from '../domain/contributions.js';

const TUTOR_DAY_COLUMNS: Record<keyof TutorDayMeasures, string> = {
  bookingsCreated: 'bookings_created',
  bookingsConfirmed: 'bookings_confirmed',
  bookingsCancelled: 'bookings_cancelled',
  confirmedCancelled: 'confirmed_cancelled',
  lessonsCompleted: 'lessons_completed',
  completedMinutes: 'completed_minutes',
  bookedMinutes: 'booked_minutes',
  gross: 'gross',
  platformFees: 'platform_fees',
  refunds: 'refunds',
  feesReversed: 'fees_reversed',
};

const REVIEW_DAY_COLUMNS: Record<keyof TutorReviewDayMeasures, string> = {
  reviews: 'reviews',
  ratingSum: 'rating_sum',
};

/** `INSERT … ON CONFLICT` adding each measure to the row's, then whether the row is all zeros. */
function addingUpsert(table: string, keys: string[], columns: string[]): string {
  const all = [...keys, ...columns];
  return `INSERT INTO analytics.${table} AS t (${all.join(', ')})
          VALUES (${all.map((_, i) => `$${i + 1}`).join(', ')})
          ON CONFLICT (${keys.join(', ')}) DO UPDATE
            SET ${columns.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}
          RETURNING (${columns.map((c) => `t.${c} = 0`).join(' AND ')}) AS empty`;
}

const TUTOR_DAY_KEYS = ['day', 'tutor_id', 'currency'];
const REVIEW_DAY_KEYS = ['day', 'tutor_id'];
const UPSERT_TUTOR_DAY = addingUpsert(
  'daily_tutor_stats',
  TUTOR_DAY_KEYS,
  Object.values(TUTOR_DAY_COLUMNS),
);
const UPSERT_REVIEW_DAY = addingUpsert(
  'daily_tutor_reviews',
  REVIEW_DAY_KEYS,
  Object.values(REVIEW_DAY_COLUMNS),
);

/** The UTC bounds of day `$1`. */
const DAY_START = `(($1::date)::timestamp AT TIME ZONE 'UTC')`;
const DAY_END = `((($1::date) + 1)::timestamp AT TIME ZONE 'UTC')`;

/**
 * Applies differences to the daily aggregates, in the order given (sorted by row, so concurrent
 * transactions lock rows in one order). A counter row that falls to all zeros is deleted, so the
 * aggregates are a function of the facts alone and a rebuild by replay ends at the same rows.
 */
@Injectable()
export class DailyAggregates {
  async apply(db: SqlQueryable, differences: Contribution[]): Promise<void> {
    for (const difference of differences) {
      switch (difference.table) {
        case 'daily_tutor_stats': {
          const keys = [difference.day, difference.tutorId, difference.currency];
          const values = (Object.keys(TUTOR_DAY_COLUMNS) as (keyof TutorDayMeasures)[]).map(
            (measure) => difference.measures[measure] ?? 0,
          );
          const [row] = (await db.query(UPSERT_TUTOR_DAY, [...keys, ...values])) as {
            empty: boolean;
          }[];
          if (row!.empty) {
            await db.query(
              `DELETE FROM analytics.daily_tutor_stats WHERE day = $1 AND tutor_id = $2 AND currency = $3`,
              keys,
            );
          }
          break;
        }
        case 'daily_tutor_reviews': {
          const keys = [difference.day, difference.tutorId];
          const values = (Object.keys(REVIEW_DAY_COLUMNS) as (keyof TutorReviewDayMeasures)[]).map(
            (measure) => difference.measures[measure] ?? 0,
          );
          const [row] = (await db.query(UPSERT_REVIEW_DAY, [...keys, ...values])) as {
            empty: boolean;
          }[];
          if (row!.empty) {
            await db.query(
              `DELETE FROM analytics.daily_tutor_reviews WHERE day = $1 AND tutor_id = $2`,
              keys,
            );
          }
          break;
        }
        case 'daily_activity':
          await this.applyActivity(db, difference);
          break;
      }
    }
  }

  /**
   * Being active is a set, not a count: a gain inserts the row if missing; a loss deletes it
   * only when no booking still puts the user there that day (requested or completed on it).
   */
  private async applyActivity(
    db: SqlQueryable,
    { day, userId, role, measures }: Extract<Contribution, { table: 'daily_activity' }>,
  ): Promise<void> {
    const presence = measures.presence ?? 0;
    if (presence > 0) {
      await db.query(
        `INSERT INTO analytics.daily_activity (day, user_id, role) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [day, userId, role],
      );
    } else if (presence < 0) {
      const party = role === 'student' ? 'student_id' : 'tutor_id';
      await db.query(
        `DELETE FROM analytics.daily_activity
          WHERE day = $1 AND user_id = $2 AND role = $3
            AND NOT EXISTS (
              SELECT 1 FROM analytics.bookings b
               WHERE b.${party} = $2
                 AND ((b.requested_at >= ${DAY_START} AND b.requested_at < ${DAY_END})
                   OR (b.completed_at >= ${DAY_START} AND b.completed_at < ${DAY_END})))`,
        [day, userId, role],
      );
    }
  }
}
