import { Entity, PrimaryColumn } from 'typeorm';

/** Which subjects a tutor's public profile teaches; the foreign key keeps a taught subject from being deleted. */
@Entity({ schema: 'tutoring', name: 'tutor_subjects' })
export class TutorSubjectEntity {
  @PrimaryColumn('uuid') subjectId: string;
  @PrimaryColumn('uuid') tutorId: string;
}
