import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';

export interface OutgoingMail {
  /** `Shop <hello@shop.test>`, or the name and address apart (nodemailer quotes the name). */
  from: string | { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}

/**
 * Sends e-mail through SMTP (a local catcher in development and tests): one pooled transport per URL, the URL read
 * on each send so that a test can point it at its catcher. Services wrap it as an injectable with their own config.
 */
export class SmtpMailer {
  private transport?: { url: string; t: Transporter };

  constructor(private readonly smtpUrl: () => string) {}

  private transporter(): Transporter {
    const url = this.smtpUrl();
    if (this.transport?.url !== url) {
      this.transport?.t.close();
      this.transport = {
        url,
        t: nodemailer.createTransport({
          url,
          connectionTimeout: 5000,
          greetingTimeout: 5000,
          socketTimeout: 10_000,
        } as SMTPTransport.Options),
      };
    }
    return this.transport.t;
  }

  /** The message id the SMTP server gave. */
  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter().sendMail(mail);
    return String(info.messageId ?? '');
  }

  close(): void {
    this.transport?.t.close();
    this.transport = undefined;
  }
}
