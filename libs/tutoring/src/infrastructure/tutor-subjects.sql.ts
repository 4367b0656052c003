import type { Transaction } from '@etutors/platform';

/** The ids among `ids` that name no subject. */
export async function unknownSubjectIds(tx: Transaction, ids: string[]): Promise<string[]> {
  const rows = (await tx.manager.query(
    'SELECT id FROM tutoring.subjects WHERE id = ANY($1::uuid[])',
    [ids],
  )) as { id: string }[];
  const found = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !found.has(id));
}

/** Makes `tutor_subjects` list exactly the subjects of the tutor's public profile. */
export async function replaceTutorSubjects(
  tx: Transaction,
  tutorId: string,
  subjectIds: string[],
): Promise<void> {
  await tx.manager.query('DELETE FROM tutoring.tutor_subjects WHERE tutor_id = $1', [tutorId]);
  await tx.manager.query(
    'INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id) SELECT $1, unnest($2::uuid[])',
    [tutorId, subjectIds],
  );
}

/** Whether a tutor, a waiting revision or a lesson refers to the subject. */
export async function subjectInUse(tx: Transaction, subjectId: string): Promise<boolean> {
  const [{ inUse }] = (await tx.manager.query(
    `SELECT EXISTS (SELECT 1 FROM tutoring.tutors WHERE $1 = ANY(subject_ids))
         OR EXISTS (SELECT 1 FROM tutoring.tutor_revisions WHERE $1 = ANY(subject_ids))
         OR EXISTS (SELECT 1 FROM tutoring.lessons WHERE subject_id = $1) AS "inUse"`,
    [subjectId],
  )) as [{ inUse: boolean }];
  return inUse;
}
