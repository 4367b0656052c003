import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
  type Page,
} from '@etutors/platform';
import type { RequestOrigin } from '../application/audit-log.js';
import { UsersService } from '../application/users.service.js';
import { InvalidRolesError, SelfChangeError } from '../identity.errors.js';
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
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: 'Your account' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.me(user);
  }

  @Patch('me')
  @ApiOperation({
    summary: 'Change your display name or time zone',
    description: '`roles`, `email` and `status` are not accepted here (400).',
  })
  @ApiOkResponse({ type: UserDto })
  update(@CurrentUser() user: AuthUser, @Body() body: UpdateMeDto): Promise<UserDto> {
    return this.users.updateMe(user, body);
  }
}

@ApiTags('identity')
@Roles('admin')
@Controller('admin')
export class AdminUsersController {
  constructor(private readonly users: UsersService) {}

  @Get('users')
  @ApiOperation({
    summary: 'List users',
    description: 'Filter by role, status, or `q` (part of the e-mail or display name).',
  })
  @ApiPageResponse(UserDto)
  list(@Query() query: AdminUsersQueryDto): Promise<Page<UserDto>> {
    return this.users.list(query);
  }

  @Patch('users/:id')
  @ApiOkResponse({
    type: UserDto,
    description: 'a suspended or re-roled user’s tokens stop working at once',
  })
  @ApiOperation({
    summary: 'Suspend, reactivate or change the roles of a user',
    description:
      'A suspended or re-roled user’s access tokens are refused on their next request. Admins cannot suspend or demote themselves.',
  })
  @ApiProblems(new InvalidRolesError(), new ResourceNotFoundError('user'), new SelfChangeError())
  update(
    @CurrentUser() admin: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: AdminUpdateUserDto,
    @Origin() origin: RequestOrigin,
  ): Promise<UserDto> {
    return this.users.update(admin, id, body, origin);
  }

  @Get('audit-events')
  @ApiOperation({
    summary: 'Read the identity audit log',
    description: 'Sign-ups, sign-ins, failures, role and status changes, with actor and origin.',
  })
  @ApiPageResponse(AuditEventDto)
  audit(@Query() query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.users.auditEvents(query);
  }
}
