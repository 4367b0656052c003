import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BookingStatus } from './booking-status.js';

/** One change of a booking (its creation included): who moved it from what to what, and why. */
@Entity({ schema: 'scheduling', name: 'booking_history' })
export class BookingHistoryEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') bookingId: string;
  @Column('text', { nullable: true }) fromStatus: BookingStatus | null;
  @Column('text') toStatus: BookingStatus;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz') at: Date;
}
