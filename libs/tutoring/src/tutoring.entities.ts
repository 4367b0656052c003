import { AuditEventEntity } from './domain/audit-event.entity.js';
import { LessonEntity } from './domain/lesson.entity.js';
import { PersonEntity } from './domain/person.entity.js';
import { ReviewEntity } from './domain/review.entity.js';
import { SubjectEntity } from './domain/subject.entity.js';
import { TutorRevisionEntity } from './domain/tutor-revision.entity.js';
import { TutorSubjectEntity } from './domain/tutor-subject.entity.js';
import { TutorEntity } from './domain/tutor.entity.js';

/** Every entity of the tutoring schema, listed once for the data source. */
export const TUTORING_ENTITIES = [
  SubjectEntity,
  TutorEntity,
  TutorRevisionEntity,
  TutorSubjectEntity,
  PersonEntity,
  LessonEntity,
  ReviewEntity,
  AuditEventEntity,
];
