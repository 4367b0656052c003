import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { AuthUser, Environment, Role } from '@etutors/platform';
import { admits, cacheIsBehind } from '../domain/access-state.js';
import { keyFor, signingKeys } from '../domain/tokens.js';
import { AccessStateCache } from './access-state.cache.js';

export const JWT_ISSUER = 'etutors';
export const JWT_AUDIENCE = 'etutors-api';

interface AccessClaims {
  sub: string;
  roles: Role[];
  ver: number;
}

/**
 * The `jwt` strategy behind the platform's global guard: bearer header only, HS256 only, issuer,
 * audience and expiry checked, the key chosen by `kid` among the current and previous secrets
 * (a token without a known `kid` is refused), and the account's current access state checked, so
 * a suspension or role change revokes every earlier token on its next request.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: ConfigService<Environment, true>,
    private readonly access: AccessStateCache,
  ) {
    const keys = signingKeys(
      config.get('JWT_SECRET', { infer: true }),
      config.get('JWT_PREVIOUS_SECRETS', { infer: true }),
    );
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
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

  async validate(claims: AccessClaims): Promise<AuthUser | false> {
    if (typeof claims.sub !== 'string' || !Array.isArray(claims.roles)) return false;
    let state = await this.access.get(claims.sub);
    if (cacheIsBehind(state, claims.ver)) state = await this.access.reload(claims.sub);
    if (!admits(state, claims.ver)) return false;
    return { id: claims.sub, roles: claims.roles };
  }
}
