import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse, ApiProblems, CurrentUser, Roles, type AuthUser } from '@etutors/platform';
import type { RequestOrigin } from '../application/audit-log.js';
import { UsersService } from '../application/users.service.js';
import {
  AdminUpdateUserDto,
  AdminUsersQueryDto,
  AuditEventDto,
  AuditQueryDto,
  UpdateMeDto,
  UserDto,
} from './identity.dto.js';
import { Origin } from './request-origin.js';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(401)
  me(@CurrentUser() user: AuthUser) {
    return this.users.me(user);
  }

  @Patch('me')
  @ApiOkResponse({ type: UserDto })
  @ApiProblems(400, 401)
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateMeDto) {
    return this.users.updateMe(user, body);
  }
}

@ApiTags('identity')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  @ApiPageResponse(UserDto)
  @ApiProblems(400, 401, 403)
  list(@Query() query: AdminUsersQueryDto) {
    return this.users.list(query);
  }

  @Patch('users/:id')
  @ApiOkResponse({
    type: UserDto,
    description: 'a suspended or re-roled user’s tokens stop working at once',
  })
  @ApiProblems(400, 401, 403, 404, 422)
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AdminUpdateUserDto,
    @Origin() origin: RequestOrigin,
  ) {
    return this.users.update(admin, id, body, origin);
  }

  @Get('audit-events')
  @ApiPageResponse(AuditEventDto)
  @ApiProblems(400, 401, 403)
  audit(@Query() query: AuditQueryDto) {
    return this.users.auditEvents(query);
  }
}
