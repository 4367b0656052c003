import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TutorProfileFields } from './tutor.entity.js';

export type TutorRevisionStatus = 'pending' | 'rejected';

/** An edit of an approved profile, waiting for review while the approved version stays public. */
@Entity({ schema: 'tutoring', name: 'tutor_revisions' })
export class TutorRevisionEntity implements TutorProfileFields {
  @PrimaryColumn('uuid') tutorId: string;
  @Column('text') status: TutorRevisionStatus;
  @Column('text') headline: string;
  @Column('text') bio: string;
  @Column('int') hourlyRateAmount: number;
  @Column('text') currency: string;
  @Column('text', { array: true }) languages: string[];
  @Column('text') timezone: string;
  @Column('uuid', { array: true }) subjectIds: string[];
  @Column('text', { nullable: true }) reviewNote: string | null;
  @Column('timestamptz') submittedAt: Date;

  /** A new edit replaces whatever revision waited before it. */
  static submit(tutorId: string, fields: TutorProfileFields, now: Date): TutorRevisionEntity {
    return Object.assign(new TutorRevisionEntity(), {
      ...profileFields(fields),
      tutorId,
      status: 'pending',
      reviewNote: null,
      submittedAt: now,
    });
  }

  get isPending(): boolean {
    return this.status === 'pending';
  }

  /** Kept, with the admin's note, so the tutor sees why; the public profile is untouched. */
  reject(note: string | null): Pick<TutorRevisionEntity, 'status' | 'reviewNote'> {
    const changes = { status: 'rejected' as const, reviewNote: note };
    Object.assign(this, changes);
    return changes;
  }
}

/** Exactly the fields a tutor writes, copied from anything that has them. */
export const profileFields = (fields: TutorProfileFields): TutorProfileFields => ({
  headline: fields.headline,
  bio: fields.bio,
  hourlyRateAmount: fields.hourlyRateAmount,
  currency: fields.currency,
  languages: fields.languages,
  timezone: fields.timezone,
  subjectIds: fields.subjectIds,
});
