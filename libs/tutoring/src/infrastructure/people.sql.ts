import type { Transaction } from '@etutors/platform';
import { TUTOR_SEARCH_VECTOR } from './tutor-search-vector.js';

/** Records a user's name as identity announced it, and renames their tutor profile (and its search text) with it. */
export async function recordPersonName(
  tx: Transaction,
  userId: string,
  displayName: string,
): Promise<void> {
  await tx.manager.query(
    `INSERT INTO tutoring.people (user_id, display_name, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = now()`,
    [userId, displayName],
  );
  await tx.manager.query(
    `UPDATE tutoring.tutors t SET display_name = $2, search = ${TUTOR_SEARCH_VECTOR}, updated_at = now()
      WHERE t.user_id = $1 AND t.display_name IS DISTINCT FROM $2`,
    [userId, displayName],
  );
}
