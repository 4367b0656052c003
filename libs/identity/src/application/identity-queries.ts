import { Injectable } from '@nestjs/common';
import { UserReader } from '../infrastructure/user.reader.js';

/** The identity context's query port for other contexts (exported from `@etutors/identity`). */
@Injectable()
export class IdentityQueries {
  constructor(private readonly users: UserReader) {}

  /** The public display name of a user, or null when there is no such user. */
  displayName(userId: string): Promise<string | null> {
    return this.users.displayName(userId);
  }

  /** How a user is named and the IANA zone they live in (for times shown to them), or null. */
  async person(userId: string): Promise<{ displayName: string; timezone: string } | null> {
    const user = await this.users.view(userId);
    return user ? { displayName: user.displayName, timezone: user.timezone } : null;
  }
}
