import type { ConsentRequestType } from '@simline/contracts';
import type { Locale } from '../consent-requests/consent-request.rules.js';
import { escapeHtml } from '../approval/approval.page.js';
import { formatTime, MESSAGES, type SubscriptionFacts } from '../approval/messages.js';

export interface ConsentEmailInput {
  locale: Locale;
  type: ConsentRequestType;
  brand: string;
  /** The partner's support contact, if the project has one. */
  support?: string | null;
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

/**
 * The sender of a project's e-mails: its `emails.from` (with the brand as display name when it has none), else
 * the service's default address under the brand's name, so the end user sees who asks them.
 */
export function senderOf(
  from: string | null,
  brand: string,
  fallback: string,
): { name: string; address: string } {
  const parse = (v: string) => {
    const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(v);
    return m ? { name: m[1]!.trim(), address: m[2]!.trim() } : { name: '', address: v.trim() };
  };
  if (from) {
    const f = parse(from);
    return { name: f.name || brand, address: f.address };
  }
  return { name: brand, address: parse(fallback).address };
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
    ...(i.support ? [m.supportLine(i.brand, i.support)] : []),
  ];
  const html = `<!doctype html><html lang="${i.locale}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(m.emailGreeting(i.userName))}</p>
<p>${escapeHtml(m.emailIntro(i.brand, op))}</p>
<p><strong>${escapeHtml(op)}</strong>: ${escapeHtml(m.subscription(i.subscription))}<br>${escapeHtml(m.effect[i.type])}</p>
<p><a href="${escapeHtml(i.link)}" style="display:inline-block;padding:10px 20px;background:#0b57d0;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(m.emailReview)}</a></p>
<p style="font-size:13px;color:#444">${escapeHtml(m.emailFallback)}<br><a href="${escapeHtml(i.link)}">${escapeHtml(i.link)}</a></p>
<p style="font-size:13px;color:#444">${escapeHtml(m.validUntil(formatTime(i.expiresAt, i.locale)))} ${escapeHtml(m.ignoreIfUnexpected)}</p>${
    i.support
      ? `\n<p style="font-size:13px;color:#444">${escapeHtml(m.supportLine(i.brand, i.support))}</p>`
      : ''
  }
</body></html>`;
  return { subject: m.emailSubject(op), text: lines.join('\n'), html };
}
