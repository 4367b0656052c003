import { Module } from '@nestjs/common';
import { defineSettings, publishesEvents } from '@etutors/platform';
import { TutoringModule } from '@etutors/tutoring';
import { AvailabilityService } from './application/availability.service.js';
import { BookingLifecycleSubscriber } from './application/booking-lifecycle.subscriber.js';
import { BookingSchedules } from './application/booking-schedules.js';
import { BookingLimitsGuard } from './application/booking-limits.guard.js';
import { BookingSettingsService } from './application/booking-settings.service.js';
import { TutorResponseSchedule } from './application/tutor-response.schedule.js';
import { BookingSeriesService } from './application/booking-series.service.js';
import { BookingSeriesRepository } from './infrastructure/booking-series.repository.js';
import { BookingsService } from './application/bookings.service.js';
import { CalendarFeedService } from './application/calendar-feed.service.js';
import { DisputeSchedules } from './application/dispute-schedules.js';
import { DisputesService } from './application/disputes.service.js';
import { SchedulingQueries } from './application/scheduling-queries.js';
import { SlotsService } from './application/slots.service.js';
import { BookingDisputeRepository } from './infrastructure/booking-dispute.repository.js';
import { BookingRepository } from './infrastructure/booking.repository.js';
import * as schedulingEvents from './events.js';
import { SchedulingSettings } from './scheduling.settings.js';

/** The scheduling context's core: calendar, bookings, their subscribers and schedules. */
@Module({
  imports: [TutoringModule],
  providers: [
    publishesEvents('scheduling', schedulingEvents),
    defineSettings(SchedulingSettings),
    AvailabilityService,
    SlotsService,
    BookingRepository,
    BookingsService,
    BookingSeriesRepository,
    BookingSeriesService,
    BookingLifecycleSubscriber,
    BookingSchedules,
    CalendarFeedService,
    SchedulingQueries,
    BookingDisputeRepository,
    DisputesService,
    DisputeSchedules,
    BookingSettingsService,
    BookingLimitsGuard,
    TutorResponseSchedule,
  ],
  exports: [
    AvailabilityService,
    SlotsService,
    BookingsService,
    BookingSeriesService,
    CalendarFeedService,
    SchedulingQueries,
    DisputesService,
    BookingSettingsService,
  ],
})
export class SchedulingModule {}
