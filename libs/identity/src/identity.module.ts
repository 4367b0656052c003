import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ACCESS_TOKEN_STRATEGY, defineSettings, publishesEvents } from '@etutors/platform';
import { AuditLog } from './application/audit-log.js';
import { AuthThrottle } from './application/auth-throttle.js';
import { AuthService } from './application/auth.service.js';
import { BootstrapAdmin } from './application/bootstrap-admin.js';
import { IdentityQueries } from './application/identity-queries.js';
import { JWT_AUDIENCE, JWT_ISSUER, JwtStrategy } from './application/jwt.strategy.js';
import { PasswordHasher } from './application/password-hasher.js';
import { UsersService } from './application/users.service.js';
import { signingKeys } from './domain/tokens.js';
import { AuditEventsReader } from './infrastructure/audit-events.reader.js';
import { UserReader } from './infrastructure/user.reader.js';
import * as identityEvents from './events.js';
import { IdentitySettings } from './identity.settings.js';

const identitySettings = defineSettings(IdentitySettings);

/** The identity context's core: accounts, sessions, the `jwt` strategy, the bootstrap admin. */
@Module({
  imports: [
    PassportModule,
    // Signing only ever uses the current secret; verification (JwtStrategy) also accepts the previous ones.
    JwtModule.registerAsync({
      extraProviders: [identitySettings],
      inject: [IdentitySettings],
      useFactory: (settings: IdentitySettings) => {
        const [current] = signingKeys(settings.JWT_SECRET, undefined);
        return {
          // A key object, so that jsonwebtoken does not try (and fail) to parse the secret as a
          // PEM private key on every sign; @nestjs/jwt hands it through (its typings say string).
          secret: current!.key as unknown as string,
          signOptions: {
            algorithm: 'HS256',
            issuer: JWT_ISSUER,
            audience: JWT_AUDIENCE,
            expiresIn: settings.ACCESS_TOKEN_TTL,
            keyid: current!.kid,
          },
        };
      },
    }),
  ],
  providers: [
    publishesEvents('identity', identityEvents),
    identitySettings,
    IdentityQueries,
    UserReader,
    AuditEventsReader,
    AuditLog,
    AuthThrottle,
    AuthService,
    BootstrapAdmin,
    JwtStrategy,
    // The platform's global guard authenticates every request with it.
    { provide: ACCESS_TOKEN_STRATEGY, useExisting: JwtStrategy },
    PasswordHasher,
    UsersService,
  ],
  exports: [AuthService, UsersService, IdentityQueries],
})
export class IdentityModule {}
