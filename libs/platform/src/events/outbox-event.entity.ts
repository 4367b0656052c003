import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An event written in the same transaction as the change it records; the relay delivers it. */
@Entity({ schema: 'platform', name: 'outbox' })
export class OutboxEventEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  type: string;

  @Column('int')
  version: number;

  @Column('text')
  aggregateId: string;

  @Column('uuid', { nullable: true })
  actorId: string | null;

  @Column('jsonb')
  payload: unknown;

  @Column('timestamptz')
  occurredAt: Date;

  @Column('timestamptz', { nullable: true })
  publishedAt: Date | null;
}
