// Every word the end user reads (approval page and e-mail), in the languages we speak. Plain functions of
// the facts, so that the page and the e-mail say the same thing.
import type { ConsentRequestType } from '@simline/contracts';
import type { LinkState, Locale } from '../consent-requests/consent-request.rules.js';

export interface SubscriptionFacts {
  id: string;
  planName: string | null;
  phoneNumber: string | null;
}

export interface Messages {
  /** Short name of the operation, for titles and subjects. */
  operation: Record<ConsentRequestType, string>;
  /** One sentence saying what approving will do. */
  effect: Record<ConsentRequestType, string>;
  subscription(s: SubscriptionFacts): string;
  requestedBy(brand: string): string;
  pageTitle(op: string): string;
  approveIntro: string;
  approveButton: string;
  /** The end user's refusal: the request is canceled and the partner's support sees why. */
  declineButton: string;
  declineNote: string;
  declinedTitle: string;
  declinedBody(brand: string): string;
  supportLine(brand: string, contact: string): string;
  validUntil(when: string): string;
  ignoreIfUnexpected: string;
  approvedTitle: string;
  approvedBody(op: string): string;
  approvedFollowUp: Record<ConsentRequestType, string>;
  states: Record<Exclude<LinkState, 'open'> | 'invalid', { title: string; body: string }>;
  emailSubject(op: string): string;
  emailGreeting(name: string | null): string;
  emailIntro(brand: string, op: string): string;
  emailReview: string;
  emailFallback: string;
}

const en: Messages = {
  operation: {
    simReplacement: 'SIM replacement',
    providerChange: 'Change of network provider',
    portOutCredentials: 'Port-out credentials',
  },
  effect: {
    simReplacement: 'Your subscription moves to a new SIM. Your current SIM stops working once the new one is active.',
    providerChange: 'Your subscription moves to another network provider, on a new SIM. Your current SIM stops working once the new one is active.',
    portOutCredentials: 'An account number and PIN are created so that you can move your phone number to another carrier.',
  },
  subscription: (s) =>
    `your ${s.planName ? `“${s.planName}” ` : ''}subscription${s.phoneNumber ? ` with the phone number ${s.phoneNumber}` : ''}`,
  requestedBy: (brand) => `${brand} asked for this on your behalf.`,
  pageTitle: (op) => `Approve: ${op}`,
  approveIntro: 'Please check the request below. Nothing happens unless you approve it.',
  approveButton: 'Approve',
  declineButton: 'I did not ask for this',
  declineNote: 'If this request is not yours, cancel it here: nothing will be changed.',
  declinedTitle: 'The request was canceled',
  supportLine: (brand, contact) => `${brand} customer support: ${contact}`,
  declinedBody: (brand) => `Nothing will be changed. ${brand} sees that you did not ask for this; if you think someone else is using your account, please contact customer support.`,
  validUntil: (when) => `This link is valid until ${when}.`,
  ignoreIfUnexpected: 'If you did not ask for this, do not approve it and contact customer support.',
  approvedTitle: 'Thank you: approved',
  approvedBody: (op) => `You approved the request: ${op}.`,
  approvedFollowUp: {
    simReplacement: 'The SIM replacement is being carried out now. You can close this page.',
    providerChange: 'The change of provider is being carried out now. You can close this page.',
    portOutCredentials: 'Customer support will now share your account number and PIN with you. You can close this page.',
  },
  states: {
    expired: { title: 'This link has expired', body: 'Approval links are valid for a limited time only. Please contact customer support to get a new link.' },
    canceled: { title: 'This request was canceled', body: 'There is nothing to approve any more. If you still need this, please contact customer support.' },
    used: { title: 'This link has already been used', body: 'The request was already approved. Each link works only once; there is nothing else to do.' },
    subscriptionInactive: { title: 'This request can no longer be approved', body: 'The subscription is not active any more. Please contact customer support.' },
    invalid: { title: 'This link is not valid', body: 'Please check that you opened the whole link from the e-mail, or contact customer support.' },
  },
  emailSubject: (op) => `Please review: ${op} for your mobile subscription`,
  emailGreeting: (name) => (name ? `Hello ${name},` : 'Hello,'),
  emailIntro: (brand, op) => `${brand} asked for an operation on your mobile subscription that needs your approval: ${op}.`,
  emailReview: 'Review the request',
  emailFallback: 'If the button does not work, copy this link into your browser:',
};

