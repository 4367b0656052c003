import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { integerSetting } from '@etutors/platform';

/** The scheduling context's settings. */
export class SchedulingSettings {
  /** Minutes an unpaid booking holds its slot. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  BOOKING_HOLD_MINUTES = 15;

  /** Unpaid bookings a student may hold at once. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  MAX_UNPAID_BOOKINGS_PER_STUDENT = 3;

  /** Hours a tutor who confirms requests has to answer a paid one (never past its start). */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(168)
  TUTOR_RESPONSE_HOURS = 24;
}
