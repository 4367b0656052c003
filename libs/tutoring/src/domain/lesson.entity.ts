import { Column, Entity, PrimaryColumn } from 'typeorm';

export type LessonStatus = 'scheduled' | 'completed' | 'cancelled' | 'no_show';

@Entity({ schema: 'tutoring', name: 'lessons' })
export class LessonEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { unique: true }) bookingId: string;
  @Column('uuid') tutorId: string;
  @Column('uuid') studentId: string;
  @Column('uuid') subjectId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('text') status: LessonStatus;
  @Column('text') notes: string;
  @Column('timestamptz', { nullable: true }) completedAt: Date | null;
  @Column('timestamptz', { nullable: true }) cancelledAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}

@Entity({ schema: 'tutoring', name: 'reviews' })
export class ReviewEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { unique: true }) lessonId: string;
  @Column('uuid') tutorId: string;
  @Column('uuid') studentId: string;
  @Column('smallint') rating: number;
  @Column('text') comment: string;
  @Column('text') studentDisplayName: string;
  @Column('timestamptz') createdAt: Date;
}
