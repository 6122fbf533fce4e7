import type { UsageAllowance, UsageThreshold } from '@simline/contracts';

export const EMAIL_LOCALES = ['en', 'de'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** The user's language if the e-mail speaks it (`de-AT` → `de`), else English. */
export function emailLocale(preferred: string | null | undefined): EmailLocale {
  const lang = (preferred ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (EMAIL_LOCALES as readonly string[]).includes(lang ?? '') ? (lang as EmailLocale) : 'en';
}

/** An amount as a person reads it: data in MB or GB, voice in minutes, SMS in messages. */
export function formatAmount(allowance: UsageAllowance, n: number, locale: EmailLocale): string {
  const num = (v: number, digits = 0) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  if (allowance === 'data')
    return n >= 1e9 ? `${num(n / 1e9, 2)} GB` : n >= 1e6 ? `${num(n / 1e6, 1)} MB` : `${num(n / 1e3)} kB`;
  if (allowance === 'voice') return `${num(Math.ceil(n / 60))} min`;
  return `${num(n)} SMS`;
}

const day = (iso: string, locale: EmailLocale) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(iso));

type Phrases = Record<UsageAllowance, string>;

const MESSAGES = {
  en: {
    subject: (t: number, a: UsageAllowance) => {
      const what: Phrases = { data: 'data', voice: 'call minutes', sms: 'text messages' };
      return t >= 100 ? `You have used all your ${what[a]}` : `You have used ${t} % of your ${what[a]}`;
    },
    greeting: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    body: (used: string, limit: string, t: number, a: UsageAllowance, from: string, to: string) => {
      const what: Phrases = { data: 'data', voice: 'call minutes', sms: 'text messages' };
      return `You have used ${used} of the ${limit} of ${what[a]} in your current period (${from} – ${to}): ${t} %.`;
    },
    renews: (to: string) => `Your allowance renews on ${to}. A top-up adds more before then.`,
    signature: (brand: string) => `Your ${brand} team`,
  },
  de: {
    subject: (t: number, a: UsageAllowance) => {
      const usedUp: Phrases = {
        data: 'Ihr Datenvolumen ist aufgebraucht',
        voice: 'Ihre Gesprächsminuten sind aufgebraucht',
        sms: 'Ihre SMS sind aufgebraucht',
      };
      const of: Phrases = { data: 'Ihres Datenvolumens', voice: 'Ihrer Gesprächsminuten', sms: 'Ihrer SMS' };
      return t >= 100 ? usedUp[a] : `Sie haben ${t} % ${of[a]} verbraucht`;
    },
    greeting: (name: string | null) => (name ? `Hallo ${name},` : 'Hallo,'),
    body: (used: string, limit: string, t: number, a: UsageAllowance, from: string, to: string) => {
      const of: Phrases = { data: 'Ihres Datenvolumens', voice: 'Ihrer Gesprächsminuten', sms: 'Ihrer SMS' };
      return `Sie haben im laufenden Zeitraum (${from} – ${to}) ${used} von ${limit} ${of[a]} verbraucht: ${t} %.`;
    },
    renews: (to: string) =>
      `Ihr Kontingent erneuert sich am ${to}. Mit einer Aufladung erhalten Sie vorher mehr.`,
    signature: (brand: string) => `Ihr ${brand}-Team`,
  },
} as const;

export interface ThresholdEmail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The e-mail telling a user they reached a usage threshold, in their locale. */
export function composeThresholdEmail(i: {
  locale: EmailLocale;
  brand: string;
  userName: string | null;
  threshold: UsageThreshold;
}): ThresholdEmail {
  const m = MESSAGES[i.locale];
  const t = i.threshold;
  const from = day(t.period.start, i.locale);
  const to = day(t.period.end, i.locale);
  const lines = [
    m.greeting(i.userName),
    '',
    m.body(
      formatAmount(t.allowance, t.used, i.locale),
      formatAmount(t.allowance, t.limit, i.locale),
      t.threshold,
      t.allowance,
      from,
      to,
    ),
    m.renews(to),
    '',
    m.signature(i.brand),
  ];
  const html = `<!doctype html><html lang="${i.locale}"><body style="font-family:sans-serif;line-height:1.5">${lines
    .filter((l) => l)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}</body></html>`;
  return { subject: m.subject(t.threshold, t.allowance), text: lines.join('\n'), html };
}