const de: Messages = {
  operation: {
    simReplacement: 'SIM-Tausch',
    providerChange: 'Wechsel des Netzanbieters',
    portOutCredentials: 'Zugangsdaten für die Rufnummernmitnahme',
  },
  effect: {
    simReplacement: 'Ihr Vertrag wechselt auf eine neue SIM. Ihre bisherige SIM funktioniert nicht mehr, sobald die neue aktiv ist.',
    providerChange: 'Ihr Vertrag wechselt mit einer neuen SIM zu einem anderen Netzanbieter. Ihre bisherige SIM funktioniert nicht mehr, sobald die neue aktiv ist.',
    portOutCredentials: 'Es werden eine Kundennummer und eine PIN erstellt, damit Sie Ihre Rufnummer zu einem anderen Anbieter mitnehmen können.',
  },
  subscription: (s) =>
    `Ihr ${s.planName ? `Tarif „${s.planName}“` : 'Vertrag'}${s.phoneNumber ? ` mit der Rufnummer ${s.phoneNumber}` : ''}`,
  requestedBy: (brand) => `${brand} hat dies in Ihrem Auftrag angefragt.`,
  pageTitle: (op) => `Bestätigen: ${op}`,
  approveIntro: 'Bitte prüfen Sie die folgende Anfrage. Ohne Ihre Bestätigung geschieht nichts.',
  approveButton: 'Bestätigen',
  declineButton: 'Das habe ich nicht angefragt',
  declineNote: 'Wenn diese Anfrage nicht von Ihnen stammt, stornieren Sie sie hier: Es wird nichts geändert.',
  declinedTitle: 'Die Anfrage wurde storniert',
  supportLine: (brand, contact) => `Kundendienst von ${brand}: ${contact}`,
  declinedBody: (brand) => `Es wird nichts geändert. ${brand} sieht, dass Sie dies nicht angefragt haben; wenn Sie glauben, dass jemand anderes Ihr Konto nutzt, wenden Sie sich bitte an den Kundendienst.`,
  validUntil: (when) => `Dieser Link ist gültig bis ${when}.`,
  ignoreIfUnexpected: 'Wenn Sie dies nicht angefragt haben, bestätigen Sie bitte nicht und wenden Sie sich an den Kundendienst.',
  approvedTitle: 'Vielen Dank: bestätigt',
  approvedBody: (op) => `Sie haben die Anfrage bestätigt: ${op}.`,
  approvedFollowUp: {
    simReplacement: 'Der SIM-Tausch wird jetzt durchgeführt. Sie können diese Seite schließen.',
    providerChange: 'Der Anbieterwechsel wird jetzt durchgeführt. Sie können diese Seite schließen.',
    portOutCredentials: 'Der Kundendienst teilt Ihnen nun Ihre Kundennummer und PIN mit. Sie können diese Seite schließen.',
  },
  states: {
    expired: { title: 'Dieser Link ist abgelaufen', body: 'Bestätigungslinks sind nur begrenzt gültig. Bitte wenden Sie sich an den Kundendienst, um einen neuen Link zu erhalten.' },
    canceled: { title: 'Diese Anfrage wurde storniert', body: 'Es gibt nichts mehr zu bestätigen. Wenn Sie dies weiterhin benötigen, wenden Sie sich bitte an den Kundendienst.' },
    used: { title: 'Dieser Link wurde bereits verwendet', body: 'Die Anfrage wurde bereits bestätigt. Jeder Link funktioniert nur einmal; Sie müssen nichts weiter tun.' },
    subscriptionInactive: { title: 'Diese Anfrage kann nicht mehr bestätigt werden', body: 'Der Vertrag ist nicht mehr aktiv. Bitte wenden Sie sich an den Kundendienst.' },
    invalid: { title: 'Dieser Link ist ungültig', body: 'Bitte prüfen Sie, ob Sie den vollständigen Link aus der E-Mail geöffnet haben, oder wenden Sie sich an den Kundendienst.' },
  },
  emailSubject: (op) => `Bitte prüfen: ${op} für Ihren Mobilfunkvertrag`,
  emailGreeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
  emailIntro: (brand, op) => `${brand} hat für Ihren Mobilfunkvertrag einen Vorgang angefragt, der Ihre Bestätigung braucht: ${op}.`,
  emailReview: 'Anfrage prüfen',
  emailFallback: 'Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:',
};

export const MESSAGES: Record<Locale, Messages> = { en, de };

/** A time as the user reads it, in UTC (we do not know their time zone). */
export function formatTime(at: Date, locale: Locale): string {
  const text = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(at);
  return `${text} UTC`;
}
