import { AnalyticsHttpModule, AnalyticsModule } from '@etutors/analytics';
import { BillingHttpModule, BillingModule } from '@etutors/billing';
import { IdentityHttpModule, IdentityModule } from '@etutors/identity';
import { MessagingHttpModule, MessagingModule } from '@etutors/messaging';
import { PlatformModule } from '@etutors/platform';
import { SchedulingHttpModule, SchedulingModule } from '@etutors/scheduling';
import { TutoringHttpModule, TutoringModule } from '@etutors/tutoring';
import { DATABASE } from '../../../migrations/data-source.js';

/** What the HTTP process is made of: the platform plus every context's core and HTTP modules. */
export const apiImports = () => [
  PlatformModule.forRoot({ role: 'api', database: DATABASE }),
  IdentityModule,
  IdentityHttpModule,
  TutoringModule,
  TutoringHttpModule,
  SchedulingModule,
  SchedulingHttpModule,
  BillingModule,
  BillingHttpModule,
  MessagingModule,
  MessagingHttpModule,
  AnalyticsModule,
  AnalyticsHttpModule,
];
