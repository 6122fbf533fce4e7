// The approval page: plain server-rendered HTML, no JavaScript, one form. Everything interpolated is escaped.
import { createHash } from 'node:crypto';
import type { ConsentRequestType } from '@simline/contracts';
import type { LinkState, Locale } from '../consent-requests/consent-request.rules.js';
import { formatTime, MESSAGES, type SubscriptionFacts } from './messages.js';

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1a1a1a;background:#f6f7f9;margin:0}
main{max-width:36rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;border:1px solid #d0d4da}
h1{font-size:1.5rem;margin-top:0}dl{margin:1rem 0}dt{font-weight:600;margin-top:.5rem}dd{margin:0}
button{font-size:1.125rem;padding:.75rem 2rem;border-radius:6px;border:2px solid #0b4fb3;background:#0b57d0;color:#fff;cursor:pointer}
button:hover{background:#0842a0}button:focus-visible{outline:3px solid #f9a825;outline-offset:2px}.note{color:#444;font-size:.95rem}
button.decline{font-size:1rem;padding:.5rem 1.25rem;border-color:#a50e0e;background:#fff;color:#a50e0e}button.decline:hover{background:#fce8e6}`;

/**
 * Headers for every page: no caching; the referrer (which holds the token) only for our own origin, so that the
 * form post carries a real Origin (under `no-referrer` browsers send `Origin: null`); no framing; nothing but
 * our style.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
};

function layout(locale: Locale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface RequestFacts {
  type: ConsentRequestType;
  brand: string;
  /** The partner's support contact, shown when the project has one. */
  support?: string | null;
  subscription: SubscriptionFacts;
  expiresAt: Date;
}

function describe(locale: Locale, r: RequestFacts): string {
  const m = MESSAGES[locale];
  return `<dl>
<dt>${locale === 'de' ? 'Angefragt' : 'Requested'}</dt><dd id="operation">${escapeHtml(m.operation[r.type])}</dd>
<dt>${locale === 'de' ? 'Für' : 'For'}</dt><dd id="subscription">${escapeHtml(m.subscription(r.subscription))}</dd>
<dt>${locale === 'de' ? 'Was geschieht' : 'What happens'}</dt><dd>${escapeHtml(m.effect[r.type])}</dd>
</dl>`;
}

/** The page with the one Approve button (a POST to the same URL). */
export function approvalPage(locale: Locale, r: RequestFacts): string {
  const m = MESSAGES[locale];
  const op = m.operation[r.type];
  return layout(
    locale,
    m.pageTitle(op),
    `<h1>${escapeHtml(m.pageTitle(op))}</h1>
<p>${escapeHtml(m.approveIntro)} ${escapeHtml(m.requestedBy(r.brand))}</p>
${describe(locale, r)}
<form method="post">
<input type="hidden" name="decision" value="approve">
<button type="submit">${escapeHtml(m.approveButton)}</button>
</form>
<p class="note">${escapeHtml(m.validUntil(formatTime(r.expiresAt, locale)))}</p>
<form method="post">
<p class="note">${escapeHtml(m.declineNote)}</p>
<input type="hidden" name="decision" value="decline">
<button type="submit" class="decline">${escapeHtml(m.declineButton)}</button>
</form>${r.support ? `\n<p class="note" id="support">${escapeHtml(m.supportLine(r.brand, r.support))}</p>` : ''}`,
  );
}

/** The confirmation after approving. */
export function approvedPage(locale: Locale, r: RequestFacts): string {
  const m = MESSAGES[locale];
  return layout(
    locale,
    m.approvedTitle,
    `<h1>${escapeHtml(m.approvedTitle)}</h1>
<p role="status">${escapeHtml(m.approvedBody(m.operation[r.type]))}</p>
${describe(locale, r)}
<p>${escapeHtml(m.approvedFollowUp[r.type])}</p>`,
  );
}

/** The confirmation after "I did not ask for this". */
export function declinedPage(locale: Locale, r: RequestFacts): string {
  const m = MESSAGES[locale];
  return layout(
    locale,
    m.declinedTitle,
    `<h1>${escapeHtml(m.declinedTitle)}</h1>
<p role="status">${escapeHtml(m.declinedBody(r.brand))}</p>
${describe(locale, r)}${r.support ? `\n<p class="note" id="support">${escapeHtml(m.supportLine(r.brand, r.support))}</p>` : ''}`,
  );
}

/** A link that cannot be used (expired, canceled, used, unknown…). */
export function statePage(locale: Locale, state: Exclude<LinkState, 'open'> | 'invalid'): string {
  const { title, body } = MESSAGES[locale].states[state];
  return layout(locale, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>`);
}

/** A POST that did not come from the page itself. */
export function forbiddenPage(locale: Locale): string {
  const title = locale === 'de' ? 'Bestätigung nicht möglich' : 'This approval was not accepted';
  const body =
    locale === 'de'
      ? 'Bestätigungen werden nur über die Schaltfläche auf dieser Seite angenommen. Bitte öffnen Sie den Link aus der E-Mail erneut.'
      : 'Approvals are only accepted from the button on this page. Please open the link from the e-mail again.';
  return layout(locale, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(body)}</p>`);
}
