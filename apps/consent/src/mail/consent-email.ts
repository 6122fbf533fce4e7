import type { ConsentRequestType } from '@simline/contracts';
import type { Locale } from '../consent-requests/consent-request.rules.js';
import { escapeHtml } from '../approval/approval.page.js';
import { formatTime, MESSAGES, type SubscriptionFacts } from '../approval/messages.js';

export interface ConsentEmailInput {
  locale: Locale;
  type: ConsentRequestType;
  brand: string;
  userName: string | null;
  subscription: SubscriptionFacts;
  link: string;
  expiresAt: Date;
}

export interface ComposedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The e-mail asking for consent: what was requested, for which subscription, and the link to review it. */
export function composeConsentEmail(i: ConsentEmailInput): ComposedEmail {
  const m = MESSAGES[i.locale];
  const op = m.operation[i.type];
  const lines = [
    m.emailGreeting(i.userName),
    '',
    m.emailIntro(i.brand, op),
    '',
    `${op}: ${m.subscription(i.subscription)}`,
    m.effect[i.type],
    '',
    `${m.emailReview}: ${i.link}`,
    '',
    m.validUntil(formatTime(i.expiresAt, i.locale)),
    m.ignoreIfUnexpected,
  ];
  const html = `<!doctype html><html lang="${i.locale}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(m.emailGreeting(i.userName))}</p>
<p>${escapeHtml(m.emailIntro(i.brand, op))}</p>
<p><strong>${escapeHtml(op)}</strong>: ${escapeHtml(m.subscription(i.subscription))}<br>${escapeHtml(m.effect[i.type])}</p>
<p><a href="${escapeHtml(i.link)}" style="display:inline-block;padding:10px 20px;background:#0b57d0;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(m.emailReview)}</a></p>
<p style="font-size:13px;color:#444">${escapeHtml(m.emailFallback)}<br><a href="${escapeHtml(i.link)}">${escapeHtml(i.link)}</a></p>
<p style="font-size:13px;color:#444">${escapeHtml(m.validUntil(formatTime(i.expiresAt, i.locale)))} ${escapeHtml(m.ignoreIfUnexpected)}</p>
</body></html>`;
  return { subject: m.emailSubject(op), text: lines.join('\n'), html };
}
