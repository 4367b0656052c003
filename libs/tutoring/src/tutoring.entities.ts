import { LessonEntity, ReviewEntity } from './domain/lesson.entity.js';
import { SubjectEntity } from './domain/subject.entity.js';
import {
  PersonEntity,
  TutorEntity,
  TutorRevisionEntity,
  TutorSubjectEntity,
} from './domain/tutor.entity.js';

export const TUTORING_ENTITIES = [
  SubjectEntity,
  TutorEntity,
  TutorRevisionEntity,
  TutorSubjectEntity,
  PersonEntity,
  LessonEntity,
  ReviewEntity,
];
