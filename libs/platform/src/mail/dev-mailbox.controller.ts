import { Controller, Get, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators.js';
import { ResourceNotFoundError } from '../http/domain-error.js';
import { CapturingMailer, Mailer, type CapturedMail } from './mailer.js';

const MAX_MESSAGES = 50;

/**
 * `GET /api/v1/dev/mailbox[?to=address]`: the e-mails captured instead of sent, newest first, full
 * text included, so password reset and e-mail verification can be tried end to end. Mounted only
 * outside production (see MailModule) and kept out of the OpenAPI document: it is a developer's
 * tool, not part of the API.
 */
@ApiExcludeController()
@Public()
@Controller('dev/mailbox')
export class DevMailboxController {
  constructor(private readonly mailer: Mailer) {}

  @Get()
  list(@Query('to') to?: unknown): { data: CapturedMail[] } {
    // With SMTP_URL set, mail really leaves: there is nothing to show.
    if (!(this.mailer instanceof CapturingMailer)) throw new ResourceNotFoundError('mailbox');
    const address = typeof to === 'string' ? to.trim().toLowerCase() : undefined;
    const messages = this.mailer.sent
      .filter((message) => !address || message.to.toLowerCase() === address)
      .slice(-MAX_MESSAGES)
      .reverse();
    return { data: messages };
  }
}
