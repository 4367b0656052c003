import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { REDIS, type Environment, type RedisConnection } from '@etutors/platform';
import { DataSource } from 'typeorm';
import {
  decodeAccessState,
  encodeAccessState,
  supersedes,
  type AccessState,
} from '../domain/access-state.js';

export type { AccessState } from '../domain/access-state.js';

// Bounds how long a lost write-through (Redis down during a change) could let an old state stand.
const TTL_SECONDS = 60;

/** SET unless the cached state has a higher version (see `supersedes`), atomically. */
const SET_IF_NOT_OLDER = `
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, ':(%d+)$'))
  if version and version > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
`;

/**
 * Per-user access state, cached in Redis (shared by every API instance) with the database as the
 * truth on a miss, so the JWT strategy needs no database query per request. A change writes the
 * new state through after its commit (`store`); writes never replace a newer version with an
 * older one, so a request that read the database just before the change cannot resurrect the old
 * state. Without Redis (single-process local run) a process-local map does the same.
 */
@Injectable()
export class AccessStateCache {
  private readonly logger = new Logger('AccessStateCache');
  private readonly prefix: string;
  private readonly local = new Map<string, { state: AccessState; until: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    private readonly dataSource: DataSource,
    config: ConfigService<Environment, true>,
  ) {
    this.prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:identity:access:`;
  }

  /** The user's access state (null: no such user): the cache, else the database. */
  async get(userId: string): Promise<AccessState | null> {
    return (await this.cached(userId)) ?? this.reload(userId);
  }

  /** Reads the database and caches what it found. */
  async reload(userId: string): Promise<AccessState | null> {
    const [row] = (await this.dataSource.query(
      'SELECT status, token_version FROM identity.users WHERE id = $1',
      [userId],
    )) as { status: string; token_version: number }[];
    if (!row) return null;
    const state = { active: row.status === 'active', tokenVersion: row.token_version };
    await this.store(userId, state);
    return state;
  }

  /** Writes a state through; call after the change committed. Never replaces a newer one. */
  async store(userId: string, state: AccessState): Promise<void> {
    if (!this.redis) {
      const current = this.local.get(userId);
      const live = current && current.until > Date.now() ? current.state : null;
      if (supersedes(state, live))
        this.local.set(userId, { state, until: Date.now() + TTL_SECONDS * 1000 });
      return;
    }
    await this.redis
      .eval(
        SET_IF_NOT_OLDER,
        1,
        this.prefix + userId,
        encodeAccessState(state),
        state.tokenVersion,
        TTL_SECONDS,
      )
      .catch((error: Error) =>
        // The next request still checks: a token newer than the cache makes it re-read.
        this.logger.error(`Could not cache the access state of ${userId}: ${error.message}`),
      );
  }

  private async cached(userId: string): Promise<AccessState | null> {
    if (!this.redis) {
      const entry = this.local.get(userId);
      return entry && entry.until > Date.now() ? entry.state : null;
    }
    return decodeAccessState(await this.redis.get(this.prefix + userId).catch(() => null));
  }
}
