import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field: string;
  @ApiProperty({ example: 'email must be an email' }) message: string;
}

/** RFC 9457 problem details, as every error response carries. */
export class ProblemDto {
  @ApiProperty({ example: 'https://etutors.dev/problems/booking.slot_taken' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ type: 'integer', example: 409 }) status: number;
  @ApiProperty({ example: 'That slot was taken a moment ago' }) detail: string;
  @ApiProperty({ example: 'booking.slot_taken' }) code: string;
  @ApiProperty({ example: '/api/v1/bookings' }) instance: string;
  @ApiPropertyOptional({ example: '0190a1b2-...' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
  @ApiPropertyOptional({
    example: 'within_notice',
    description: 'why a booking or time off is refused (the end of `code`)',
  })
  reason?: string;
  @ApiPropertyOptional({ type: 'integer', example: 60, description: 'with 429, as Retry-After' })
  retryAfterSeconds?: number;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId?: string;
  errors?: { field: string; message: string }[];
  [extra: string]: unknown;
}

export const problemType = (code: string) => `https://etutors.dev/problems/${code}`;
