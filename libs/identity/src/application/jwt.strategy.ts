import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import jwt from 'jsonwebtoken';
import type { AuthUser, Environment, Role } from '@etutors/platform';
import { signingKeys } from '../domain/tokens.js';
import { AccessStateCache } from './access-state.cache.js';

export const JWT_ISSUER = 'etutors';
export const JWT_AUDIENCE = 'etutors-api';

interface AccessClaims {
  sub: string;
  roles: Role[];
  ver: number;
}

/**
 * The `jwt` strategy behind the platform's global guard: bearer header only, HS256 only, issuer and
 * audience pinned, the key chosen by `kid` among the current and previous secrets, and the
 * account's current access state checked (suspension and role changes revoke at once).
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
        done: (error: Error | null, secret?: string) => void,
      ) => {
        const decoded = jwt.decode(rawToken, { complete: true });
        const key = keys.find((candidate) => candidate.kid === decoded?.header.kid);
        if (!key) done(new Error('unknown signing key'));
        else done(null, key.secret);
      },
    });
  }

  async validate(claims: AccessClaims): Promise<AuthUser | false> {
    const state = await this.access.get(claims.sub);
    if (!state?.active || state.tokenVersion !== claims.ver) return false;
    return { id: claims.sub, roles: claims.roles };
  }
}
