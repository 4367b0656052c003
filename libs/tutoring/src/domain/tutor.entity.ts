import { Column, Entity, PrimaryColumn } from 'typeorm';
import { NothingToReviewError } from '../tutoring.errors.js';
import { profileFields, type TutorRevisionEntity } from './tutor-revision.entity.js';
import { ratingAfter } from './tutoring.policy.js';

export type TutorStatus = 'pending' | 'approved' | 'rejected';

/** The fields a tutor writes; held as a revision while an approved profile stays public. */
export interface TutorProfileFields {
  headline: string;
  bio: string;
  hourlyRateAmount: number;
  currency: string;
  languages: string[];
  timezone: string;
  subjectIds: string[];
}

/** The columns a tutor's intent methods change; persisted as they are returned. */
export type TutorChanges = Partial<
  Pick<
    TutorEntity,
    | keyof TutorProfileFields
    | 'status'
    | 'reviewNote'
    | 'approvedAt'
    | 'ratingSum'
    | 'ratingCount'
    | 'ratingAverage'
    | 'updatedAt'
  >
>;

/** The public (approved) profile of a tutor, or their first one while it waits for review. */
@Entity({ schema: 'tutoring', name: 'tutors' })
export class TutorEntity implements TutorProfileFields {
  @PrimaryColumn('uuid') userId: string;
  @Column('text') displayName: string;
  @Column('text') status: TutorStatus;
  @Column('text') headline: string;
  @Column('text') bio: string;
  @Column('int') hourlyRateAmount: number;
  @Column('text') currency: string;
  @Column('text', { array: true }) languages: string[];
  @Column('text') timezone: string;
  @Column('uuid', { array: true }) subjectIds: string[];
  @Column('text', { nullable: true }) reviewNote: string | null;
  @Column('int') ratingCount: number;
  @Column('int') ratingSum: number;
  @Column('numeric', { precision: 3, scale: 2, nullable: true }) ratingAverage: string | null;
  @Column('tsvector', { select: false }) search: string;
  @Column('timestamptz', { nullable: true }) approvedAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;

  /** A first profile: pending until an admin approves it, unrated. */
  static create(
    userId: string,
    displayName: string,
    fields: TutorProfileFields,
    now: Date,
  ): TutorEntity {
    return Object.assign(new TutorEntity(), {
      ...profileFields(fields),
      userId,
      displayName,
      status: 'pending',
      reviewNote: null,
      ratingCount: 0,
      ratingSum: 0,
      ratingAverage: null,
      approvedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** What an admin reviews now: the first profile, or else the pending revision. */
  underReview(revision: TutorRevisionEntity | null): 'profile' | 'revision' {
    if (this.status === 'pending') return 'profile';
    if (revision?.isPending) return 'revision';
    throw new NothingToReviewError();
  }

  /** An edit of a profile never approved: it replaces the profile and waits for review again. */
  edit(fields: TutorProfileFields, now: Date): TutorChanges {
    return this.apply({
      ...profileFields(fields),
      status: 'pending',
      reviewNote: null,
      updatedAt: now,
    });
  }

  /** The first profile goes public. */
  approve(note: string | null, now: Date): TutorChanges {
    this.underReview(null);
    return this.apply({ status: 'approved', approvedAt: now, reviewNote: note, updatedAt: now });
  }

  /** The first profile is refused; the tutor may edit it and ask again. */
  reject(note: string | null, now: Date): TutorChanges {
    this.underReview(null);
    return this.apply({ status: 'rejected', reviewNote: note, updatedAt: now });
  }

  /** An approved revision becomes the public profile (the revision itself is then dropped). */
  adopt(revision: TutorRevisionEntity, note: string | null, now: Date): TutorChanges {
    if (this.underReview(revision) !== 'revision') throw new NothingToReviewError();
    return this.apply({ ...profileFields(revision), reviewNote: note, updatedAt: now });
  }

  /** One more review of one of the tutor's lessons (not an edit: `updatedAt` stays). */
  recordRating(rating: number): TutorChanges {
    const next = ratingAfter({ sum: this.ratingSum, count: this.ratingCount }, rating);
    return this.apply({
      ratingSum: next.sum,
      ratingCount: next.count,
      ratingAverage: next.average.toFixed(2),
    });
  }

  private apply(changes: TutorChanges): TutorChanges {
    Object.assign(this, changes);
    return changes;
  }
}
