// The scheduling context's public API: its modules and entity list. Its events have their own
// entry point, `@etutors/scheduling/events`, so a subscriber never loads this module.
export { SchedulingModule } from './scheduling.module.js';
export { SchedulingHttpModule } from './scheduling-http.module.js';
export {
  SchedulingQueries,
  type PayableBooking,
  type PayableSeries,
} from './application/scheduling-queries.js';
export { seedScheduling } from './infrastructure/scheduling.seeder.js';
export { SCHEDULING_ENTITIES } from './scheduling.entities.js';
