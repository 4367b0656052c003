import { Module } from '@nestjs/common';
import { defineSettings, publishesEvents } from '@etutors/platform';
import { IdentityModule } from '@etutors/identity';
import { TutoringAuditLog } from './application/audit-log.js';
import { LessonCalendarSubscriber } from './application/lesson-calendar.subscriber.js';
import { LessonCompletionSchedule } from './application/lesson-completion.schedule.js';
import { LessonsService } from './application/lessons.service.js';
import { PeopleSubscriber } from './application/people.subscriber.js';
import { SubjectsService } from './application/subjects.service.js';
import { TutorDirectoryService } from './application/tutor-directory.service.js';
import { TutorProfilesService } from './application/tutor-profiles.service.js';
import { TutoringQueries } from './application/tutoring-queries.js';
import { ReviewQueueReader } from './infrastructure/review-queue.reader.js';
import { TutorDirectoryReader } from './infrastructure/tutor-directory.reader.js';
import * as tutoringEvents from './events.js';
import { TutoringSettings } from './tutoring.settings.js';

/** The tutoring context's core: services, subscribers and jobs, used by both apps. */
@Module({
  imports: [IdentityModule],
  providers: [
    publishesEvents('tutoring', tutoringEvents),
    defineSettings(TutoringSettings),
    SubjectsService,
    TutorProfilesService,
    TutorDirectoryService,
    LessonsService,
    LessonCalendarSubscriber,
    LessonCompletionSchedule,
    PeopleSubscriber,
    TutoringQueries,
    TutoringAuditLog,
    TutorDirectoryReader,
    ReviewQueueReader,
  ],
  exports: [
    SubjectsService,
    TutorProfilesService,
    TutorDirectoryService,
    LessonsService,
    TutoringQueries,
  ],
})
export class TutoringModule {}
