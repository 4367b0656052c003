import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { AccessStateCache } from './application/access-state.cache.js';
import { AuditLog } from './application/audit-log.js';
import { AuthService } from './application/auth.service.js';
import { BootstrapAdmin } from './application/bootstrap-admin.js';
import { IdentityQueries } from './application/identity-queries.js';
import { JwtStrategy } from './application/jwt.strategy.js';
import { PasswordHasher } from './application/password-hasher.js';
import { UsersService } from './application/users.service.js';

/** The identity context's core: accounts, sessions, the `jwt` strategy, the bootstrap admin. */
@Module({
  imports: [PassportModule],
  providers: [
    IdentityQueries,
    AccessStateCache,
    AuditLog,
    AuthService,
    BootstrapAdmin,
    JwtStrategy,
    PasswordHasher,
    UsersService,
  ],
  exports: [AuthService, UsersService, IdentityQueries],
})
export class IdentityModule {}
