import { AvailabilityEntity } from './domain/availability.entity.js';
import { BookingSeriesEntity } from './domain/booking-series.entity.js';
import { BookingDisputeEntity } from './domain/booking-dispute.entity.js';
import { BookingHistoryEntity } from './domain/booking-history.entity.js';
import { BookingEntity } from './domain/booking.entity.js';
import { CalendarFeedEntity } from './domain/calendar-feed.entity.js';
import { TimeOffEntity } from './domain/time-off.entity.js';
import { TutorBookingSettingsEntity } from './domain/tutor-booking-settings.entity.js';

/** Every table the scheduling context maps, for the data source's explicit entity list. */
export const SCHEDULING_ENTITIES = [
  BookingEntity,
  BookingHistoryEntity,
  AvailabilityEntity,
  TimeOffEntity,
  CalendarFeedEntity,
  BookingDisputeEntity,
  TutorBookingSettingsEntity,
  BookingSeriesEntity,
];
