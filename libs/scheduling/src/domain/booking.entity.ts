import { Column, Entity, PrimaryColumn } from 'typeorm';

export type BookingStatus = 'pending_payment' | 'confirmed' | 'completed' | 'expired' | 'cancelled';

@Entity({ schema: 'scheduling', name: 'bookings' })
export class BookingEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') tutorId: string;
  @Column('uuid') studentId: string;
  @Column('uuid') subjectId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('timestamptz') blockedUntil: Date;
  @Column('text') status: BookingStatus;
  @Column('int') priceAmount: number;
  @Column('char', { length: 3 }) currency: string;
  @Column('timestamptz') holdExpiresAt: Date;
  @Column('text', { nullable: true }) cancelledBy: 'student' | 'tutor' | 'admin' | null;
  @Column('text', { nullable: true }) cancelReason: string | null;
  @Column('int', { nullable: true }) refundAmount: number | null;
  @Column('timestamptz', { name: 'reminded_24h_at', nullable: true }) reminded24hAt: Date | null;
  @Column('timestamptz', { name: 'reminded_1h_at', nullable: true }) reminded1hAt: Date | null;
  @Column('timestamptz') createdAt: Date;
  @Column('timestamptz') updatedAt: Date;
}

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

@Entity({ schema: 'scheduling', name: 'availability' })
export class AvailabilityEntity {
  @PrimaryColumn('uuid') tutorId: string;
  @Column('text') timezone: string;
  @Column('jsonb') weekly: { weekday: number; start: string; end: string }[];
  @Column('int') bufferMinutes: number;
  @Column('int') minNoticeMinutes: number;
  @Column('int') maxAdvanceDays: number;
  @Column('timestamptz') updatedAt: Date;
}

@Entity({ schema: 'scheduling', name: 'time_off' })
export class TimeOffEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid') tutorId: string;
  @Column('timestamptz') startsAt: Date;
  @Column('timestamptz') endsAt: Date;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('timestamptz') createdAt: Date;
}

@Entity({ schema: 'scheduling', name: 'calendar_feeds' })
export class CalendarFeedEntity {
  @PrimaryColumn('uuid') userId: string;
  @Column('text', { unique: true }) token: string;
  @Column('timestamptz') createdAt: Date;
}

export const SCHEDULING_ENTITIES = [
  BookingEntity,
  BookingHistoryEntity,
  AvailabilityEntity,
  TimeOffEntity,
  CalendarFeedEntity,
];
