import type { Transaction } from '@etutors/platform';

/** A tutor's search text from its public fields; `t` is `tutoring.tutors`. */
export const TUTOR_SEARCH_VECTOR = `
  setweight(to_tsvector('simple', t.display_name), 'A') ||
  setweight(to_tsvector('simple', t.headline), 'B') ||
  setweight(to_tsvector('simple', coalesce(
    (SELECT string_agg(s.name, ' ') FROM tutoring.subjects s WHERE s.id = ANY(t.subject_ids)), '')), 'B') ||
  setweight(to_tsvector('simple', t.bio), 'C')`;

/** Rebuilds a tutor's search text (name, headline, subject names, bio) from its public fields. */
export async function refreshSearchOf(tx: Transaction, tutorId: string): Promise<void> {
  await tx.manager.query(
    `UPDATE tutoring.tutors t SET search = ${TUTOR_SEARCH_VECTOR} WHERE t.user_id = $1`,
    [tutorId],
  );
}

export async function refreshSearchOfTutorsTeaching(
  tx: Transaction,
  subjectId: string,
): Promise<void> {
  await tx.manager.query(
    `UPDATE tutoring.tutors t SET search = ${TUTOR_SEARCH_VECTOR} WHERE $1 = ANY(t.subject_ids)`,
    [subjectId],
  );
}
