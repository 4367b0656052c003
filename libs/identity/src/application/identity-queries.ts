import { Injectable } from '@nestjs/common';
import { Clock, type AuthUser, type SqlQueryable } from '@etutors/platform';
import { admits } from '../domain/access-state.js';
import { UserReader, type UserContact } from '../infrastructure/user.reader.js';

/** Why a caller's token would be refused now. */
export type SessionEnd = 'expired' | 'revoked';

/** The identity context's query port for other contexts (exported from `@etutors/identity`). */
@Injectable()
export class IdentityQueries {
  constructor(
    private readonly users: UserReader,
    private readonly clock: Clock,
  ) {}

  /**
   * The callers among `callers` whose token the API would refuse now, and why: it has expired,
   * or their account was suspended or revoked its tokens since (a role change, a password
   * reset). One read for them all; a response that outlives its request (a live stream) asks
   * this again as it runs, since the guard only checked the token when the request came.
   */
  async endedSessions(callers: readonly AuthUser[]): Promise<Map<AuthUser, SessionEnd>> {
    const now = this.clock.now();
    const ended = new Map<AuthUser, SessionEnd>();
    const current = callers.filter((caller) => {
      if (caller.session.expiresAt > now) return true;
      ended.set(caller, 'expired');
      return false;
    });
    if (current.length === 0) return ended;
    const states = await this.users.accessStates([...new Set(current.map((caller) => caller.id))]);
    for (const caller of current) {
      if (!admits(states.get(caller.id) ?? null, caller.session.tokenVersion)) {
        ended.set(caller, 'revoked');
      }
    }
    return ended;
  }

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
