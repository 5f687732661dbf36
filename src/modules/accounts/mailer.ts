import { logger } from '../../server/logger';

// Outgoing e-mail (verification and password-reset tokens). Production wires a real transport;
// until then the console mailer logs the message, and tests read the memory mailer's outbox.

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

export class ConsoleMailer implements Mailer {
  async send(message: MailMessage): Promise<void> {
    // Through the process's logger, without the address (personal data) or the token (a credential).
    logger().info({ component: 'mail', subject: message.subject }, 'mail sent');
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
