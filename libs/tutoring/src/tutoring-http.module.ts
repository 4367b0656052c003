import { Module } from '@nestjs/common';
import { LessonsController } from './http/lessons.controller.js';
import { SubjectsController } from './http/subjects.controller.js';
import { AdminTutorsController, TutorsController } from './http/tutors.controller.js';
import { TutoringModule } from './tutoring.module.js';

/** The tutoring routes; imported by the API only. */
@Module({
  imports: [TutoringModule],
  controllers: [SubjectsController, TutorsController, AdminTutorsController, LessonsController],
})
export class TutoringHttpModule {}
