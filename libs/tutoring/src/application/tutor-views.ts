import type { Money } from '@etutors/platform';
import type { TutorRevisionEntity } from '../domain/tutor-revision.entity.js';
import type { TutorEntity, TutorProfileFields } from '../domain/tutor.entity.js';

export interface SubjectRef {
  id: string;
  slug: string;
  name: string;
}

/** Whitelisted fields of a profile as the tutor and admins see it. */
export interface TutorProfileView {
  id: string;
  displayName: string;
  status: TutorEntity['status'];
  headline: string;
  bio: string;
  subjectIds: string[];
  hourlyRate: Money;
  languages: string[];
  timezone: string;
  rating: { average: number | null; count: number };
  reviewNote: string | null;
  approvedAt: string | null;
  updatedAt: string;
  pendingRevision: RevisionView | null;
}

export interface RevisionView {
  status: TutorRevisionEntity['status'];
  headline: string;
  bio: string;
  subjectIds: string[];
  hourlyRate: Money;
  languages: string[];
  timezone: string;
  reviewNote: string | null;
  submittedAt: string;
}

/** What the public sees of an approved tutor. */
export interface PublicTutorView {
  id: string;
  displayName: string;
  headline: string;
  bio?: string;
  subjects: SubjectRef[];
  hourlyRate: Money;
  languages: string[];
  timezone?: string;
  rating: { average: number | null; count: number };
}

const fieldsView = (fields: TutorProfileFields) => ({
  headline: fields.headline,
  bio: fields.bio,
  subjectIds: fields.subjectIds,
  hourlyRate: { amount: fields.hourlyRateAmount, currency: fields.currency },
  languages: fields.languages,
  timezone: fields.timezone,
});

export const toRevisionView = (revision: TutorRevisionEntity): RevisionView => ({
  status: revision.status,
  ...fieldsView(revision),
  reviewNote: revision.reviewNote,
  submittedAt: revision.submittedAt.toISOString(),
});

export const toProfileView = (
  tutor: TutorEntity,
  revision: TutorRevisionEntity | null,
): TutorProfileView => ({
  id: tutor.userId,
  displayName: tutor.displayName,
  status: tutor.status,
  ...fieldsView(tutor),
  rating: {
    average: tutor.ratingAverage === null ? null : Number(tutor.ratingAverage),
    count: tutor.ratingCount,
  },
  reviewNote: tutor.reviewNote,
  approvedAt: tutor.approvedAt?.toISOString() ?? null,
  updatedAt: tutor.updatedAt.toISOString(),
  pendingRevision: revision ? toRevisionView(revision) : null,
});

/** A review as the public reads it. */
export interface ReviewView {
  id: string;
  rating: number;
  comment: string;
  createdAt: string;
  student: { displayName: string };
}
