// The demo data of `npm run seed` and `npm run dev`: every context's seeder, in order.
import { seedIdentity } from '@etutors/identity';
import { seedScheduling } from '@etutors/scheduling';
import { seedTutoring, seedTutoringLessons } from '@etutors/tutoring';
import type { DataSource } from 'typeorm';

/**
 * Runs every context's seeder in dependency order, handing each the ids it needs the way events
 * would (bookings → lessons); returns the lines worth printing: what was made, the demo
 * accounts, and what to try first.
 */
export async function seedDemoData(dataSource: DataSource, apiUrl?: string): Promise<string[]> {
  const users = await seedIdentity(dataSource);
  const catalogue = await seedTutoring(dataSource, users.tutors, users.students);
  const schedule = await seedScheduling(dataSource, catalogue.tutors, users.students);
  const lessons = await seedTutoringLessons(
    dataSource,
    schedule.bookings,
    users.tutors,
    users.students,
  );
  return [
    ...catalogue.lines,
    ...schedule.lines,
    ...lessons,
    ...users.lines,
    ...tryFirst(apiUrl ?? `http://localhost:${process.env.PORT ?? 3000}`, catalogue.tutors[0]?.id),
  ];
}

function tryFirst(base: string, tutorId: string | undefined): string[] {
  const hour = 3600_000;
  const from = new Date(Math.ceil(Date.now() / hour) * hour).toISOString();
  const to = new Date(Date.parse(from) + 7 * 24 * hour).toISOString();
  return [
    'What to try first (Swagger UI at ' + `${base}/docs, "Authorize" with a login's accessToken):`,
    `  1. GET  /api/v1/tutors?sort=-rating                          the marketplace, best rated first`,
    ...(tutorId
      ? [
          `  2. GET  /api/v1/tutors/${tutorId}/slots?from=${from}&to=${to}&duration=60   free slots in Berlin hours`,
        ]
      : []),
    `  3. POST /api/v1/auth/login as sam.student@etutors.demo, then GET /api/v1/bookings and /api/v1/lessons`,
    `  4. POST /api/v1/bookings on a free slot (as Sam), then cancel it: the refund follows the policy`,
    `  5. As admin: GET /api/v1/admin/tutors?status=pending (a new profile and a pending edit), approve one`,
    `  6. POST /api/v1/auth/password/forgot, then read the token in the log or at GET ${base}/api/v1/dev/mailbox`,
  ];
}
