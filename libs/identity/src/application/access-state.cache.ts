import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PubSub, REDIS, type Environment, type RedisConnection } from '@etutors/platform';
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

/** Changes go to every instance, each keeping a near copy of the states it has seen. */
const CHANGES_CHANNEL = 'identity:access-state';
/** Near copies kept per process at most (the oldest goes first). */
const NEAR_LIMIT = 100_000;

/**
 * Per-user access state, so the JWT strategy needs no database query per request. Three layers:
 * a near copy in each process, Redis (shared by every API instance), and the database, the truth
 * on a miss. A change writes the new state through after its commit (`store`) and broadcasts it,
 * so every instance's near copy follows at once; the near copies are trusted only while this
 * process is subscribed (and dropped whenever it resubscribes, as it may have missed changes),
 * otherwise Redis is asked. No layer ever replaces a newer version with an older one, so a
 * request that read the old state just before a change cannot resurrect it. Without Redis (a
 * single-process local run) the near copy is the cache.
 */
@Injectable()
export class AccessStateCache implements OnModuleInit {
  private readonly logger = new Logger('AccessStateCache');
  private readonly prefix: string;
  private readonly near = new Map<string, { state: AccessState; until: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    private readonly dataSource: DataSource,
    private readonly pubSub: PubSub,
    config: ConfigService<Environment, true>,
  ) {
    this.prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:identity:access:`;
  }

  onModuleInit(): void {
    this.pubSub.subscribe(
      CHANGES_CHANNEL,
      (message) => this.heard(message),
      () => this.near.clear(),
    );
  }

  /** The user's access state (null: no such user): the near copy, Redis, else the database. */
  async get(userId: string): Promise<AccessState | null> {
    const near = this.nearCopy(userId);
    if (near) return near;
    const shared = await this.shared(userId);
    if (shared) {
      this.remember(userId, shared);
      return shared;
    }
    return this.reload(userId);
  }

  /** Reads the database and caches what it found. */
  async reload(userId: string): Promise<AccessState | null> {
    const [row] = (await this.dataSource.query(
      'SELECT status, token_version FROM identity.users WHERE id = $1',
      [userId],
    )) as { status: string; token_version: number }[];
    if (!row) return null;
    const state = { active: row.status === 'active', tokenVersion: row.token_version };
    this.remember(userId, state);
    await this.share(userId, state);
    return state;
  }

  /**
   * Writes a changed state through and tells every instance; call after the change committed.
   * Never replaces a newer one.
   */
  async store(userId: string, state: AccessState): Promise<void> {
    this.remember(userId, state);
    if (!(await this.share(userId, state))) return;
    await this.pubSub
      .publish(CHANGES_CHANNEL, `${userId} ${encodeAccessState(state)}`)
      .catch((error: Error) =>
        // Instances that kept a near copy still check: a token newer than it makes them re-read.
        this.logger.error(`Could not announce the access state of ${userId}: ${error.message}`),
      );
  }

  /** SET in Redis unless it holds a newer version; false when Redis could not be written. */
  private async share(userId: string, state: AccessState): Promise<boolean> {
    if (!this.redis) return false;
    try {
      await this.redis.eval(
        SET_IF_NOT_OLDER,
        1,
        this.prefix + userId,
        encodeAccessState(state),
        state.tokenVersion,
        TTL_SECONDS,
      );
      return true;
    } catch (error) {
      // The next request still checks: a token newer than the cache makes it re-read.
      this.logger.error(
        `Could not cache the access state of ${userId}: ${(error as Error).message}`,
      );
      return false;
    }
  }

  private async shared(userId: string): Promise<AccessState | null> {
    if (!this.redis) return null;
    return decodeAccessState(await this.redis.get(this.prefix + userId).catch(() => null));
  }

  /** A near copy, trusted only while changes are heard (or when this process is all there is). */
  private nearCopy(userId: string): AccessState | null {
    if (this.redis && !this.pubSub.listening) return null;
    const entry = this.near.get(userId);
    return entry && entry.until > Date.now() ? entry.state : null;
  }

  private remember(userId: string, state: AccessState): void {
    const entry = this.near.get(userId);
    const live = entry && entry.until > Date.now() ? entry.state : null;
    if (!supersedes(state, live)) return;
    this.near.delete(userId);
    if (this.near.size >= NEAR_LIMIT) this.near.delete(this.near.keys().next().value!);
    this.near.set(userId, { state, until: Date.now() + TTL_SECONDS * 1000 });
  }

  private heard(message: string): void {
    const [userId, encoded] = message.split(' ');
    const state = decodeAccessState(encoded);
    if (userId && state) this.remember(userId, state);
  }
}
