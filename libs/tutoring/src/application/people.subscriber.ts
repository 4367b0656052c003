import { Injectable } from '@nestjs/common';
import { OnEvent, type DomainEvent, type Transaction } from '@etutors/platform';
import {
  UserRegistered,
  UserUpdated,
  type UserRegisteredPayload,
  type UserUpdatedPayload,
} from '@etutors/identity';
import { TUTOR_SEARCH_VECTOR } from './tutor-search-vector.js';

/** Keeps the names tutoring shows (tutors, reviewers) in step with identity. */
@Injectable()
export class PeopleSubscriber {
  @OnEvent(UserRegistered)
  async registered(
    { payload }: DomainEvent<UserRegisteredPayload>,
    tx: Transaction,
  ): Promise<void> {
    await this.rename(tx, payload.userId, payload.displayName);
  }

  @OnEvent(UserUpdated)
  async updated({ payload }: DomainEvent<UserUpdatedPayload>, tx: Transaction): Promise<void> {
    await this.rename(tx, payload.userId, payload.displayName);
  }

  private async rename(tx: Transaction, userId: string, displayName: string): Promise<void> {
    await tx.manager.query(
      `INSERT INTO tutoring.people (user_id, display_name, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, updated_at = now()`,
      [userId, displayName],
    );
    await tx.manager.query(
      `UPDATE tutoring.tutors t SET display_name = $2, search = ${TUTOR_SEARCH_VECTOR}, updated_at = now()
        WHERE t.user_id = $1 AND t.display_name IS DISTINCT FROM $2`,
      [userId, displayName],
    );
  }
}
