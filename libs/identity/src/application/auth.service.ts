import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  Clock,
  EventBus,
  JobQueue,
  PG_UNIQUE_VIOLATION,
  RateLimiter,
  SendMail,
  UnitOfWork,
  newId,
  pgError,
  type Environment,
  type Transaction,
} from '@etutors/platform';
import jwt from 'jsonwebtoken';
import { IsNull } from 'typeorm';
import { OneTimeTokenEntity, RefreshTokenEntity, UserEntity } from '../domain/identity.entities.js';
import { normalizeEmail, passwordProblem } from '../domain/password-policy.js';
import { hashToken, keyId, randomToken } from '../domain/tokens.js';
import { UserRegistered } from '../events.js';
import {
  AccountSuspendedError,
  EmailTakenError,
  InvalidCredentialsError,
  InvalidOneTimeTokenError,
  InvalidTokenError,
  TooManyAttemptsError,
  WeakPasswordError,
} from '../identity.errors.js';
import { AccessStateCache } from './access-state.cache.js';
import { AuditLog, type RequestOrigin } from './audit-log.js';
import { JWT_AUDIENCE, JWT_ISSUER } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { toUserView, type UserView } from './user-view.js';

export interface Session {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

const MINUTE = 60_000;
const RESET_TTL_MS = 30 * MINUTE;
const VERIFY_TTL_MS = 24 * 60 * MINUTE;

/** Sign-up, sign-in and the token lifecycle. */
@Injectable()
export class AuthService {
  private readonly env: Pick<
    Environment,
    | 'JWT_SECRET'
    | 'ACCESS_TOKEN_TTL'
    | 'REFRESH_TOKEN_TTL'
    | 'RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT'
    | 'RATE_LIMIT_LOGIN_PER_IP'
    | 'RATE_LIMIT_SIGNUP_PER_IP'
  >;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditLog,
    private readonly limits: RateLimiter,
    private readonly access: AccessStateCache,
    config: ConfigService<Environment, true>,
  ) {
    this.env = {
      JWT_SECRET: config.get('JWT_SECRET', { infer: true }),
      ACCESS_TOKEN_TTL: config.get('ACCESS_TOKEN_TTL', { infer: true }),
      REFRESH_TOKEN_TTL: config.get('REFRESH_TOKEN_TTL', { infer: true }),
      RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT: config.get('RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT', {
        infer: true,
      }),
      RATE_LIMIT_LOGIN_PER_IP: config.get('RATE_LIMIT_LOGIN_PER_IP', { infer: true }),
      RATE_LIMIT_SIGNUP_PER_IP: config.get('RATE_LIMIT_SIGNUP_PER_IP', { infer: true }),
    };
  }

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
    await this.limitSignup(origin);
    const problem = passwordProblem(input.password);
    if (problem) throw new WeakPasswordError(problem);
    const passwordHash = await this.passwords.hash(input.password);
    const now = this.clock.now();
    const user: UserEntity = {
      id: newId(),
      email: normalizeEmail(input.email),
      displayName: input.displayName.trim(),
      passwordHash,
      roles: [input.role],
      status: 'active',
      timezone: input.timezone ?? 'UTC',
      emailVerifiedAt: null,
      tokenVersion: 0,
      createdAt: now,
      updatedAt: now,
    };
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

  /** Same 401 (and about the same time) for an unknown e-mail and a wrong password. */
  async login(input: { email: string; password: string }, origin: RequestOrigin): Promise<Session> {
    const email = normalizeEmail(input.email);
    const perIp = await this.limits.hit(
      `login-ip:${origin.ip ?? 'unknown'}`,
      this.env.RATE_LIMIT_LOGIN_PER_IP,
      MINUTE,
    );
    if (!perIp.allowed) throw new TooManyAttemptsError(perIp.retryAfterSeconds);
    const accountKey = `login-failures:${email}`;
    const failures = this.env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT;
    const locked = await this.limits.check(accountKey, failures);
    if (!locked.allowed) throw new TooManyAttemptsError(locked.retryAfterSeconds);

    const user = await this.unitOfWork.run((tx) =>
      tx.manager.findOne(UserEntity, { where: { email } }),
    );
    const valid = await this.passwords.verify(user?.passwordHash ?? null, input.password);
    if (!user || !valid) {
      const counted = await this.limits.hit(accountKey, failures, 15 * MINUTE);
      await this.unitOfWork.run((tx) =>
        this.audit.record(tx, 'login.failed', {
          userId: user?.id ?? null,
          origin,
          data: { email },
        }),
      );
      if (!counted.allowed) throw new TooManyAttemptsError(counted.retryAfterSeconds);
      throw new InvalidCredentialsError();
    }
    if (user.status === 'suspended') throw new AccountSuspendedError();
    await this.limits.reset(accountKey);
    const rehash = this.passwords.needsRehash(user.passwordHash)
      ? await this.passwords.hash(input.password)
      : null;
    return this.unitOfWork.run(async (tx) => {
      if (rehash) await tx.manager.update(UserEntity, { id: user.id }, { passwordHash: rehash });
      await this.audit.record(tx, 'login.succeeded', { userId: user.id, actorId: user.id, origin });
      return this.openSession(tx, user, newId());
    });
  }

