import { Column, Entity, PrimaryColumn } from 'typeorm';

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

/** The public (approved) profile of a tutor, or their first one while it waits for review. */
@Entity({ schema: 'tutoring', name: 'tutors' })
export class TutorEntity implements TutorProfileFields {
  @PrimaryColumn('uuid') userId: string;
  @Column('text') displayName: string;
  @Column('text') status: TutorStatus;
  @Column('text') headline: string;
  @Column('text') bio: string;
  @Column('int') hourlyRateAmount: number;
  @Column('char', { length: 3 }) currency: string;
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
}

@Entity({ schema: 'tutoring', name: 'tutor_revisions' })
export class TutorRevisionEntity implements TutorProfileFields {
  @PrimaryColumn('uuid') tutorId: string;
  @Column('text') status: 'pending' | 'rejected';
  @Column('text') headline: string;
  @Column('text') bio: string;
  @Column('int') hourlyRateAmount: number;
  @Column('char', { length: 3 }) currency: string;
  @Column('text', { array: true }) languages: string[];
  @Column('text') timezone: string;
  @Column('uuid', { array: true }) subjectIds: string[];
  @Column('text', { nullable: true }) reviewNote: string | null;
  @Column('timestamptz') submittedAt: Date;
}

@Entity({ schema: 'tutoring', name: 'tutor_subjects' })
export class TutorSubjectEntity {
  @PrimaryColumn('uuid') subjectId: string;
  @PrimaryColumn('uuid') tutorId: string;
}

@Entity({ schema: 'tutoring', name: 'people' })
export class PersonEntity {
  @PrimaryColumn('uuid') userId: string;
  @Column('text') displayName: string;
  @Column('timestamptz') updatedAt: Date;
}
