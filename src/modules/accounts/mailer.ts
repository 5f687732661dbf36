import { createTransport, type Transporter } from 'nodemailer';
import { logger } from '../../server/logger';

// Outgoing e-mail (verification and password-reset tokens): SMTP through nodemailer when SMTP_URL
// is set. Without it, in development the console mailer prints the whole message, token included,
// on a terminal, and the log mailer (output not a terminal) writes the token as the log line's
// `developmentToken` field, so the flows can be tried locally either way; in production the log
// mailer records only that a mail was not sent (never the address, a personal datum, nor the token).
// Tests read the memory mailer's outbox.

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** The single-use token the message carries, if any. */
  token?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** Development only: the token is printed, as the message would carry it (never use it in production). */
export class ConsoleMailer implements Mailer {
  constructor(private readonly write: (text: string) => void = (text) => console.log(text)) {}

  async send(message: MailMessage): Promise<void> {
    const body = message.text.split('\n').map((line) => `[mail]   ${line}`).join('\n');
    this.write(`[mail] ${message.subject}\n${body}${message.token ? `\n[mail]   token: ${message.token}` : ''}`);
  }
}

/**
 * No SMTP_URL and no terminal: nothing can be sent; a warn log line says so with the subject. With
 * `includeToken` (development only, never production) it also carries the message's token as the
 * field `developmentToken` (not `token`, which the logger redacts), so the verification and
 * password-reset flows can be followed from JSON log lines.
 */
export class LogMailer implements Mailer {
  constructor(private readonly includeToken = false) {}

  async send(message: MailMessage): Promise<void> {
    const developmentToken = this.includeToken && message.token ? { developmentToken: message.token } : {};
    logger().warn({ component: 'mail', subject: message.subject, ...developmentToken }, 'mail not sent: SMTP_URL is not set');
  }
}

/** SMTP through nodemailer; smtpUrl as nodemailer reads it: smtp(s)://user:password@host:port. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(smtpUrl: string, private readonly from: string) {
    this.transport = createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
  }
}

export class MemoryMailer implements Mailer {
  readonly outbox: MailMessage[] = [];

  async send(message: MailMessage): Promise<void> {
    this.outbox.push(message);
  }

  lastTo(address: string): MailMessage | undefined {
    return [...this.outbox].reverse().find((message) => message.to === address);
  }
}
