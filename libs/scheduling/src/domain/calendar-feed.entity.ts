import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's private iCalendar feed, behind an unguessable token. */
@Entity({ schema: 'scheduling', name: 'calendar_feeds' })
export class CalendarFeedEntity {
  @PrimaryColumn('uuid') userId: string;
  @Column('text', { unique: true }) token: string;
  @Column('timestamptz') createdAt: Date;
}
