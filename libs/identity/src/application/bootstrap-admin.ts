import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { newId } from '@etutors/platform';
import { DataSource } from 'typeorm';
import { normalizeEmail, passwordProblem } from '../domain/password-policy.js';
import { IdentitySettings } from '../identity.settings.js';
import { UserReader } from '../infrastructure/user.reader.js';
import { PasswordHasher } from './password-hasher.js';

const LOCK = 727101;
const ADMIN_EXISTS = 'BOOTSTRAP_ADMIN_EMAIL is set, but an admin already exists: none created';

/**
 * Creates the first admin from BOOTSTRAP_ADMIN_EMAIL/PASSWORD when no admin exists. Idempotent across
 * restarts, and safe when several instances start at once (an advisory lock serializes them).
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('BootstrapAdmin');

  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordHasher,
    private readonly users: UserReader,
    private readonly settings: IdentitySettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { BOOTSTRAP_ADMIN_EMAIL: email, BOOTSTRAP_ADMIN_PASSWORD: password } = this.settings;
    if (!email || !password) return;
    // The common case after the first start: an admin exists, so skip the argon2 hash and the lock.
    if (await this.users.adminExists()) {
      this.logger.log(ADMIN_EXISTS);
      return;
    }
    const weakness = passwordProblem(password);
    if (weakness)
      this.logger.warn(
        `BOOTSTRAP_ADMIN_PASSWORD is weak (${weakness}); change it after signing in`,
      );
    const hash = await this.passwords.hash(password);
    const created = await this.dataSource.transaction(async (manager) => {
      // Instances starting at once queue here; the first creates the admin, the others then see it.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [LOCK]);
      const [admin] = (await manager.query(
        `SELECT 1 FROM identity.users WHERE 'admin' = ANY(roles) LIMIT 1`,
      )) as unknown[];
      if (admin) {
        this.logger.log(ADMIN_EXISTS);
        return false;
      }
      const rows = (await manager.query(
        `INSERT INTO identity.users (id, email, display_name, password_hash, roles, status, timezone, email_verified_at)
         VALUES ($1, $2, 'Administrator', $3, ARRAY['admin'], 'active', 'UTC', now())
         ON CONFLICT (email) DO NOTHING
         RETURNING id`,
        [newId(), normalizeEmail(email), hash],
      )) as unknown[];
      // An existing non-admin account with that e-mail is never promoted silently.
      if (rows.length === 0)
        this.logger.warn(`BOOTSTRAP_ADMIN_EMAIL belongs to an existing account; no admin created`);
      return rows.length > 0;
    });
    if (created) this.logger.log(`Bootstrap admin ${normalizeEmail(email)} created`);
  }
}
