import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { MultiLine } from '@etutors/platform';
import {
  MESSAGE_KINDS,
  MESSAGE_MAX_LENGTH,
  PLAIN_TEXT,
  type MessageKind,
} from '../domain/message.js';

// ---- Conversations and messages ----

export class OpenConversationDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'The other user: an approved tutor (for a student), or a student you have a booking with (for a tutor)',
  })
  @IsUUID()
  participantId: string;
}

export class SendMessageDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MESSAGE_MAX_LENGTH,
    description:
      'Plain text, stored and returned as sent (clients escape it); no control characters but newline and tab. Until the pair has a confirmed booking, e-mail addresses, phone numbers and links are hidden.',
    example: 'Hello! Could we go through chapter 3 on Tuesday?',
  })
  @MultiLine()
  @IsString()
  @Length(1, MESSAGE_MAX_LENGTH)
  @Matches(PLAIN_TEXT, {
    message: 'body must be plain text: no control characters other than newline and tab',
  })
  body: string;
}

export class MarkReadDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The newest message read; the read cursor only moves forward',
  })
  @IsUUID()
  upToMessageId: string;
}

export class MessagesQueryDto {
  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'A page’s `meta.nextCursor`: messages older than that one',
  })
  @IsOptional()
  @IsUUID()
  before?: string;

  @ApiProperty({ required: false, type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) conversationId: string;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'null for a system message',
  })
  senderId: string | null;
  @ApiProperty({ enum: MESSAGE_KINDS, description: 'system: booking news' }) kind: MessageKind;
  @ApiProperty() body: string;
  @ApiProperty({
    description: 'Contact details in the body were hidden (the pair has no confirmed booking yet)',
  })
  masked: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class MessagesPageMetaDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Pass as `before` for the next, older page; null on the oldest page',
  })
  nextCursor: string | null;
}

export class MessagesPageDto {
  @ApiProperty({ type: [MessageDto], description: 'newest first' }) data: MessageDto[];
  @ApiProperty({ type: MessagesPageMetaDto }) meta: MessagesPageMetaDto;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: [String], format: 'uuid', minItems: 2, maxItems: 2 })
  participantIds: string[];
  @ApiProperty({ format: 'uuid', description: 'The other participant' }) participantId: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time', description: 'when its newest message was sent' })
  lastActivityAt: string;
  @ApiProperty({ type: MessageDto, nullable: true }) lastMessage: MessageDto | null;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'messages from others not yet read' })
  unreadCount: number;
}
