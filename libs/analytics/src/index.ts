// The analytics context's public API. Its events have their own entry point,
// `@etutors/analytics/events`, so a subscriber never loads this module.
export { AnalyticsModule } from './analytics.module.js';
export { AnalyticsHttpModule } from './analytics-http.module.js';
export { readModelRebuildOver, type ReadModelRebuild } from './application/read-model-rebuild.js';
export { demoEvent, seedAnalytics } from './infrastructure/analytics.seeder.js';
