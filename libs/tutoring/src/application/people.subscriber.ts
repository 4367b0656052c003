import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  UserRegistered,
  UserUpdated,
  type UserRegisteredPayload,
  type UserUpdatedPayload,
} from '@etutors/identity/events';
import { recordPersonName } from '../infrastructure/people.sql.js';

/** Keeps the names tutoring shows (tutors, reviewers) in step with identity. */
@Injectable()
export class PeopleSubscriber {
  @OnEvent(UserRegistered, {
    name: 'tutoring.record-person',
    formerNames: ['PeopleSubscriber.registered'],
  })
  async registered(
    { payload }: DomainEvent<UserRegisteredPayload>,
    tx: Transaction,
  ): Promise<void> {
    await recordPersonName(tx, payload.userId, payload.displayName);
  }

  @OnEvent(UserUpdated, {
    name: 'tutoring.rename-person',
    formerNames: ['PeopleSubscriber.updated'],
  })
  async updated({ payload }: DomainEvent<UserUpdatedPayload>, tx: Transaction): Promise<void> {
    await recordPersonName(tx, payload.userId, payload.displayName);
  }
}
