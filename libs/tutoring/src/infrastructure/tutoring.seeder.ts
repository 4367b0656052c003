import { v5 as uuidv5 } from 'uuid';
import type { DataSource, EntityManager } from 'typeorm';
import { TUTOR_SEARCH_VECTOR } from './tutor-search-vector.js';

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
  timezone?: string;
}

interface DemoProfile {
  headline: string;
  subjects: string[];
  rate: number;
  languages: string[];
  /** Ratings of the first completed lessons: distinct averages, so sorting by rating shows. */
  ratings: number[];
}

/** Profiles in the order of the demo tutors; the last tutor's profile stays pending. */
const PROFILES: DemoProfile[] = [
  {
    headline: 'Maths that finally clicks',
    subjects: ['Algebra', 'Calculus', 'SAT'],
    rate: 4500,
    languages: ['en', 'de'],
    ratings: [5, 5, 5],
  },
  {
    headline: 'Physics and chemistry with experiments',
    subjects: ['Physics', 'Chemistry', 'Astronomy'],
    rate: 5500,
    languages: ['en', 'fr', 'ja'],
    ratings: [4, 5, 4],
  },
  {
    headline: 'Spanish conversation from day one',
    subjects: ['Spanish', 'English', 'IELTS'],
    rate: 3000,
    languages: ['es', 'en'],
    ratings: [3, 4, 4],
  },
  {
    headline: 'Piano and theory for all ages',
    subjects: ['Piano', 'Music Theory'],
    rate: 4000,
    languages: ['en'],
    ratings: [5, 4, 5],
  },
  {
    headline: 'Programming from first principles',
    subjects: ['Computer Science', 'Statistics'],
    rate: 6000,
    languages: ['en'],
    ratings: [],
  },
];

/** The edit the second tutor submitted after approval: it waits for an admin. */
const PENDING_REVISION = {
  headline: 'Physics, chemistry and astronomy, with home experiments',
  rate: 6000,
};

const COMMENTS: Record<number, string> = {
  5: 'Patient and clear. Exactly what I needed before the exam.',
  4: 'Good pace, useful homework.',
  3: 'Helpful, though we ran out of time.',
};

/** What scheduling needs to know about a bookable demo tutor. */
export interface SeededTutor {
  id: string;
  timezone: string;
  subjectIds: string[];
  hourlyRate: { amount: number; currency: string };
}

export interface SeededCatalogue {
  lines: string[];
  /** The approved tutors, bookable. */
  tutors: SeededTutor[];
}

/** A booking as scheduling stored it; the lessons follow it as the booking events would. */
export interface SeedBooking {
  id: string;
  tutorId: string;
  studentId: string;
  subjectId: string;
  startsAt: Date;
  endsAt: Date;
  status:
    | 'pending_payment'
    | 'awaiting_tutor'
    | 'confirmed'
    | 'completed'
    | 'no_show'
    | 'expired'
    | 'cancelled';
  /** Whether it had been confirmed (a lesson existed) before it was cancelled or expired. */
  wasConfirmed: boolean;
  updatedAt: Date;
}

/**
 * Seeds subjects, people and tutor profiles: every tutor but the last approved (the last one
 * pending, and the second with a pending revision, so the admin has both kinds to review).
 * Idempotent: deterministic ids, ON CONFLICT DO NOTHING.
 */
