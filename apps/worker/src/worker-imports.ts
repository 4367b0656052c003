import { AnalyticsModule } from '@etutors/analytics';
import { BillingModule } from '@etutors/billing';
import { IdentityModule } from '@etutors/identity';
import { MessagingModule } from '@etutors/messaging';
import { PlatformModule } from '@etutors/platform';
import { SchedulingModule } from '@etutors/scheduling';
import { TutoringModule } from '@etutors/tutoring';
import { DATABASE } from '../../../migrations/data-source.js';

/** The background process: the API minus the HTTP modules (handlers, relay, schedules, /health). */
export const workerImports = () => [
  PlatformModule.forRoot({ role: 'worker', database: DATABASE }),
  IdentityModule,
  TutoringModule,
  SchedulingModule,
  BillingModule,
  MessagingModule,
  AnalyticsModule,
];
