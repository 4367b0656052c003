import { Injectable } from '@nestjs/common';
import { SqlReader, pageOffset } from '@etutors/platform';
import type { TutorStatus } from '../domain/tutor.entity.js';

/** The admin review list's page of tutor ids, read with plain SQL outside any transaction. */
@Injectable()
export class ReviewQueueReader {
  constructor(private readonly reader: SqlReader) {}

  /**
   * Ids of one page of tutors by status, oldest change first, and the total. `pending` also
   * lists approved tutors with a revision waiting.
   */
  async page(
    status: TutorStatus | undefined,
    page: { page: number; limit: number },
  ): Promise<{ ids: string[]; total: number }> {
    const filter =
      status === 'pending'
        ? `(t.status = 'pending' OR EXISTS (SELECT 1 FROM tutoring.tutor_revisions r WHERE r.tutor_id = t.user_id AND r.status = 'pending'))`
        : status
          ? `t.status = $3`
          : 'true';
    const params: unknown[] = [page.limit, pageOffset(page)];
    if (status && status !== 'pending') params.push(status);
    const rows = await this.reader.query<{ user_id: string; total: string }>(
      `SELECT t.user_id, count(*) OVER () AS total FROM tutoring.tutors t WHERE ${filter}
        ORDER BY t.updated_at, t.user_id LIMIT $1 OFFSET $2`,
      params,
    );
    return { ids: rows.map((row) => row.user_id), total: Number(rows[0]?.total ?? 0) };
  }
}
