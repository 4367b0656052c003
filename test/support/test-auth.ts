// Stand-in for the identity context's JWT strategy while it is not wired in: verifies tokens the
// tests sign with JWT_SECRET. Only test apps that pass `imports: [TestAuthModule]` use it.
import { Injectable, Module } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import jwt from 'jsonwebtoken';
import type { AuthUser, Role } from '@etutors/platform';

const secret = () => process.env.JWT_SECRET!;

@Injectable()
class TestJwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secret(),
      algorithms: ['HS256'],
    });
  }

  validate(payload: { sub: string; roles: Role[] }): AuthUser {
    return { id: payload.sub, roles: payload.roles };
  }
}

@Module({ providers: [TestJwtStrategy] })
export class TestAuthModule {}

export const signTestToken = (id: string, roles: Role[]) =>
  jwt.sign({ sub: id, roles }, secret(), { algorithm: 'HS256', expiresIn: 900 });
