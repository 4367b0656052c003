import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  UserRegistered,
  UserUpdated,
  type UserRegisteredPayload,
  type UserUpdatedPayload,
} from '@etutors/identity';
import { recordPersonName } from '../infrastructure/people.sql.js';

/** Keeps the names tutoring shows (tutors, reviewers) in step with identity. */
@Injectable()
export class PeopleSubscriber {
  @OnEvent(UserRegistered)
  async registered(
    { payload }: DomainEvent<UserRegisteredPayload>,
    tx: Transaction,
  ): Promise<void> {
    await recordPersonName(tx, payload.userId, payload.displayName);
  }

  @OnEvent(UserUpdated)
  async updated({ payload }: DomainEvent<UserUpdatedPayload>, tx: Transaction): Promise<void> {
    await recordPersonName(tx, payload.userId, payload.displayName);
  }
}
