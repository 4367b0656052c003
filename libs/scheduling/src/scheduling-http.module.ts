import { Module } from '@nestjs/common';
import { BookingSeriesController } from './http/booking-series.controller.js';
import { AvailabilityController } from './http/availability.controller.js';
import { BookingSettingsController } from './http/booking-settings.controller.js';
import { BookingsController, CalendarController } from './http/bookings.controller.js';
import { DisputesController } from './http/disputes.controller.js';
import { SchedulingModule } from './scheduling.module.js';

/** The scheduling routes; imported by the API only. */
@Module({
  imports: [SchedulingModule],
  controllers: [
    BookingSeriesController,
    AvailabilityController,
    BookingsController,
    CalendarController,
    DisputesController,
    BookingSettingsController,
  ],
})
export class SchedulingHttpModule {}
