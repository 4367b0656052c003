import { Transform } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { integerSetting } from '@etutors/platform';

/** The scheduling context's settings. */
export class SchedulingSettings {
  /** Minutes an unpaid booking holds its slot. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  BOOKING_HOLD_MINUTES = 15;
}
