import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of tutoring's audit trail: an admin's decision or catalogue change, and who made it. */
@Entity({ schema: 'tutoring', name: 'audit_events' })
export class AuditEventEntity {
  @PrimaryColumn('uuid') id: string;
  /** The type of the domain event published with it, e.g. `tutoring.tutor.approved`. */
  @Column('text') type: string;
  /** The tutor or subject acted on. */
  @Column('uuid') aggregateId: string;
  @Column('uuid') actorId: string;
  @Column('jsonb') data: Record<string, unknown>;
  @Column('timestamptz') at: Date;
}
