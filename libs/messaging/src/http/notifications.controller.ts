import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  ParseIdPipe,
  ResourceNotFoundError,
  toPage,
  type AuthUser,
} from '@etutors/platform';
import { NotificationsService } from '../application/notifications.service.js';
import {
  ListNotificationsQueryDto,
  NotificationDto,
  notificationDto,
  NotificationPreferencesDto,
  preferencesDto,
  UpdateNotificationPreferencesDto,
} from './notifications.dto.js';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({
    summary: 'List your notifications',
    description: 'Newest first; `unread=true` for the unread ones only.',
  })
  @ApiPageResponse(NotificationDto)
  async list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQueryDto) {
    const page = await this.notifications.list(user.id, {
      unread: query.unread === true,
      page: query.page,
      limit: query.limit,
    });
    return toPage(page.data.map(notificationDto), page.meta.total, query);
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  @ApiNoContentResponse({ description: 'all read' })
  async readAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user.id);
  }

  @Get('preferences')
  @ApiOperation({
    summary: 'Your notification preferences',
    description:
      'Which types also come by e-mail (all, until you turn some off) and your quiet hours (22:00–08:00 in your time zone until you change them).',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  async preferences(@CurrentUser() user: AuthUser): Promise<NotificationPreferencesDto> {
    return preferencesDto(await this.notifications.preferences(user.id));
  }

  @Put('preferences')
  @ApiOperation({
    summary: 'Change your notification preferences',
    description:
      'Switches the e-mail types named in `email` (the others keep their setting) and replaces the quiet hours when `quietHours` is given (null: none). In-app notifications are always on.',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  async updatePreferences(
    @CurrentUser() user: AuthUser,
    @Body() body: UpdateNotificationPreferencesDto,
  ): Promise<NotificationPreferencesDto> {
    return preferencesDto(
      await this.notifications.updatePreferences(user.id, {
        email: body.email && { ...body.email },
        quietHours: body.quietHours === null ? null : body.quietHours && { ...body.quietHours },
      }),
    );
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a notification read' })
  @ApiNoContentResponse({ description: 'read (again, if it was)' })
  @ApiProblems(new ResourceNotFoundError('notification'))
  async read(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.notifications.markRead(user.id, id);
  }
}
