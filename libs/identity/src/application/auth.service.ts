import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  Clock,
  EventBus,
  JobQueue,
  PG_UNIQUE_VIOLATION,
  SendMail,
  UnitOfWork,
  newId,
  pgError,
  type Transaction,
} from '@etutors/platform';
import { DataSource, IsNull } from 'typeorm';
import { epochSeconds } from '../domain/access-claims.js';
import { RefreshTokenEntity } from '../domain/refresh-token.entity.js';
import { UserEntity } from '../domain/user.entity.js';
import {
  ONE_TIME_TOKEN_TTL_MS,
  oneTimeTokenMail,
  type OneTimePurpose,
} from '../domain/one-time-tokens.js';
import { normalizeEmail, passwordProblem } from '../domain/password-policy.js';
import { hashToken, randomToken } from '../domain/tokens.js';
import { UserRegistered } from '../events.js';
import { IdentitySettings } from '../identity.settings.js';
import {
  AccountSuspendedError,
  EmailTakenError,
  InvalidCredentialsError,
  InvalidOneTimeTokenError,
  InvalidTokenError,
  WeakPasswordError,
} from '../identity.errors.js';
import { AuditLog, type RequestOrigin } from './audit-log.js';
import { AuthThrottle } from './auth-throttle.js';
import { PasswordHasher } from './password-hasher.js';
import { toUserView, type UserView } from './user-view.js';

export interface Session {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

/** Sign-up, sign-in and the token lifecycle. */
@Injectable()
export class AuthService {
  private readonly accessTtl: number;
  private readonly refreshTtlMs: number;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly dataSource: DataSource,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly jwt: JwtService,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly throttle: AuthThrottle,
    settings: IdentitySettings,
  ) {
    this.accessTtl = settings.ACCESS_TOKEN_TTL;
    this.refreshTtlMs = settings.REFRESH_TOKEN_TTL * 1000;
  }

  /** A new student or tutor account, signed in; a verification token goes out by e-mail. */
  async register(
    input: {
      email: string;
      password: string;
      displayName: string;
      role: 'student' | 'tutor';
      timezone?: string;
    },
    origin: RequestOrigin,
  ): Promise<Session> {
    await this.throttle.signupAttempt(origin);
    const problem = passwordProblem(input.password);
    if (problem) throw new WeakPasswordError(problem);
    const passwordHash = await this.passwords.hash(input.password);
    const user = UserEntity.register(
      {
        id: newId(),
        email: normalizeEmail(input.email),
        displayName: input.displayName.trim(),
        passwordHash,
        role: input.role,
        timezone: input.timezone ?? 'UTC',
      },
      this.clock.now(),
    );
    return this.unitOfWork.run(async (tx) => {
      try {
        await tx.manager.insert(UserEntity, user);
      } catch (error) {
        if (pgError(error).code === PG_UNIQUE_VIOLATION) throw new EmailTakenError();
        throw error;
      }
      await this.events.publish(tx, UserRegistered, {
        aggregateId: user.id,
        actorId: user.id,
        payload: {
          userId: user.id,
          email: user.email,
          displayName: user.displayName,
          roles: user.roles,
          timezone: user.timezone,
        },
      });
      await this.audit.record(tx, 'user.registered', { userId: user.id, actorId: user.id, origin });
      await this.sendOneTimeToken(tx, user, 'email_verification');
      return this.openSession(tx, user, newId());
    });
  }

  /**
   * Same 401 (and about the same time: an unknown e-mail is verified against a dummy hash) for an
   * unknown e-mail and a wrong password. A suspended account learns it only with its password.
   */
  async login(input: { email: string; password: string }, origin: RequestOrigin): Promise<Session> {
    const email = normalizeEmail(input.email);
    await this.throttle.loginAttempt(origin, email);
    const user = await this.dataSource.manager.findOne(UserEntity, { where: { email } });
    const valid = await this.passwords.verify(user?.passwordHash ?? null, input.password);
    if (!user || !valid) {
      await this.throttle.loginFailed(origin, email);
      await this.audit.record(this.dataSource.manager, 'login.failed', {
        userId: user?.id ?? null,
        origin,
        data: { email, reason: 'invalid_credentials' },
      });
      throw new InvalidCredentialsError();
    }
    if (user.status === 'suspended') {
      await this.audit.record(this.dataSource.manager, 'login.failed', {
        userId: user.id,
        origin,
        data: { email, reason: 'account_suspended' },
      });
      throw new AccountSuspendedError();
    }
    await this.throttle.loginSucceeded(origin, email);
    // Hashes made under older parameters are upgraded while the password is at hand.
    const rehash = this.passwords.needsRehash(user.passwordHash)
      ? await this.passwords.hash(input.password)
      : null;
    return this.unitOfWork.run(async (tx) => {
      if (rehash) {
        user.upgradePasswordHash(rehash);
        await tx.manager.save(user);
      }
      await this.audit.record(tx, 'login.succeeded', { userId: user.id, actorId: user.id, origin });
      return this.openSession(tx, user, newId());
    });
  }

