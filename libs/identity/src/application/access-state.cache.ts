import { Inject, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { REDIS, type Environment, type RedisConnection } from '@etutors/platform';
import { DataSource } from 'typeorm';

/** What every authenticated request must agree with: the account is active and the token is current. */
export interface AccessState {
  active: boolean;
  tokenVersion: number;
}

const TTL_SECONDS = 300;

/**
 * Per-user access state, cached in Redis (shared by all API instances) with the database as the
 * truth on a miss. Changes write through (`invalidate` after commit), so a suspension or role change
 * takes effect on the next request without a database query per request.
 */
@Injectable()
export class AccessStateCache {
  private readonly prefix: string;
  private readonly local = new Map<string, { state: AccessState; until: number }>();

  constructor(
    @Inject(REDIS) private readonly redis: RedisConnection,
    private readonly dataSource: DataSource,
    config: ConfigService<Environment, true>,
  ) {
    this.prefix = `${config.get('QUEUE_PREFIX', { infer: true })}:identity:access:`;
  }

  async get(userId: string): Promise<AccessState | null> {
    const cached = await this.read(userId);
    if (cached) return cached;
    const [row] = (await this.dataSource.query(
      'SELECT status, token_version FROM identity.users WHERE id = $1',
      [userId],
    )) as {
      status: string;
      token_version: number;
    }[];
    if (!row) return null;
    const state = { active: row.status === 'active', tokenVersion: row.token_version };
    await this.write(userId, state);
    return state;
  }

  /** Drops the cached state; the next request reads the database. Call after the change committed. */
  async invalidate(userId: string): Promise<void> {
    this.local.delete(userId);
    if (this.redis) await this.redis.del(this.prefix + userId).catch(() => undefined);
  }

  private async read(userId: string): Promise<AccessState | null> {
    if (!this.redis) {
      const entry = this.local.get(userId);
      return entry && entry.until > Date.now() ? entry.state : null;
    }
    const value = await this.redis.get(this.prefix + userId).catch(() => null);
    if (!value) return null;
    const [active, version] = value.split(':');
    return { active: active === '1', tokenVersion: Number(version) };
  }

  private async write(userId: string, state: AccessState): Promise<void> {
    if (!this.redis) {
      this.local.set(userId, { state, until: Date.now() + TTL_SECONDS * 1000 });
      return;
    }
    await this.redis
      .set(this.prefix + userId, `${state.active ? 1 : 0}:${state.tokenVersion}`, 'EX', TTL_SECONDS)
      .catch(() => undefined);
  }
}
