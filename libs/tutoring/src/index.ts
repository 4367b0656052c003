// The tutoring context's public API.
export { TutoringModule } from './tutoring.module.js';
export { TutoringHttpModule } from './tutoring-http.module.js';
export { TutoringQueries, type BookableTutor } from './application/tutoring-queries.js';
export { TUTORING_ENTITIES } from './tutoring.entities.js';
export {
  seedTutoring,
  seedTutoringLessons,
  type SeedUser,
  type SeededTutor,
} from './infrastructure/tutoring.seeder.js';
export * from './events.js';