  /**
   * Rotates: the presented token is spent and a new pair returned. Presenting a spent token again
   * means it leaked (or a client raced itself): its whole family, every token descended from that
   * login, is revoked and the reuse is audited.
   */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<Session> {
    const outcome = await this.unitOfWork.run(async (tx) => {
      const token = await tx.manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: hashToken(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      if (!token || token.revokedAt || token.expiresAt <= now) return null;
      if (token.usedAt) {
        await this.revokeFamily(tx, token.familyId);
        await this.audit.record(tx, 'refresh_token.reused', {
          userId: token.userId,
          origin,
          data: { familyId: token.familyId },
        });
        return null;
      }
      const user = await tx.manager.findOne(UserEntity, { where: { id: token.userId } });
      if (!user || user.status !== 'active') return null;
      await tx.manager.update(RefreshTokenEntity, { id: token.id }, { usedAt: now });
      return this.openSession(tx, user, token.familyId);
    });
    if (!outcome) throw new InvalidTokenError('refresh token');
    return outcome;
  }

  /** Ends the session the refresh token belongs to (its whole family); someone else's is ignored. */
  async logout(userId: string, refreshToken: string): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const token = await tx.manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: hashToken(refreshToken), userId },
      });
      if (token) await this.revokeFamily(tx, token.familyId);
    });
  }

  /** Always accepted (no account oracle); mails a single-use reset token when the account exists. */
  async forgotPassword(email: string, origin: RequestOrigin): Promise<void> {
    await this.throttle.signupAttempt(origin);
    await this.unitOfWork.run(async (tx) => {
      const user = await tx.manager.findOne(UserEntity, {
        where: { email: normalizeEmail(email) },
      });
      if (user && user.status === 'active') await this.sendOneTimeToken(tx, user, 'password_reset');
    });
  }

  /**
   * Sets a new password with a mailed token (once). Every session of the user ends: all refresh
   * token families are revoked and the token version moves on, so access tokens stop too.
   */
  async resetPassword(token: string, password: string, origin: RequestOrigin): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new WeakPasswordError(problem);
    const passwordHash = await this.passwords.hash(password);
    await this.unitOfWork.run(async (tx) => {
      const user = await this.lockUser(
        tx,
        await this.spendOneTimeToken(tx, token, 'password_reset'),
      );
      const now = this.clock.now();
      user.changePassword(passwordHash, now);
      await tx.manager.save(user);
      await tx.manager.update(
        RefreshTokenEntity,
        { userId: user.id, revokedAt: IsNull() },
        { revokedAt: now },
      );
      await this.audit.record(tx, 'password.reset', { userId: user.id, actorId: user.id, origin });
    });
  }

  async verifyEmail(token: string, origin: RequestOrigin): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const userId = await this.spendOneTimeToken(tx, token, 'email_verification');
      const user = await this.lockUser(tx, userId);
      if (user.verifyEmail(this.clock.now())) await tx.manager.save(user);
      await this.audit.record(tx, 'email.verified', { userId, actorId: userId, origin });
    });
  }

  /**
   * A signed access token (HS256, `kid`, issuer, audience) for the user's roles and version,
   * issued now by the Clock: jsonwebtoken counts `exp` from the `iat` it is given.
   */
  signAccessToken(user: Pick<UserEntity, 'id' | 'roles' | 'tokenVersion'>): string {
    return this.jwt.sign(
      { roles: user.roles, ver: user.tokenVersion, iat: epochSeconds(this.clock.now()) },
      { subject: user.id },
    );
  }

  /** The user a spent one-time token belongs to, locked for the change it authorises. */
  private async lockUser(tx: Transaction, userId: string): Promise<UserEntity> {
    const user = await tx.manager.findOne(UserEntity, {
      where: { id: userId },
      lock: { mode: 'pessimistic_write' },
    });
    // The token's foreign key guarantees the row; its absence is a broken invariant, not a 400.
    if (!user) throw new Error(`One-time token of a missing user ${userId}`);
    return user;
  }

  private async openSession(tx: Transaction, user: UserEntity, familyId: string): Promise<Session> {
    const refreshToken = randomToken();
    const now = this.clock.now();
    await tx.manager.insert(RefreshTokenEntity, {
      id: newId(),
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.refreshTtlMs),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return {
      user: toUserView(user),
      accessToken: this.signAccessToken(user),
      refreshToken,
      expiresIn: this.accessTtl,
    };
  }

  private revokeFamily(tx: Transaction, familyId: string) {
    return tx.manager.update(
      RefreshTokenEntity,
      { familyId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }

  /**
   * Stores a new single-use token (hashed) and mails it. An earlier unused token of the same
   * purpose stops working: only the newest mail counts. The mail job is enqueued inside the
   * transaction: if enqueueing fails nothing is stored, and the job needs nothing from the database.
   */
  private async sendOneTimeToken(tx: Transaction, user: UserEntity, purpose: OneTimePurpose) {
    const token = randomToken();
    const now = this.clock.now();
    await tx.manager.query(
      `UPDATE identity.one_time_tokens SET used_at = $3
        WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`,
      [user.id, purpose, now],
    );
    await tx.manager.query(
      `INSERT INTO identity.one_time_tokens (id, user_id, purpose, token_hash, expires_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        newId(),
        user.id,
        purpose,
        hashToken(token),
        new Date(now.getTime() + ONE_TIME_TOKEN_TTL_MS[purpose]),
        now,
      ],
    );
    await this.jobs.enqueue(SendMail, { to: user.email, ...oneTimeTokenMail(purpose, token) });
  }

  /** Spends a mailed token: valid, unexpired and unused, or a 400. Returns its user. */
  private async spendOneTimeToken(
    tx: Transaction,
    token: string,
    purpose: OneTimePurpose,
  ): Promise<string> {
    const now = this.clock.now();
    const [rows] = (await tx.manager.query(
      `UPDATE identity.one_time_tokens SET used_at = $3
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING user_id`,
      [hashToken(token), purpose, now],
    )) as [{ user_id: string }[], number];
    const spent = rows[0];
    if (!spent) throw new InvalidOneTimeTokenError();
    return spent.user_id;
  }
}
