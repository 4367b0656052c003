import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A refusal the server gives a recipient's next deliveries. */
interface PlannedRefusal {
  code: number;
  message: string;
  times: number;
}

export interface SmtpInbox {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  /** Every message accepted, parsed, in arrival order. */
  received: ParsedMail[];
  /** The messages accepted for `address`. */
  to(address: string): ParsedMail[];
  /** How many times a message for `address` reached DATA, accepted or not. */
  attemptsFor(address: string): number;
  /** Answers the next `times` deliveries to `address` with `code` (451: try later, 550: never). */
  refuse(address: string, code: number, times: number): void;
  /** Forgets what `address` received and how often it was tried. */
  forget(address: string): void;
  close(): Promise<void>;
}

const recipientsOf = (session: { envelope: { rcptTo: { address: string }[] } }) =>
  session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());

/** A real SMTP server on loopback (no TLS, no auth) that keeps and parses what it is sent. */
export async function startSmtpInbox(): Promise<SmtpInbox> {
  const received: ParsedMail[] = [];
  const attempts = new Map<string, number>();
  const refusals = new Map<string, PlannedRefusal>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const recipients = recipientsOf(session);
        for (const address of recipients) attempts.set(address, (attempts.get(address) ?? 0) + 1);
        const refusal = recipients.map((address) => refusals.get(address)).find((r) => r?.times);
        if (refusal) {
          refusal.times -= 1;
          callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
          return;
        }
        simpleParser(Buffer.concat(chunks)).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const addressesOf = (mail: ParsedMail) =>
    (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((to) =>
      to.value.map((v) => v.address?.toLowerCase()),
    );
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address) => received.filter((mail) => addressesOf(mail).includes(address.toLowerCase())),
    attemptsFor: (address) => attempts.get(address.toLowerCase()) ?? 0,
    refuse: (address, code, times) =>
      refusals.set(address.toLowerCase(), {
        code,
        message: code >= 500 ? 'Mailbox unavailable' : 'Try again later',
        times,
      }),
    forget: (address) => {
      const forgotten = new Set(
        received.filter((mail) => addressesOf(mail).includes(address.toLowerCase())),
      );
      received.splice(0, received.length, ...received.filter((mail) => !forgotten.has(mail)));
      attempts.delete(address.toLowerCase());
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
