import { Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { defineJob } from '../jobs/job-definition.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Outgoing e-mail. Contexts send through the `SendMail` job, never inline in a request. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}

/** Keeps messages instead of sending them (no SMTP_URL: local runs and tests read them here). */
@Injectable()
export class CapturingMailer extends Mailer {
  private readonly logger = new Logger('Mailer');
  readonly sent: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.sent.push(message);
    if (this.sent.length > 1000) this.sent.shift();
    this.logger.log(`Captured e-mail to ${message.to}: ${message.subject}`);
  }

  /** The newest captured message to `to`, if any. */
  lastTo(to: string): MailMessage | undefined {
    return this.sent.filter((message) => message.to === to).at(-1);
  }
}

/** Sends over SMTP (nodemailer). */
export class SmtpMailer extends Mailer {
  private readonly transport: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    super();
    this.transport = nodemailer.createTransport(url);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...message });
  }
}

export const SendMail = defineJob<MailMessage>('notifications', 'platform.send-mail');
