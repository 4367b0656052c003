import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Clock, type AuthUser } from '@etutors/platform';
import { accessClaims, epochSeconds, type VerifiedClaims } from '../domain/access-claims.js';
import { admits } from '../domain/access-state.js';
import { keyFor, signingKeys } from '../domain/tokens.js';
import { IdentitySettings } from '../identity.settings.js';
import { UserReader } from '../infrastructure/user.reader.js';

export const JWT_ISSUER = 'etutors';
export const JWT_AUDIENCE = 'etutors-api';

/**
 * The `jwt` strategy behind the platform's global guard, run in full on every request: bearer
 * header only, HS256 only, issuer and audience checked by jsonwebtoken, the key chosen by `kid`
 * among the current and previous secrets (a token without a known `kid` is refused). Lifetimes
 * (`exp`, required, and `nbf`) are checked against the platform Clock in `accessClaims`, so
 * tests move time instead of waiting. Then the account's row is read: a suspension, role change
 * or password reset committed on any instance refuses every earlier token on its next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    settings: IdentitySettings,
    private readonly users: UserReader,
    private readonly clock: Clock,
  ) {
    const keys = signingKeys(settings.JWT_SECRET, settings.JWT_PREVIOUS_SECRETS);
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      algorithms: ['HS256'],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      // Checked from the Clock in `validate` instead (jsonwebtoken would read Date.now()).
      ignoreExpiration: true,
      jsonWebTokenOptions: { ignoreNotBefore: true },
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

  /** Called by passport-jwt once the signature and claims checked out. */
  async validate(verified: VerifiedClaims): Promise<AuthUser | false> {
    const claims = accessClaims(verified, epochSeconds(this.clock.now()));
    if (!claims) return false;
    if (!admits(await this.users.accessState(claims.userId), claims.tokenVersion)) return false;
    return {
      id: claims.userId,
      roles: claims.roles,
      session: { expiresAt: claims.expiresAt, tokenVersion: claims.tokenVersion },
    };
  }
}
