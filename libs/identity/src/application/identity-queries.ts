import { Injectable } from '@nestjs/common';
import type { SqlQueryable } from '@etutors/platform';
import { UserReader, type UserContact } from '../infrastructure/user.reader.js';

/** The identity context's query port for other contexts (exported from `@etutors/identity`). */
@Injectable()
export class IdentityQueries {
  constructor(private readonly users: UserReader) {}

  /**
   * The public display name of a user, or null when there is no such user. Inside a transaction,
   * pass its manager as `via`, so the read shares its connection.
   */
  displayName(userId: string, via?: SqlQueryable): Promise<string | null> {
    return this.users.displayName(userId, via);
  }

  /** How a user is named and the IANA zone they live in (for times shown to them), or null. */
  async person(userId: string): Promise<{ displayName: string; timezone: string } | null> {
    const user = await this.users.view(userId);
    return user ? { displayName: user.displayName, timezone: user.timezone } : null;
  }

  /**
   * A user's e-mail address, display name and time zone, or null. `changedAt` is when identity
   * last changed the user: an `identity.user.updated` that occurred after it is newer than this
   * answer, one that occurred at or before it is already part of it. Inside a transaction, pass
   * its manager as `via`, so the read shares its connection.
   */
  contact(userId: string, via?: SqlQueryable): Promise<UserContact | null> {
    return this.users.contact(userId, via);
  }
}