  /** Rotates: the presented token is spent. Presenting a spent one revokes its whole family. */
  async refresh(refreshToken: string, origin: RequestOrigin): Promise<Session> {
    const outcome = await this.unitOfWork.run(async (tx) => {
      const token = await tx.manager.findOne(RefreshTokenEntity, {
        where: { tokenHash: hashToken(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      const now = this.clock.now();
      if (!token || token.revokedAt || token.expiresAt <= now) return { error: true as const };
      if (token.usedAt) {
        await this.revokeFamily(tx, token.familyId);
        await this.audit.record(tx, 'refresh_token.reused', {
          userId: token.userId,
          origin,
          data: { familyId: token.familyId },
        });
        return { error: true as const };
      }
      const user = await tx.manager.findOne(UserEntity, { where: { id: token.userId } });
      if (!user || user.status !== 'active') return { error: true as const };
      await tx.manager.update(RefreshTokenEntity, { id: token.id }, { usedAt: now });
      return { session: await this.openSession(tx, user, token.familyId) };
    });
    if ('error' in outcome) throw new InvalidTokenError('refresh token');
    return outcome.session;
  }

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
    await this.limitSignup(origin);
    await this.unitOfWork.run(async (tx) => {
      const user = await tx.manager.findOne(UserEntity, {
        where: { email: normalizeEmail(email) },
      });
      if (user && user.status === 'active') await this.sendOneTimeToken(tx, user, 'password_reset');
    });
  }

  async resetPassword(token: string, password: string, origin: RequestOrigin): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new WeakPasswordError(problem);
    const passwordHash = await this.passwords.hash(password);
    await this.unitOfWork.run(async (tx) => {
      const userId = await this.spendOneTimeToken(tx, token, 'password_reset');
      await tx.manager.update(
        UserEntity,
        { id: userId },
        { passwordHash, updatedAt: this.clock.now() },
      );
      await tx.manager.update(
        RefreshTokenEntity,
        { userId, revokedAt: IsNull() },
        { revokedAt: this.clock.now() },
      );
      await this.audit.record(tx, 'password.reset', { userId, actorId: userId, origin });
    });
  }

  async verifyEmail(token: string, origin: RequestOrigin): Promise<void> {
    await this.unitOfWork.run(async (tx) => {
      const userId = await this.spendOneTimeToken(tx, token, 'email_verification');
      await tx.manager.update(UserEntity, { id: userId }, { emailVerifiedAt: this.clock.now() });
      await this.audit.record(tx, 'email.verified', { userId, actorId: userId, origin });
    });
  }

  /** A signed access token for the user's current roles and token version. */
  signAccessToken(user: Pick<UserEntity, 'id' | 'roles' | 'tokenVersion'>): string {
    return jwt.sign({ roles: user.roles, ver: user.tokenVersion }, this.env.JWT_SECRET, {
      algorithm: 'HS256',
      subject: user.id,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      expiresIn: this.env.ACCESS_TOKEN_TTL,
      keyid: keyId(this.env.JWT_SECRET),
    });
  }

  private async openSession(tx: Transaction, user: UserEntity, familyId: string): Promise<Session> {
    const refreshToken = randomToken();
    const now = this.clock.now();
    await tx.manager.insert(RefreshTokenEntity, {
      id: newId(),
      userId: user.id,
      familyId,
      tokenHash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + this.env.REFRESH_TOKEN_TTL * 1000),
      usedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    return {
      user: toUserView(user),
      accessToken: this.signAccessToken(user),
      refreshToken,
      expiresIn: this.env.ACCESS_TOKEN_TTL,
    };
  }

  private revokeFamily(tx: Transaction, familyId: string) {
    return tx.manager.update(
      RefreshTokenEntity,
      { familyId, revokedAt: IsNull() },
      { revokedAt: this.clock.now() },
    );
  }

  private async sendOneTimeToken(
    tx: Transaction,
    user: UserEntity,
    purpose: 'password_reset' | 'email_verification',
  ) {
    const token = randomToken();
    const now = this.clock.now();
    await tx.manager.insert(OneTimeTokenEntity, {
      id: newId(),
      userId: user.id,
      purpose,
      tokenHash: hashToken(token),
      expiresAt: new Date(
        now.getTime() + (purpose === 'password_reset' ? RESET_TTL_MS : VERIFY_TTL_MS),
      ),
      usedAt: null,
      createdAt: now,
    });
    const message =
      purpose === 'password_reset'
        ? {
            subject: 'Reset your E-Tutors password',
            text: `Use this token within 30 minutes to set a new password:\n\n${token}\n`,
          }
        : {
            subject: 'Verify your e-mail for E-Tutors',
            text: `Use this token within 24 hours to verify your e-mail:\n\n${token}\n`,
          };
    await this.jobs.enqueue(SendMail, { to: user.email, ...message });
  }

  private async spendOneTimeToken(
    tx: Transaction,
    token: string,
    purpose: OneTimeTokenEntity['purpose'],
  ): Promise<string> {
    const [row] = (await tx.manager.query(
      `UPDATE identity.one_time_tokens SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
        RETURNING user_id`,
      [hashToken(token), purpose, this.clock.now()],
    )) as [{ user_id: string }[], number];
    const spent = row[0];
    if (!spent) throw new InvalidOneTimeTokenError();
    return spent.user_id;
  }

  private async limitSignup(origin: RequestOrigin) {
    const result = await this.limits.hit(
      `signup-ip:${origin.ip ?? 'unknown'}`,
      this.env.RATE_LIMIT_SIGNUP_PER_IP,
      60 * MINUTE,
    );
    if (!result.allowed) throw new TooManyAttemptsError(result.retryAfterSeconds);
  }

  /** Used after a change to roles or status committed. */
  invalidateAccess(userId: string) {
    return this.access.invalidate(userId);
  }
}
