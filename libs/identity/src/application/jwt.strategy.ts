import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser, Environment, Role } from '@etutors/platform';
import { admits, cacheIsBehind } from '../domain/access-state.js';
import { keyFor, signingKeys } from '../domain/tokens.js';
import { VerifiedTokens, epochSeconds, type VerifiedClaims } from '../domain/verified-tokens.js';
import { AccessStateCache } from './access-state.cache.js';

export const JWT_ISSUER = 'etutors';
export const JWT_AUDIENCE = 'etutors-api';

/** Tokens remembered as verified per process (a few hundred bytes each). */
const VERIFIED_TOKENS_LIMIT = 10_000;

const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** A request as passport's typings name it (they say Express; Fastify's works the same here). */
type PassportRequest = Parameters<Strategy['authenticate']>[0];

/**
 * The `jwt` strategy behind the platform's global guard: bearer header only, HS256 only, issuer,
 * audience and expiry checked, the key chosen by `kid` among the current and previous secrets
 * (a token without a known `kid` is refused), and the account's current access state checked, so
 * a suspension or role change revokes every earlier token on its next request. A token seen
 * before skips the signature and claim checks (see `VerifiedTokens`), never the account's state.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  private readonly verified = new VerifiedTokens(VERIFIED_TOKENS_LIMIT);

  constructor(
    config: ConfigService<Environment, true>,
    private readonly access: AccessStateCache,
  ) {
    const keys = signingKeys(
      config.get('JWT_SECRET', { infer: true }),
      config.get('JWT_PREVIOUS_SECRETS', { infer: true }),
    );
    super({
      jwtFromRequest: bearerToken,
      passReqToCallback: true,
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      ignoreExpiration: false,
      secretOrKeyProvider: (
        _request: unknown,
        rawToken: string,
        done: (error: Error | null, secret?: Buffer) => void,
      ) => {
        const key = keyFor(rawToken, keys);
        // passport-jwt hands the key to jsonwebtoken untouched, which takes a KeyObject (its
        // typings only list string | Buffer).
        if (key) done(null, key.key as unknown as Buffer);
        else done(new Error('unknown signing key'));
      },
    });
  }

  /** passport's entry point, run on a copy per request: a token verified before goes to `admit`. */
  override authenticate(request: PassportRequest, options?: object): void {
    const token = bearerToken(request);
    const claims = token ? this.verified.get(token, epochSeconds()) : undefined;
    if (!claims) return super.authenticate(request, options);
    this.admit(claims).then(
      (user) => (user ? this.success(user) : this.fail(401)),
      (error: Error) => this.error(error),
    );
  }

  /** Called by passport-jwt once the token passed verification. */
  async validate(request: PassportRequest, claims: VerifiedClaims): Promise<AuthUser | false> {
    const user = await this.admit(claims);
    if (user) this.verified.remember(bearerToken(request)!, claims);
    return user;
  }

  /** The user a verified token stands for, if the account's current state still admits it. */
  private async admit(claims: VerifiedClaims): Promise<AuthUser | false> {
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return false;
    let state = await this.access.get(claims.sub);
    if (cacheIsBehind(state, claims.ver)) state = await this.access.reload(claims.sub);
    if (!admits(state, claims.ver)) return false;
    return { id: claims.sub, roles: claims.roles as Role[] };
  }
}
