import type { TutorSearchFilters, TutorSort } from '../domain/tutor-search.js';

/** Each order matches a partial index; unrated tutors come last either way; ids break ties. */
const ORDER_BY: Record<TutorSort, string> = {
  '-rating': 't.rating_average DESC NULLS LAST, t.user_id',
  rating: 't.rating_average ASC NULLS LAST, t.user_id',
  price: 't.hourly_rate_amount, t.user_id',
  '-price': 't.hourly_rate_amount DESC, t.user_id DESC',
};

/**
 * One round trip: the page of approved tutors matching every filter, the total (one row with a
 * null tutor when the page is empty), and each tutor's subjects. With `q` and no explicit sort, results are ranked by text relevance.
 */
export function buildTutorSearch(filters: TutorSearchFilters): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = [`t.status = 'approved'`];
  let rank = '0::real';
  if (filters.q) {
    const query = `websearch_to_tsquery('simple', ${param(filters.q)})`;
    where.push(`t.search @@ ${query}`);
    rank = `ts_rank(t.search, ${query})`;
  }
  if (filters.subject) {
    where.push(
      `EXISTS (SELECT 1 FROM tutoring.tutor_subjects ts JOIN tutoring.subjects s ON s.id = ts.subject_id
               WHERE ts.tutor_id = t.user_id AND s.slug = ${param(filters.subject)})`,
    );
  }
  if (filters.minRate !== undefined)
    where.push(`t.hourly_rate_amount >= ${param(filters.minRate)}`);
  if (filters.maxRate !== undefined)
    where.push(`t.hourly_rate_amount <= ${param(filters.maxRate)}`);
  if (filters.language) where.push(`t.languages @> ARRAY[${param(filters.language)}]::text[]`);
  if (filters.minRating !== undefined)
    where.push(`t.rating_average >= ${param(filters.minRating)}`);
  const order = filters.sort
    ? ORDER_BY[filters.sort]
    : filters.q
      ? 'rank DESC, t.user_id'
      : ORDER_BY['-rating'];
  const limit = param(filters.limit);
  const offset = param((filters.page - 1) * filters.limit);
  const filter = where.join('\n         AND ');
  // The page stops at LIMIT through the sort's index; the total is counted apart, in the same round trip.
  const sql = `
    WITH page AS (
      SELECT t.user_id, t.display_name, t.headline, t.hourly_rate_amount, t.currency, t.languages,
             t.rating_average, t.rating_count, t.subject_ids, ${rank} AS rank
        FROM tutoring.tutors t
       WHERE ${filter}
       ORDER BY ${order}
       LIMIT ${limit} OFFSET ${offset}
    ), total AS (
      SELECT count(*) AS total FROM tutoring.tutors t WHERE ${filter}
    )
    SELECT page.*, total.total,
           (SELECT coalesce(json_agg(json_build_object('id', s.id, 'slug', s.slug, 'name', s.name) ORDER BY s.name), '[]')
              FROM tutoring.subjects s WHERE s.id = ANY(page.subject_ids)) AS subjects
      FROM total LEFT JOIN page ON true
     ORDER BY ${order.replaceAll('t.', 'page.').replace('rank DESC', 'page.rank DESC')}`;
  return { sql, params };
}
