import { LessonInvalidTransitionError, LessonNotStartedError } from '../tutoring.errors.js';
import type { LessonStatus } from './lesson.entity.js';
import type { TutorStatus } from './tutor.entity.js';

/**
 * Where a tutor's edit goes: a first profile is created pending; a profile never approved is
 * edited in place (and goes back to pending); an approved one keeps its public version and the
 * edit waits as a revision, so the tutor never vanishes from search while it is reviewed.
 */
export function placeProfileEdit(
  current: TutorStatus | null,
): 'create' | 'replace_pending' | 'revision' {
  if (current === null) return 'create';
  return current === 'approved' ? 'revision' : 'replace_pending';
}

const LESSON_TRANSITIONS: Record<LessonStatus, LessonStatus[]> = {
  scheduled: ['completed', 'cancelled', 'no_show'],
  completed: [],
  cancelled: [],
  no_show: [],
};

export function assertLessonTransition(from: LessonStatus, to: LessonStatus): void {
  if (!LESSON_TRANSITIONS[from].includes(to)) throw new LessonInvalidTransitionError(from, to);
}

/** The tutor may complete a scheduled lesson once it has started. */
export function assertCompletable(
  lesson: { status: LessonStatus; startsAt: Date },
  now: Date,
): void {
  assertLessonTransition(lesson.status, 'completed');
  if (now.getTime() < lesson.startsAt.getTime()) throw new LessonNotStartedError();
}

/** Lessons still scheduled this long after their end are completed by the schedule. */
export const AUTO_COMPLETE_AFTER_MS = 24 * 60 * 60 * 1000;

/** A tutor's rating after one more review: integer sum and count, average to two decimals. */
export function ratingAfter(current: { sum: number; count: number }, rating: number) {
  const sum = current.sum + rating;
  const count = current.count + 1;
  // Hundredths first: (sum * 100) / count is exact at a half, so it rounds as PostgreSQL does.
  return { sum, count, average: Math.round((sum * 100) / count) / 100 };
}
