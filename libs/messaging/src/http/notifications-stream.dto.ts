import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { RequestValidationError } from '@etutors/platform';

/** Event ids are feed positions: whole numbers, at most 15 digits (exact as JavaScript numbers). */
const EVENT_ID = /^\d{1,15}$/;
const EVENT_ID_MESSAGE = 'must be the id of an event this stream sent (a whole number)';

export class StreamQueryDto {
  @ApiProperty({
    required: false,
    pattern: EVENT_ID.source,
    example: '42',
    description:
      'Resume after this event id, for clients that cannot set the Last-Event-ID header; the header wins when both are sent.',
  })
  @IsOptional()
  @Matches(EVENT_ID, { message: `lastEventId ${EVENT_ID_MESSAGE}` })
  lastEventId?: string;
}

/** Where the client asks to resume: the `Last-Event-ID` header, else `?lastEventId=`, else now. */
export function resumeAfter(query: StreamQueryDto, header: string | undefined): number | undefined {
  if (header !== undefined) {
    if (!EVENT_ID.test(header))
      throw new RequestValidationError([
        { field: 'Last-Event-ID', message: `Last-Event-ID ${EVENT_ID_MESSAGE}` },
      ]);
    return Number(header);
  }
  return query.lastEventId === undefined ? undefined : Number(query.lastEventId);
}
