import { v5 as uuidv5 } from 'uuid';
import type { DataSource } from 'typeorm';
import { TUTOR_SEARCH_VECTOR } from '../application/tutor-search-vector.js';

const NAMESPACE = '3a0c3f7e-5b7e-4c55-9c5f-1d6f0f2b6a10';
const seedId = (name: string) => uuidv5(name, NAMESPACE);

/** The demo catalogue: five categories, five subjects each. */
export const DEMO_SUBJECTS: Record<string, string[]> = {
  Mathematics: ['Algebra', 'Geometry', 'Calculus', 'Statistics', 'Linear Algebra'],
  Science: ['Physics', 'Chemistry', 'Biology', 'Astronomy', 'Computer Science'],
  Languages: ['English', 'Spanish', 'French', 'German', 'Japanese'],
  Music: ['Piano', 'Guitar', 'Violin', 'Singing', 'Music Theory'],
  'Test Prep': ['SAT', 'GRE', 'IELTS', 'TOEFL', 'GMAT'],
};

export const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/(^-|-$)/g, '');

export interface SeedUser {
  id: string;
  displayName: string;
}

const PROFILES = [
  {
    headline: 'Maths that finally clicks',
    subjects: ['Algebra', 'Calculus', 'SAT'],
    rate: 4500,
    languages: ['en', 'de'],
    timezone: 'Europe/Berlin',
  },
  {
    headline: 'Physics and chemistry with experiments',
    subjects: ['Physics', 'Chemistry', 'Astronomy'],
    rate: 5500,
    languages: ['en', 'fr'],
    timezone: 'Europe/Paris',
  },
  {
    headline: 'Spanish conversation from day one',
    subjects: ['Spanish', 'English', 'IELTS'],
    rate: 3000,
    languages: ['es', 'en'],
    timezone: 'America/New_York',
  },
  {
    headline: 'Piano and theory for all ages',
    subjects: ['Piano', 'Music Theory'],
    rate: 4000,
    languages: ['en'],
    timezone: 'America/Los_Angeles',
  },
];
const REVIEWS = [
  [5, 'Patient and clear.'],
  [4, 'Good pace, useful homework.'],
  [5, 'Exactly what I needed before the exam.'],
] as const;

/**
 * Seeds subjects and approved profiles (with reviews) for the demo tutors. Idempotent: every
 * row has a deterministic id and is inserted with ON CONFLICT DO NOTHING.
 */
export async function seedTutoring(
  dataSource: DataSource,
  tutors: SeedUser[],
  students: SeedUser[],
): Promise<string[]> {
  return dataSource.transaction(async (manager) => {
    for (const [category, names] of Object.entries(DEMO_SUBJECTS)) {
      for (const name of names) {
        await manager.query(
          `INSERT INTO tutoring.subjects (id, slug, name, category) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [seedId(`subject:${slugOf(name)}`), slugOf(name), name, category],
        );
      }
    }
    for (const person of [...tutors, ...students]) {
      await manager.query(
        `INSERT INTO tutoring.people (user_id, display_name) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [person.id, person.displayName],
      );
    }
    let created = 0;
    for (const [index, tutor] of tutors.entries()) {
      const profile = PROFILES[index % PROFILES.length]!;
      const subjectIds = (
        (await manager.query('SELECT id FROM tutoring.subjects WHERE slug = ANY($1)', [
          profile.subjects.map(slugOf),
        ])) as { id: string }[]
      ).map((row) => row.id);
      const inserted = (await manager.query(
        `INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency, languages,
                                      timezone, subject_ids, approved_at)
         VALUES ($1, $2, 'approved', $3, $4, $5, 'USD', $6, $7, $8, now())
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [
          tutor.id,
          tutor.displayName,
          profile.headline,
          `Hi, I am ${tutor.displayName}. ${profile.headline}.`,
          profile.rate,
          profile.languages,
          profile.timezone,
          subjectIds,
        ],
      )) as unknown[];
      if (inserted.length === 0) continue;
      created += 1;
      await manager.query(
        `INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [tutor.id, subjectIds],
      );
      for (const [n, [rating, comment]] of REVIEWS.entries()) {
        const student = students[n % students.length];
        if (!student) break;
        const lessonId = seedId(`lesson:${tutor.id}:${n}`);
        await manager.query(
          `INSERT INTO tutoring.lessons (id, booking_id, tutor_id, student_id, subject_id, starts_at, ends_at, status, completed_at)
           VALUES ($1, $2, $3, $4, $5, now() - make_interval(days => $6 + 7), now() - make_interval(days => $6 + 7) + interval '1 hour',
                   'completed', now() - make_interval(days => $6 + 7) + interval '1 hour')
           ON CONFLICT DO NOTHING`,
          [lessonId, seedId(`booking:${tutor.id}:${n}`), tutor.id, student.id, subjectIds[0], n],
        );
        await manager.query(
          `INSERT INTO tutoring.reviews (id, lesson_id, tutor_id, student_id, rating, comment, student_display_name, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now() - make_interval(days => $8 + 7)) ON CONFLICT DO NOTHING`,
          [
            seedId(`review:${lessonId}`),
            lessonId,
            tutor.id,
            student.id,
            rating,
            comment,
            student.displayName,
            n,
          ],
        );
      }
      await manager.query(
        `UPDATE tutoring.tutors t SET rating_count = r.count, rating_sum = r.sum, rating_average = round(r.sum::numeric / r.count, 2)
           FROM (SELECT count(*)::int AS count, sum(rating)::int AS sum FROM tutoring.reviews WHERE tutor_id = $1) r
          WHERE t.user_id = $1 AND r.count > 0`,
        [tutor.id],
      );
      await manager.query(
        `UPDATE tutoring.tutors t SET search = ${TUTOR_SEARCH_VECTOR} WHERE t.user_id = $1`,
        [tutor.id],
      );
    }
    const subjectCount = Object.values(DEMO_SUBJECTS).flat().length;
    return [
      `Tutoring: ${subjectCount} subjects in ${Object.keys(DEMO_SUBJECTS).length} categories; ${created} tutor profiles created`,
    ];
  });
}
