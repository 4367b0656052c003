import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { defineJob } from '../jobs/job-definition.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text`, when there is one. */
  html?: string;
}

/** Outgoing e-mail. Contexts send through the `SendMail` job, never inline in a request. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}

export interface CapturedMail extends MailMessage {
  capturedAt: string;
}

/**
 * Keeps messages instead of sending them (no SMTP_URL: local runs and tests read them here).
 * Outside production each message is also logged in full, links included, so a developer can
 * follow a password reset or e-mail verification from the log; in production only the
 * recipient and subject are (the text carries single-use tokens).
 * Made by MailModule's factory, never injected by class.
 */
export class CapturingMailer extends Mailer {
  private readonly logger = new Logger('Mailer');
  readonly sent: CapturedMail[] = [];

  constructor(private readonly showText = process.env.NODE_ENV !== 'production') {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    this.sent.push({ ...message, capturedAt: new Date().toISOString() });
    if (this.sent.length > 1000) this.sent.shift();
    if (this.showText)
      this.logger.log(
        `Captured e-mail (not sent: SMTP_URL is unset) to ${message.to}: ${message.subject}\n${message.text}`,
      );
    else this.logger.warn(`Captured e-mail to ${message.to} not sent (SMTP_URL is unset)`);
  }

  /** The newest captured message to `to`, if any. */
  lastTo(to: string): MailMessage | undefined {
    return this.sent.filter((message) => message.to === to).at(-1);
  }
}

/**
 * The SMTP server refused the message for good (a 5xx reply): sending it again would get the
 * same answer. Any other failure (4xx, a lost connection) may pass on a later try.
 */
export class MailRejectedError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
    this.name = 'MailRejectedError';
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
    try {
      await this.transport.sendMail({ from: this.from, ...message });
    } catch (error) {
      const code = (error as { responseCode?: unknown }).responseCode;
      if (typeof code === 'number' && code >= 500 && code < 600)
        throw new MailRejectedError((error as Error).message, code);
      throw error;
    }
  }
}

export const SendMail = defineJob<MailMessage>('notifications', 'platform.send-mail');
