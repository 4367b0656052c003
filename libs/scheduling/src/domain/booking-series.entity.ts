import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A weekly series a student booked with a tutor: the same local time each week in the tutor's
 * zone. Each occurrence is a booking of its own (`bookings.series_id`), cancelled, moved and
 * confirmed one by one; the series is held and paid as one.
 */
@Entity({ schema: 'scheduling', name: 'booking_series' })
export class BookingSeriesEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') tutorId: string;
  @Column('uuid') studentId: string;
  @Column('uuid') subjectId: string;
  /** The tutor's zone when booked (their availability's). */
  @Column('text') timezone: string;
  /** "HH:mm" on the tutor's wall clock. */
  @Column('text') localTime: string;
  /** 1 (Monday) … 7, in the tutor's zone. */
  @Column('int') weekday: number;
  @Column('int') durationMinutes: number;
  /** The weeks asked for; with `allowPartial` fewer may have been booked. */
  @Column('int') weeks: number;
  @Column('timestamptz') createdAt: Date;
}
