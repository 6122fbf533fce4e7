// A small client of the mail catcher's HTTP API (Mailpit's /api/v1, which tools/infra's catcher serves too).
import { OpsError } from '../lib/output.js';

export interface MailAddress {
  Name: string;
  Address: string;
}

export interface MailSummary {
  ID: string;
  From: MailAddress;
  To: MailAddress[];
  Subject: string;
  Created: string;
  Snippet: string;
}

export interface MailMessage {
  ID: string;
  From: MailAddress;
  To: MailAddress[];
  Subject: string;
  Date: string;
  Text: string;
  HTML: string;
}

export class MailApi {
  constructor(readonly baseUrl: string = process.env.MAIL_API_URL ?? 'http://127.0.0.1:8025') {}

  private async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, { signal: AbortSignal.timeout(5000) });
    } catch (err) {
      throw new OpsError(
        `cannot reach the mail catcher at ${this.baseUrl} (${(err as Error).message}); is the stack up (npm start)?`,
      );
    }
    if (!res.ok) throw new OpsError(`the mail catcher answered ${res.status} for ${path}`);
    return (await res.json()) as T;
  }

  /** Messages to an address, newest first. */
  async search(to: string, limit = 20): Promise<MailSummary[]> {
    const list = await this.get<{ messages: MailSummary[] }>(
      `/api/v1/search?query=${encodeURIComponent(`to:${to}`)}&limit=${limit}`,
    );
    return list.messages;
  }

  async message(id: string): Promise<MailMessage> {
    return this.get<MailMessage>(`/api/v1/message/${encodeURIComponent(id)}`);
  }

  /** The newest message to an address, or null. */
  async latestTo(to: string): Promise<MailMessage | null> {
    const [first] = await this.search(to, 1);
    return first ? this.message(first.ID) : null;
  }
}

const addr = (a: MailAddress) => (a.Name ? `${a.Name} <${a.Address}>` : a.Address);

/** A message as a person reads it in a terminal: headers, a blank line, the text body. */
export function formatMail(m: MailMessage): string {
  return [
    `From:    ${addr(m.From)}`,
    `To:      ${m.To.map(addr).join(', ')}`,
    `Date:    ${m.Date}`,
    `Subject: ${m.Subject}`,
    '',
    m.Text.trimEnd(),
  ].join('\n');
}
