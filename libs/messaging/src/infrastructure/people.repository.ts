import { Injectable } from '@nestjs/common';
import { IdentityQueries } from '@etutors/identity';
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

/**
 * Messaging's copy of its users. Identity's events keep it current; a user it has no row for
 * (registered before messaging existed, or whose registration event is still on its way) is
 * asked of identity's query port on first need and recorded, so that happens once per user.
 */
@Injectable()
export class PeopleRepository {
  constructor(private readonly identity: IdentityQueries) {}

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

  /** The users of `userIds` that exist, completed from identity where messaging has no row. */
  async findMany(tx: Transaction, userIds: string[]): Promise<Map<string, Person>> {
    const people = await this.stored(tx, userIds);
    // In id order, so two transactions recording the same users never wait on each other in turn.
    const missing = [...new Set(userIds)].filter((userId) => !people.has(userId)).sort();
    for (const userId of missing) {
      const recorded = await this.recordFromIdentity(tx, userId);
      if (recorded) people.set(userId, recorded);
    }
    return people;
  }

  async find(tx: Transaction, userId: string): Promise<Person | undefined> {
    return (await this.findMany(tx, [userId])).get(userId);
  }

  private async stored(tx: Transaction, userIds: string[]): Promise<Map<string, Person>> {
    const rows = (await tx.manager.query(
      `SELECT user_id, email, display_name, timezone FROM messaging.people
        WHERE user_id = ANY($1::uuid[])`,
      [userIds],
    )) as PersonRow[];
    return new Map(rows.map((row) => [row.user_id, toPerson(row)]));
  }

  /**
   * Records what identity knows of the user now, versioned by when identity last changed them:
   * an `identity.user.updated` delivered later still applies if it is newer, and is skipped if
   * this answer already holds it. A row that an event wrote meanwhile wins unless it is older.
   */
  private async recordFromIdentity(tx: Transaction, userId: string): Promise<Person | undefined> {
    // On this transaction's connection: never wait for a second pooled one while holding it.
    const contact = await this.identity.contact(userId, tx.manager);
    if (!contact) return undefined;
    const [row] = (await tx.manager.query(
      `INSERT INTO messaging.people AS p (user_id, email, display_name, timezone, updated_at)
         VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE
         SET email = EXCLUDED.email, display_name = EXCLUDED.display_name,
             timezone = EXCLUDED.timezone, updated_at = EXCLUDED.updated_at
         WHERE p.updated_at < EXCLUDED.updated_at
       RETURNING user_id, email, display_name, timezone`,
      [userId, contact.email, contact.displayName, contact.timezone, contact.changedAt],
    )) as PersonRow[];
    return row ? toPerson(row) : (await this.stored(tx, [userId])).get(userId);
  }
}
