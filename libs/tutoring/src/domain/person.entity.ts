import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's name as identity announced it: tutors and reviewers are shown by it. */
@Entity({ schema: 'tutoring', name: 'people' })
export class PersonEntity {
  @PrimaryColumn('uuid') userId: string;
  @Column('text') displayName: string;
  @Column('timestamptz') updatedAt: Date;
}
