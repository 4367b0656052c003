// The tutoring context's public API. Its events have their own entry point,
// `@etutors/tutoring/events`, so a subscriber never loads this module.
export { TutoringModule } from './tutoring.module.js';
export { TutoringHttpModule } from './tutoring-http.module.js';
export { TutoringQueries, type BookableTutor } from './application/tutoring-queries.js';
export { TUTORING_ENTITIES } from './tutoring.entities.js';
export {
  seedTutoring,
  seedTutoringLessons,
  type SeedUser,
  type SeededTutor,
  type SeededLessons,
} from './infrastructure/tutoring.seeder.js';
