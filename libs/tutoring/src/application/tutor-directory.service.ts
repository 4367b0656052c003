import { Injectable } from '@nestjs/common';
import { ResourceNotFoundError, SqlReader, pageOffset, toPage, type Page } from '@etutors/platform';
import { buildTutorSearch, type TutorSearchFilters } from '../domain/tutor-search.query.js';
import type { PublicTutorView, SubjectRef } from './tutor-views.js';

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

const toPublicView = (row: TutorRow): PublicTutorView => ({
  id: row.user_id,
  displayName: row.display_name,
  headline: row.headline,
  ...(row.bio !== undefined ? { bio: row.bio } : {}),
  subjects: row.subjects,
  hourlyRate: { amount: row.hourly_rate_amount, currency: row.currency.trim() },
  languages: row.languages,
  ...(row.timezone !== undefined ? { timezone: row.timezone } : {}),
  rating: {
    average: row.rating_average === null ? null : Number(row.rating_average),
    count: row.rating_count,
  },
});

export interface ReviewView {
  id: string;
  rating: number;
  comment: string;
  createdAt: string;
  student: { displayName: string };
}

/** What students browse: approved tutors only, read with plain SQL (a hot path). */
@Injectable()
export class TutorDirectoryService {
  constructor(private readonly reader: SqlReader) {}

  async search(filters: TutorSearchFilters): Promise<Page<PublicTutorView>> {
    const { sql, params } = buildTutorSearch(filters);
    const rows = (await this.reader.query(sql, params)) as (
      TutorRow | (Partial<TutorRow> & { user_id: null })
    )[];
    const tutors = rows.filter((row): row is TutorRow => row.user_id !== null);
    return toPage(tutors.map(toPublicView), Number(rows[0]?.total ?? 0), filters);
  }

  async approved(id: string): Promise<PublicTutorView> {
    const rows = (await this.reader.query(
      `SELECT t.user_id, t.display_name, t.headline, t.bio, t.timezone, t.hourly_rate_amount, t.currency,
              t.languages, t.rating_average, t.rating_count,
              (SELECT coalesce(json_agg(json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) ORDER BY s.name), '[]')
                 FROM tutoring.subjects s WHERE s.id = ANY(t.subject_ids)) AS subjects
         FROM tutoring.tutors t WHERE t.user_id = $1 AND t.status = 'approved'`,
      [id],
    )) as TutorRow[];
    if (!rows[0]) throw new ResourceNotFoundError('tutor');
    return toPublicView(rows[0]);
  }

  /** Reviews of an approved tutor, newest first. */
  async reviews(
    tutorId: string,
    query: { page: number; limit: number },
  ): Promise<Page<ReviewView>> {
    const [tutor] = (await this.reader.query(
      `SELECT rating_count FROM tutoring.tutors WHERE user_id = $1 AND status = 'approved'`,
      [tutorId],
    )) as { rating_count: number }[];
    if (!tutor) throw new ResourceNotFoundError('tutor');
    const rows = (await this.reader.query(
      `SELECT id, rating, comment, created_at, student_display_name FROM tutoring.reviews
        WHERE tutor_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3`,
      [tutorId, query.limit, pageOffset(query)],
    )) as {
      id: string;
      rating: number;
      comment: string;
      created_at: Date;
      student_display_name: string;
    }[];
    return toPage(
      rows.map((row) => ({
        id: row.id,
        rating: row.rating,
        comment: row.comment,
        createdAt: row.created_at.toISOString(),
        student: { displayName: row.student_display_name },
      })),
      tutor.rating_count,
      query,
    );
  }
}
