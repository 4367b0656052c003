import { Global, Injectable, Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Environment } from '../config/environment.js';
import { JobHandler } from '../jobs/job-handler.decorator.js';
import { DevMailboxController } from './dev-mailbox.controller.js';
import { CapturingMailer, Mailer, SendMail, SmtpMailer, type MailMessage } from './mailer.js';

@Injectable()
export class SendMailHandler {
  constructor(private readonly mailer: Mailer) {}

  @JobHandler(SendMail)
  async send(message: MailMessage): Promise<void> {
    await this.mailer.send(message);
  }
}

export interface MailOptions {
  /** Serve `GET /api/v1/dev/mailbox` (never in production, whatever is asked). */
  mailbox?: boolean;
}

/** Nodemailer over SMTP_URL in production; a capturing mailer when it is unset. */
@Global()
@Module({})
export class MailModule {
  /** Read when the app's module graph is built, after the environment was validated. */
  static forRoot(options: MailOptions = {}): DynamicModule {
    const mailbox = options.mailbox === true && process.env.NODE_ENV !== 'production';
    return {
      module: MailModule,
      controllers: mailbox ? [DevMailboxController] : [],
      providers: [
        {
          provide: Mailer,
          inject: [ConfigService],
          useFactory: (config: ConfigService<Environment, true>) => {
            const url = config.get('SMTP_URL', { infer: true });
            return url
              ? new SmtpMailer(url, config.get('MAIL_FROM', { infer: true }))
              : new CapturingMailer(config.get('NODE_ENV', { infer: true }) !== 'production');
          },
        },
        SendMailHandler,
      ],
      exports: [Mailer],
    };
  }
}