export async function seedTutoring(
  dataSource: DataSource,
  tutors: SeedUser[],
  students: SeedUser[],
): Promise<SeededCatalogue> {
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
    const bookable: SeededTutor[] = [];
    for (const [index, tutor] of tutors.entries()) {
      const profile = PROFILES[index % PROFILES.length]!;
      const pending = index === tutors.length - 1;
      const subjectIds = profile.subjects.map((name) => seedId(`subject:${slugOf(name)}`));
      const timezone = tutor.timezone ?? 'UTC';
      const inserted = (await manager.query(
        `INSERT INTO tutoring.tutors (user_id, display_name, status, headline, bio, hourly_rate_amount, currency, languages,
                                      timezone, subject_ids, approved_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'USD', $7, $8, $9, CASE WHEN $3 = 'approved' THEN now() END)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [
          tutor.id,
          tutor.displayName,
          pending ? 'pending' : 'approved',
          profile.headline,
          `Hi, I am ${tutor.displayName}. ${profile.headline}.`,
          profile.rate,
          profile.languages,
          timezone,
          subjectIds,
        ],
      )) as unknown[];
      created += inserted.length;
      await manager.query(
        `INSERT INTO tutoring.tutor_subjects (tutor_id, subject_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
        [tutor.id, subjectIds],
      );
      await manager.query(
        `UPDATE tutoring.tutors t SET search = ${TUTOR_SEARCH_VECTOR} WHERE t.user_id = $1`,
        [tutor.id],
      );
      if (index === 1) {
        await manager.query(
          `INSERT INTO tutoring.tutor_revisions (tutor_id, status, headline, bio, hourly_rate_amount, currency, languages, timezone, subject_ids)
           SELECT user_id, 'pending', $2, bio, $3, currency, languages, timezone, subject_ids
             FROM tutoring.tutors WHERE user_id = $1
           ON CONFLICT DO NOTHING`,
          [tutor.id, PENDING_REVISION.headline, PENDING_REVISION.rate],
        );
      }
      const [row] = (await manager.query(
        `SELECT status, timezone, subject_ids, hourly_rate_amount, currency FROM tutoring.tutors WHERE user_id = $1`,
        [tutor.id],
      )) as {
        status: string;
        timezone: string;
        subject_ids: string[];
        hourly_rate_amount: number;
        currency: string;
      }[];
      if (row?.status === 'approved') {
        bookable.push({
          id: tutor.id,
          timezone: row.timezone,
          subjectIds: row.subject_ids,
          hourlyRate: { amount: row.hourly_rate_amount, currency: row.currency },
        });
      }
    }
    const subjectCount = Object.values(DEMO_SUBJECTS).flat().length;
    return {
      lines: [
        `Tutoring: ${subjectCount} subjects in ${Object.keys(DEMO_SUBJECTS).length} categories; ${created} tutor profiles created (${bookable.length} approved, 1 pending, 1 revision pending)`,
      ],
      tutors: bookable,
    };
  });
}

type LessonStatus = 'scheduled' | 'completed' | 'cancelled' | 'no_show';

/** A completed demo lesson, as stored. */
export interface SeededCompletedLesson {
  id: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  completedAt: Date;
}

/** A demo review, as stored, with the tutor's rating once it counted. */
export interface SeededReview {
  id: string;
  lessonId: string;
  tutorId: string;
  studentId: string;
  rating: number;
  createdAt: Date;
  ratingAverage: number;
  ratingCount: number;
}

export interface SeededLessons {
  lines: string[];
  completed: SeededCompletedLesson[];
  reviews: SeededReview[];
}

/**
 * The lesson a booking has, as the booking events would have made it: confirmed → scheduled
 * (no_show once its start has passed), completed → completed, cancelled after confirmation →
 * cancelled; an unpaid booking has none.
 */
function lessonStatusOf(booking: SeedBooking, now: Date): LessonStatus | null {
  if (booking.status === 'completed') return 'completed';
  if (booking.status === 'no_show') return 'no_show';
  if (booking.status === 'confirmed') return booking.startsAt < now ? 'no_show' : 'scheduled';
  if (booking.status === 'cancelled' && booking.wasConfirmed) return 'cancelled';
  return null;
}

/**
 * Seeds the lessons of the demo bookings and reviews on the first completed ones (the newest
 * completed lesson of each tutor is left unreviewed, for the student to review). Idempotent.
 */
