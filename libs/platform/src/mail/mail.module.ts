import { Global, Injectable, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { CapturingMailer, Mailer, SendMail, SmtpMailer, type MailMessage } from './mailer.js';

@Injectable()
export class SendMailHandler {
  constructor(private readonly mailer: Mailer) {}

  @JobHandler(SendMail)
  async send(message: MailMessage): Promise<void> {
    await this.mailer.send(message);
  }
}

/** Nodemailer over SMTP_URL in production; a capturing mailer when it is unset. */
@Global()
@Module({
  providers: [
    {
      provide: Mailer,
      inject: [ConfigService],
      useFactory: (config: ConfigService<Environment, true>) => {
        const url = config.get('SMTP_URL', { infer: true });
        return url
          ? new SmtpMailer(url, config.get('MAIL_FROM', { infer: true }))
          : new CapturingMailer();
      },
    },
    SendMailHandler,
  ],
  exports: [Mailer],
})
export class MailModule {}
