import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, ValidateNested } from 'class-validator';
import { PageQueryDto } from '@etutors/platform';
import type { NotificationPreferences } from '../domain/notification-preferences.js';
import { NOTIFICATION_TYPES, type NotificationType } from '../domain/notification-types.js';
import { CLOCK_TIME } from '../domain/quiet-hours.js';
import type { NotificationView } from '../infrastructure/notification.repository.js';

export class ListNotificationsQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, type: Boolean, description: 'only the unread ones' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: NOTIFICATION_TYPES }) type: NotificationType;
  @ApiProperty({ example: 'Lesson confirmed' }) title: string;
  @ApiProperty({
    example: 'Your lesson with Ada on Tue 10 Mar 2026, 14:00 (Europe/Berlin) is confirmed.',
  })
  body: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the facts behind it: ids (booking, conversation, payment…), times, amounts',
  })
  data: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export const notificationDto = (view: NotificationView): NotificationDto => ({
  id: view.id,
  type: view.type,
  title: view.title,
  body: view.body,
  data: view.data,
  readAt: view.readAt,
  createdAt: view.createdAt,
});

export class QuietHoursDto {
  @ApiProperty({ example: '22:00', pattern: CLOCK_TIME.source, description: 'local time, HH:MM' })
  @Matches(CLOCK_TIME, { message: 'start must be a time of day, HH:MM' })
  start: string;

  @ApiProperty({ example: '08:00', pattern: CLOCK_TIME.source, description: 'local time, HH:MM' })
  @Matches(CLOCK_TIME, { message: 'end must be a time of day, HH:MM' })
  end: string;
}

const emailFlag = (type: NotificationType, required: boolean) =>
  ApiProperty({ type: Boolean, required, description: `e-mail for ${type}` });

/** Every type, on or off. */
export class EmailPreferencesDto {
  @emailFlag('booking_requested', true) booking_requested: boolean;
  @emailFlag('booking_confirmed', true) booking_confirmed: boolean;
  @emailFlag('booking_cancelled', true) booking_cancelled: boolean;
  @emailFlag('booking_rescheduled', true) booking_rescheduled: boolean;
  @emailFlag('lesson_reminder', true) lesson_reminder: boolean;
  @emailFlag('new_message', true) new_message: boolean;
  @emailFlag('payment_succeeded', true) payment_succeeded: boolean;
  @emailFlag('refund_issued', true) refund_issued: boolean;
  @emailFlag('payout_sent', true) payout_sent: boolean;
  @emailFlag('review_received', true) review_received: boolean;
  @emailFlag('tutor_approved', true) tutor_approved: boolean;
  @emailFlag('no_show_marked', true) no_show_marked: boolean;
  @emailFlag('dispute_opened', true) dispute_opened: boolean;
  @emailFlag('dispute_contested', true) dispute_contested: boolean;
  @emailFlag('dispute_resolved', true) dispute_resolved: boolean;
  @emailFlag('report_ready', true) report_ready: boolean;
}

const optionalFlag =
  (type: NotificationType): PropertyDecorator =>
  (target, key) => {
    emailFlag(type, false)(target, key);
    IsOptional()(target, key);
    IsBoolean()(target, key);
  };

/** The types to switch; the others stay as they are. */
export class EmailPreferencesChangeDto {
  @optionalFlag('booking_requested') booking_requested?: boolean;
  @optionalFlag('booking_confirmed') booking_confirmed?: boolean;
  @optionalFlag('booking_cancelled') booking_cancelled?: boolean;
  @optionalFlag('booking_rescheduled') booking_rescheduled?: boolean;
  @optionalFlag('lesson_reminder') lesson_reminder?: boolean;
  @optionalFlag('new_message') new_message?: boolean;
  @optionalFlag('payment_succeeded') payment_succeeded?: boolean;
  @optionalFlag('refund_issued') refund_issued?: boolean;
  @optionalFlag('payout_sent') payout_sent?: boolean;
  @optionalFlag('review_received') review_received?: boolean;
  @optionalFlag('tutor_approved') tutor_approved?: boolean;
  @optionalFlag('no_show_marked') no_show_marked?: boolean;
  @optionalFlag('dispute_opened') dispute_opened?: boolean;
  @optionalFlag('dispute_contested') dispute_contested?: boolean;
  @optionalFlag('dispute_resolved') dispute_resolved?: boolean;
  @optionalFlag('report_ready') report_ready?: boolean;
}

export class NotificationPreferencesDto {
  @ApiProperty({ type: EmailPreferencesDto, description: 'which types also come by e-mail' })
  email: EmailPreferencesDto;

  @ApiProperty({
    type: QuietHoursDto,
    nullable: true,
    required: false,
    description:
      'in your time zone, e-mails wait until the window ends (payment e-mails do not); null: none',
  })
  quietHours: QuietHoursDto | null;
}

export class UpdateNotificationPreferencesDto {
  @ApiProperty({ type: EmailPreferencesChangeDto, required: false })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmailPreferencesChangeDto)
  email?: EmailPreferencesChangeDto;

  @ApiProperty({
    type: QuietHoursDto,
    nullable: true,
    required: false,
    description: 'replaces the quiet hours; null turns them off; absent keeps them',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto | null;
}

export const preferencesDto = (
  preferences: NotificationPreferences,
): NotificationPreferencesDto => ({
  email: { ...preferences.email },
  quietHours: preferences.quietHours && { ...preferences.quietHours },
});