export async function seedTutoringLessons(
  dataSource: DataSource,
  bookings: SeedBooking[],
  tutors: SeedUser[],
  students: SeedUser[],
): Promise<SeededLessons> {
  const now = new Date();
  const ratingsOf = (tutorId: string) =>
    PROFILES[tutors.findIndex((tutor) => tutor.id === tutorId) % PROFILES.length]?.ratings ?? [];
  const names = new Map(students.map((student) => [student.id, student.displayName]));
  return dataSource.transaction(async (manager) => {
    const counts = new Map<LessonStatus, number>();
    let reviews = 0;
    const byTutor = new Map<string, SeedBooking[]>();
    for (const booking of bookings) {
      const status = lessonStatusOf(booking, now);
      if (!status) continue;
      counts.set(status, (counts.get(status) ?? 0) + 1);
      await insertLesson(manager, booking, status);
      if (status === 'completed')
        byTutor.set(booking.tutorId, [...(byTutor.get(booking.tutorId) ?? []), booking]);
    }
    for (const [tutorId, completed] of byTutor) {
      const ratings = ratingsOf(tutorId);
      if (ratings.length === 0) continue;
      const ordered = completed.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
      for (const [n, booking] of ordered.slice(0, -1).entries()) {
        const rating = ratings[n % ratings.length]!;
        const lessonId = seedId(`lesson:${booking.id}`);
        const inserted = (await manager.query(
          `INSERT INTO tutoring.reviews (id, lesson_id, tutor_id, student_id, rating, comment, student_display_name, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
          [
            seedId(`review:${lessonId}`),
            lessonId,
            tutorId,
            booking.studentId,
            rating,
            COMMENTS[rating] ?? '',
            names.get(booking.studentId) ?? '',
            new Date(booking.endsAt.getTime() + 3 * 3600_000),
          ],
        )) as unknown[];
        reviews += inserted.length;
      }
      await manager.query(
        `UPDATE tutoring.tutors t SET rating_count = r.count, rating_sum = r.sum, rating_average = round(r.sum::numeric / r.count, 2)
           FROM (SELECT count(*)::int AS count, sum(rating)::int AS sum FROM tutoring.reviews WHERE tutor_id = $1) r
          WHERE t.user_id = $1 AND r.count > 0`,
        [tutorId],
      );
    }
    const summary = [...counts].map(([status, count]) => `${count} ${status}`).join(', ');
    const bookingIds = bookings.map((booking) => booking.id);
    const completed = (await manager.query(
      `SELECT id, booking_id, tutor_id, student_id, completed_at FROM tutoring.lessons
        WHERE booking_id = ANY($1::uuid[]) AND status = 'completed' ORDER BY completed_at, id`,
      [bookingIds],
    )) as {
      id: string;
      booking_id: string;
      tutor_id: string;
      student_id: string;
      completed_at: Date;
    }[];
    // Each review with the tutor's count and average as they stood right after it.
    const reviewed = (await manager.query(
      `SELECT r.id, r.lesson_id, r.tutor_id, r.student_id, r.rating, r.created_at,
              count(*) OVER w::int AS rating_count, round(avg(r.rating) OVER w, 2)::float AS rating_average
         FROM tutoring.reviews r JOIN tutoring.lessons l ON l.id = r.lesson_id
        WHERE l.booking_id = ANY($1::uuid[])
       WINDOW w AS (PARTITION BY r.tutor_id ORDER BY r.created_at, r.id)
        ORDER BY r.created_at, r.id`,
      [bookingIds],
    )) as {
      id: string;
      lesson_id: string;
      tutor_id: string;
      student_id: string;
      rating: number;
      created_at: Date;
      rating_count: number;
      rating_average: number;
    }[];
    return {
      lines: [`Lessons: ${summary}; ${reviews} reviews created`],
      completed: completed.map((row) => ({
        id: row.id,
        bookingId: row.booking_id,
        tutorId: row.tutor_id,
        studentId: row.student_id,
        completedAt: row.completed_at,
      })),
      reviews: reviewed.map((row) => ({
        id: row.id,
        lessonId: row.lesson_id,
        tutorId: row.tutor_id,
        studentId: row.student_id,
        rating: row.rating,
        createdAt: row.created_at,
        ratingAverage: row.rating_average,
        ratingCount: row.rating_count,
      })),
    };
  });
}

async function insertLesson(
  manager: EntityManager,
  booking: SeedBooking,
  status: LessonStatus,
): Promise<void> {
  await manager.query(
    `INSERT INTO tutoring.lessons (id, booking_id, tutor_id, student_id, subject_id, starts_at, ends_at, status, notes,
                                   completed_at, cancelled_at, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)
     ON CONFLICT DO NOTHING`,
    [
      seedId(`lesson:${booking.id}`),
      booking.id,
      booking.tutorId,
      booking.studentId,
      booking.subjectId,
      booking.startsAt,
      booking.endsAt,
      status,
      status === 'completed' ? 'Covered the basics; homework: exercises 1-5.' : '',
      status === 'completed' ? booking.endsAt : null,
      status === 'cancelled' ? booking.updatedAt : null,
      booking.updatedAt,
    ],
  );
}
