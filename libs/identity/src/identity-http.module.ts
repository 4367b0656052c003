import { Module } from '@nestjs/common';
import { AuthController } from './http/auth.controller.js';
import { AdminUsersController, UsersController } from './http/users.controller.js';
import { IdentityModule } from './identity.module.js';

/** The identity routes; imported by the API only. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, UsersController, AdminUsersController],
})
export class IdentityHttpModule {}
