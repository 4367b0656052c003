import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per (subscriber, event) handled: inserting it again fails, so a redelivery is a no-op. */
@Entity({ schema: 'platform', name: 'inbox' })
export class InboxEntryEntity {
  @PrimaryColumn('text')
  subscriber: string;

  @PrimaryColumn('uuid')
  eventId: string;

  @Column('timestamptz')
  processedAt: Date;
}
