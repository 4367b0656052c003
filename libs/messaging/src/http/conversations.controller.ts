import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import {
  ApiPageResponse,
  ApiProblems,
  CurrentUser,
  PageQueryDto,
  ParseIdPipe,
  ResourceNotFoundError,
  Roles,
  type AuthUser,
} from '@etutors/platform';
import { ConversationsService } from '../application/conversations.service.js';
import { MessagesService } from '../application/messages.service.js';
import {
  ConversationNotAllowedError,
  ConversationWithSelfError,
  MessageCursorInvalidError,
  MessageRateLimitedError,
} from '../messaging.errors.js';
import {
  ConversationDto,
  MarkReadDto,
  MessageDto,
  MessagesPageDto,
  MessagesQueryDto,
  OpenConversationDto,
  SendMessageDto,
} from './messaging.dto.js';

@ApiTags('messaging')
@Roles('student', 'tutor')
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Open a conversation',
    description:
      'One per pair of users. A student may open one with an approved tutor; a tutor with a student they have a booking with. 201 with a new conversation; 200 with the pair’s existing one.',
  })
  @ApiCreatedResponse({ type: ConversationDto, description: 'a new conversation' })
  @ApiOkResponse({ type: ConversationDto, description: 'the pair’s existing conversation' })
  @ApiProblems(new ConversationNotAllowedError(), new ConversationWithSelfError())
  async open(
    @CurrentUser() caller: AuthUser,
    @Body() body: OpenConversationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConversationDto> {
    const { conversation, created } = await this.conversations.open(caller, body.participantId);
    void reply.status(created ? 201 : 200);
    return conversation;
  }

  @Get()
  @ApiOperation({
    summary: 'List your conversations',
    description: 'Newest activity first, each with its last message and your unread count.',
  })
  @ApiPageResponse(ConversationDto)
  list(@CurrentUser() viewer: AuthUser, @Query() query: PageQueryDto) {
    return this.conversations.list(viewer, query);
  }

  @Get(':id/messages')
  @ApiOperation({
    summary: 'Read a conversation’s messages',
    description:
      'Newest first, a cursor page: pass `meta.nextCursor` as `before` for older messages. Messages arriving meanwhile never shift a page.',
  })
  @ApiOkResponse({ type: MessagesPageDto })
  @ApiProblems(new ResourceNotFoundError('conversation'), new MessageCursorInvalidError())
  messagesOf(
    @CurrentUser() reader: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Query() query: MessagesQueryDto,
  ): Promise<MessagesPageDto> {
    return this.messages
      .page(reader, id, query.before ?? null, query.limit)
      .then(({ data, nextCursor }) => ({ data, meta: { nextCursor } }));
  }

  @Post(':id/messages')
  @ApiOperation({
    summary: 'Send a message',
    description:
      'Plain text, 1 to 4000 characters. Until the pair has a confirmed booking, e-mail addresses, phone numbers and links are hidden and the answer says `masked: true`. Rate-limited per user.',
  })
  @ApiCreatedResponse({ type: MessageDto })
  @ApiProblems(new ResourceNotFoundError('conversation'), new MessageRateLimitedError(60))
  send(
    @CurrentUser() sender: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: SendMessageDto,
  ): Promise<MessageDto> {
    return this.messages.send(sender, id, body.body);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Mark messages read',
    description:
      'Moves your read cursor forward to the message; an older one leaves it where it is.',
  })
  @ApiNoContentResponse({ description: 'Read up to that message' })
  @ApiProblems(new ResourceNotFoundError('conversation'), new ResourceNotFoundError('message'))
  async markRead(
    @CurrentUser() reader: AuthUser,
    @Param('id', ParseIdPipe) id: string,
    @Body() body: MarkReadDto,
  ): Promise<void> {
    await this.messages.markRead(reader, id, body.upToMessageId);
  }
}
