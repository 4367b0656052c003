import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A student's one review of a completed lesson (created by `LessonEntity.review`). */
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
