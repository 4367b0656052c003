import { Injectable } from '@nestjs/common';
import type { Transaction } from '@etutors/platform';

/** A user as messaging knows them (its own copy, fed by identity's events). */
export interface Person {
  userId: string;
  email: string;
  displayName: string;
  timezone: string;
}

interface PersonRow {
  user_id: string;
  email: string;
  display_name: string;
  timezone: string;
}

const toPerson = (row: PersonRow): Person => ({
  userId: row.user_id,
  email: row.email,
  displayName: row.display_name,
  timezone: row.timezone,
});

@Injectable()
export class PeopleRepository {
  /** Records a registered user; a replayed registration changes nothing newer. */
  async register(tx: Transaction, person: Person, at: Date): Promise<void> {
    await tx.manager.query(
      `INSERT INTO messaging.people (user_id, email, display_name, timezone, updated_at)
         VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO NOTHING`,
      [person.userId, person.email, person.displayName, person.timezone, at],
    );
  }

  /** Applies a profile change that happened at `at`, unless a later one is stored already. */
  async update(
    tx: Transaction,
    change: { userId: string; displayName: string; timezone: string },
    at: Date,
  ): Promise<void> {
    await tx.manager.query(
      `UPDATE messaging.people SET display_name = $2, timezone = $3, updated_at = $4
        WHERE user_id = $1 AND updated_at <= $4`,
      [change.userId, change.displayName, change.timezone, at],
    );
  }

  async findMany(tx: Transaction, userIds: string[]): Promise<Map<string, Person>> {
    const rows = (await tx.manager.query(
      `SELECT user_id, email, display_name, timezone FROM messaging.people
        WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    )) as PersonRow[];
    return new Map(rows.map((row) => [row.user_id, toPerson(row)]));
  }

  async find(tx: Transaction, userId: string): Promise<Person | undefined> {
    return (await this.findMany(tx, [userId])).get(userId);
  }
}
