import { Injectable } from '@nestjs/common';
import {
  Clock,
  EventBus,
  newId,
  type EventDefinition,
  type PublishInput,
  type Transaction,
} from '@etutors/platform';
import { AuditEventEntity } from '../domain/audit-event.entity.js';

/**
 * Tutoring's audit trail (`tutoring.audit_events`): an admin's approvals, rejections and
 * catalogue changes, with the actor. Like identity's, each entry is written in the transaction
 * of the change it records, next to the domain event other contexts receive; the entry is kept
 * when the outbox row is purged.
 */
@Injectable()
export class TutoringAuditLog {
  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** Publishes the event and records it, with its actor, in the same transaction. */
  async publish<Payload extends object>(
    tx: Transaction,
    event: EventDefinition<Payload>,
    input: PublishInput<Payload> & { actorId: string },
  ): Promise<void> {
    await this.events.publish(tx, event, input);
    await tx.manager.insert(AuditEventEntity, {
      id: newId(),
      type: event.type,
      aggregateId: input.aggregateId,
      actorId: input.actorId,
      data: { ...input.payload },
      at: this.clock.now(),
    });
  }
}
