import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiProblems, CurrentUser, type AuthUser } from '@etutors/platform';
import { FeedStreams } from '../infrastructure/feed-streams.js';
import { TooManyStreamsError } from '../messaging.errors.js';
import { resumeAfter, StreamQueryDto } from './notifications-stream.dto.js';

const EXAMPLE_STREAM = [
  'retry: 2000',
  'id: 41',
  '',
  'id: 42',
  'event: notification',
  'data: {"id":"0190a0c0-0000-7000-8000-000000000000","type":"booking_confirmed","title":"…"}',
  '',
  ': heartbeat',
  '',
].join('\n');

@ApiTags('messaging')
@Controller('notifications')
export class NotificationsStreamController {
  constructor(private readonly streams: FeedStreams) {}

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Live stream of new notifications and messages (Server-Sent Events)',
    description:
      'Each new notification (`event: notification`) and message (`event: message`) of the caller, within a second of its commit on any API instance; `data` is the JSON its REST route returns and `id` its position in the caller’s feed. A comment line every 15 s keeps the connection open. The stream ends within one heartbeat of the access token expiring or being revoked (suspension, role change, password reset), after an `event: session_ended` whose `data` gives the `reason` (`expired` or `revoked`): reconnect with a fresh token. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to get exactly what was missed, then live items. At most 5 streams per user at once.',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The id of the last event received: the stream resumes after it.',
    schema: { type: 'string', pattern: '^\\d{1,15}$', example: '42' },
  })
  @ApiOkResponse({
    description: 'an endless text/event-stream',
    content: { 'text/event-stream': { schema: { type: 'string', example: EXAMPLE_STREAM } } },
  })
  @ApiProblems(new TooManyStreamsError(5))
  stream(
    @CurrentUser() user: AuthUser,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): void {
    this.streams.open(user, resumeAfter(query, lastEventId), reply);
  }
}
