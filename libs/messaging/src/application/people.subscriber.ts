import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  UserRegistered,
  UserUpdated,
  type UserRegisteredPayload,
  type UserUpdatedPayload,
} from '@etutors/identity/events';
import { PeopleRepository } from '../infrastructure/people.repository.js';

/** Keeps messaging's copy of each user (address, name, time zone) from identity's events. */
@Injectable()
export class PeopleSubscriber {
  constructor(private readonly people: PeopleRepository) {}

  @OnEvent(UserRegistered, { name: 'messaging.record-person' })
  async registered(
    { payload, occurredAt }: DomainEvent<UserRegisteredPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.people.register(
      tx,
      {
        userId: payload.userId,
        email: payload.email,
        displayName: payload.displayName,
        timezone: payload.timezone,
      },
      new Date(occurredAt),
    );
  }

  @OnEvent(UserUpdated, { name: 'messaging.update-person' })
  async updated(
    { payload, occurredAt }: DomainEvent<UserUpdatedPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.people.update(tx, payload, new Date(occurredAt));
  }
}
