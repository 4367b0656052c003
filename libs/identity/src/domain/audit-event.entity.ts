import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the security audit trail. */
@Entity({ schema: 'identity', name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { nullable: true }) userId: string | null;
  @Column('uuid', { nullable: true }) actorId: string | null;
  @Column('text') type: string;
  @Column('text', { nullable: true }) ip: string | null;
  @Column('text', { nullable: true }) userAgent: string | null;
  @Column('jsonb') data: Record<string, unknown>;
  @Column('timestamptz') at: Date;
}
