import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { consentConfig } from '../config.js';
import type { ComposedEmail } from './consent-email.js';

/** Sends e-mail through SMTP (a local catcher in development and tests). One pooled transport per URL. */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private transport?: { url: string; t: Transporter };

  private transporter(): Transporter {
    const url = consentConfig().SMTP_URL;
    if (this.transport?.url !== url) {
      this.transport?.t.close();
      this.transport = { url, t: nodemailer.createTransport({ url, connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 } as SMTPTransport.Options) };
    }
    return this.transport.t;
  }

  async send(mail: ComposedEmail & { from: string; to: string; headers?: Record<string, string> }): Promise<string> {
    const info = await this.transporter().sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
    return String(info.messageId ?? '');
  }

  onModuleDestroy(): void {
    this.transport?.t.close();
  }
}
