import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { integerSetting } from '@etutors/platform';

/** The messaging context's settings: the live stream (`GET /notifications/stream`). */
export class MessagingSettings {
  /** Seconds between the heartbeat comments of a live stream. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(300)
  STREAM_HEARTBEAT_SECONDS = 15;

  /** Live streams one user may hold open on one API instance; one more is a 429. */
  @Transform(integerSetting)
  @IsInt()
  @Min(1)
  @Max(100)
  STREAMS_PER_USER = 5;
}
