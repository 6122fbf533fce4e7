import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { SmtpMailer } from '@simline/platform';
import { consentConfig } from '../config.js';

/** Sends the consent e-mails through SMTP (`SMTP_URL` of the consent service's configuration). */
@Injectable()
export class Mailer extends SmtpMailer implements OnModuleDestroy {
  constructor() {
    super(() => consentConfig().SMTP_URL);
  }

  onModuleDestroy(): void {
    this.close();
  }
}
