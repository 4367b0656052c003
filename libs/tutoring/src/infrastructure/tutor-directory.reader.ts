import { Injectable } from '@nestjs/common';
import { SqlReader, pageOffset } from '@etutors/platform';
import type { PublicTutorView, ReviewView, SubjectRef } from '../application/tutor-views.js';
import type { TutorSearchFilters } from '../domain/tutor-search.js';
import { buildTutorSearch } from './tutor-search.query.js';

interface TutorRow {
  user_id: string;
  display_name: string;
  headline: string;
  bio?: string;
  timezone?: string;
  hourly_rate_amount: number;
  currency: string;
  languages: string[];
  rating_average: string | null;
  rating_count: number;
  subjects: SubjectRef[];
  total?: string;
}

interface ReviewRow {
  id: string;
  rating: number;
  comment: string;
  created_at: Date;
  student_display_name: string;
}

const toPublicView = (row: TutorRow): PublicTutorView => ({
  id: row.user_id,
  displayName: row.display_name,
  headline: row.headline,
  ...(row.bio !== undefined ? { bio: row.bio } : {}),
  subjects: row.subjects,
  hourlyRate: { amount: row.hourly_rate_amount, currency: row.currency },
  languages: row.languages,
  ...(row.timezone !== undefined ? { timezone: row.timezone } : {}),
  rating: {
    average: row.rating_average === null ? null : Number(row.rating_average),
    count: row.rating_count,
  },
});

const toReviewView = (row: ReviewRow): ReviewView => ({
  id: row.id,
  rating: row.rating,
  comment: row.comment,
  createdAt: row.created_at.toISOString(),
  student: { displayName: row.student_display_name },
});

/** The public directory's reads: approved tutors only, plain SQL outside any transaction (a hot path). */
@Injectable()
export class TutorDirectoryReader {
  constructor(private readonly reader: SqlReader) {}

  /** One page of the search and the total matching, in one round trip. */
  async search(filters: TutorSearchFilters): Promise<{ tutors: PublicTutorView[]; total: number }> {
    const { sql, params } = buildTutorSearch(filters);
    // The total comes on a row with a null tutor when the page is empty.
    const rows = await this.reader.query<TutorRow | (Partial<TutorRow> & { user_id: null })>(
      sql,
      params,
    );
    const tutors = rows.filter((row): row is TutorRow => row.user_id !== null);
    return { tutors: tutors.map(toPublicView), total: Number(rows[0]?.total ?? 0) };
  }

  async approved(id: string): Promise<PublicTutorView | null> {
    const [row] = await this.reader.query<TutorRow>(
      `SELECT t.user_id, t.display_name, t.headline, t.bio, t.timezone, t.hourly_rate_amount, t.currency,
              t.languages, t.rating_average, t.rating_count,
              (SELECT coalesce(json_agg(json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) ORDER BY s.name), '[]')
                 FROM tutoring.subjects s WHERE s.id = ANY(t.subject_ids)) AS subjects
         FROM tutoring.tutors t WHERE t.user_id = $1 AND t.status = 'approved'`,
      [id],
    );
    return row ? toPublicView(row) : null;
  }

  /** How many reviews an approved tutor has; `null` when no approved tutor has this id. */
  async reviewCountOfApproved(tutorId: string): Promise<number | null> {
    const [tutor] = await this.reader.query<{ rating_count: number }>(
      `SELECT rating_count FROM tutoring.tutors WHERE user_id = $1 AND status = 'approved'`,
      [tutorId],
    );
    return tutor ? tutor.rating_count : null;
  }

  /** A page of a tutor's reviews, newest first. */
  async reviews(tutorId: string, page: { page: number; limit: number }): Promise<ReviewView[]> {
    const rows = await this.reader.query<ReviewRow>(
      `SELECT id, rating, comment, created_at, student_display_name FROM tutoring.reviews
        WHERE tutor_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [tutorId, page.limit, pageOffset(page)],
    );
    return rows.map(toReviewView);
  }
}
