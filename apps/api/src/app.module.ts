import { Module } from '@nestjs/common';
import { PlatformModule } from '@etutors/platform';
import { DATABASE } from '../../../migrations/data-source.js';

/** The HTTP process: the platform plus every context's core and HTTP modules. */
@Module({
  imports: [PlatformModule.forRoot({ role: 'api', database: DATABASE })],
})
export class AppModule {}
