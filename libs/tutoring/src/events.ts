import { defineEvent } from '@etutors/platform';

export interface TutorReviewedPayload {
  tutorId: string;
  /** Whether the first profile or a later revision was reviewed. */
  revision: boolean;
  note: string | null;
}

export interface LessonCompletedPayload {
  lessonId: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
  completedAt: string;
  /** `tutor` when the tutor marked it, `system` when the schedule did. */
  completedBy: 'tutor' | 'system';
}

export interface LessonCancelledPayload {
  lessonId: string;
  bookingId: string;
  tutorId: string;
  studentId: string;
}

export interface ReviewSubmittedPayload {
  reviewId: string;
  lessonId: string;
  tutorId: string;
  studentId: string;
  rating: number;
  ratingAverage: number;
  ratingCount: number;
}

export const TutorApproved = defineEvent<TutorReviewedPayload>('tutoring.tutor.approved');
export const TutorRejected = defineEvent<TutorReviewedPayload>('tutoring.tutor.rejected');
export const LessonCompleted = defineEvent<LessonCompletedPayload>('tutoring.lesson.completed');
export const LessonCancelled = defineEvent<LessonCancelledPayload>('tutoring.lesson.cancelled');
export const ReviewSubmitted = defineEvent<ReviewSubmittedPayload>('tutoring.review.submitted');

export interface SubjectPayload {
  subjectId: string;
  slug: string;
  name: string;
  category: string;
}

export interface SubjectUpdatedPayload extends SubjectPayload {
  /** The fields the edit changed, with their values before it. */
  previous: Partial<Omit<SubjectPayload, 'subjectId'>>;
}

// Catalogue changes, published with the admin as the actor (and kept in tutoring's audit trail).
export const SubjectCreated = defineEvent<SubjectPayload>('tutoring.subject.created');
export const SubjectUpdated = defineEvent<SubjectUpdatedPayload>('tutoring.subject.updated');
export const SubjectDeleted = defineEvent<SubjectPayload>('tutoring.subject.deleted');
