import { Body, Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { pickLocale, type Locale } from '../consent-requests/consent-request.rules.js';
import { ConsentRequestsService, type LinkView } from '../consent-requests/consent-requests.service.js';
import { approvalPage, approvedPage, declinedPage, forbiddenPage, PAGE_HEADERS, statePage, type RequestFacts } from './approval.page.js';

/** The public prefix of the approval pages (served without the internal token). */
export const CONSENT_PAGE_PREFIX = '/consent/';

function facts(v: LinkView): RequestFacts {
  const r = v.request!;
  return {
    type: r.type,
    brand: v.brand ?? r.project,
    support: v.support ?? null,
    expiresAt: r.expiresAt,
    subscription: { id: r.subscriptionId, planName: v.view?.subscription.plan.name ?? null, phoneNumber: v.view?.subscription.phoneNumber ?? null },
  };
}

/** Language for a page without a request (unknown link): the browser's first choice if we speak it. */
function browserLocale(acceptLanguage: string | undefined): Locale {
  return pickLocale(acceptLanguage?.split(',')[0]);
}

/**
 * A POST counts only when it comes from the page itself. The token in the URL is the secret a forger would
 * need; on top, browsers tell us where a form was posted from (Sec-Fetch-Site, Origin), and anything
 * cross-site is refused. GET never changes anything (mail scanners open links).
 */
export function isCrossSite(h: Record<string, string | string[] | undefined>): boolean {
  const site = h['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') return true;
  const origin = h.origin;
  if (typeof origin !== 'string') return false;
  if (origin === 'null') return true;
  const forwarded = h['x-forwarded-host'];
  const host = (typeof forwarded === 'string' ? forwarded : typeof h.host === 'string' ? h.host : '').split(',')[0]!.trim();
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

@Controller('consent')
export class ApprovalController {
  constructor(private readonly consent: ConsentRequestsService) {}

  @Get(':token')
  async show(@Param('token') token: string, @Headers('accept-language') lang: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const v = await this.consent.inspectLink(token);
    if (v.state === 'invalid' || !v.request) return this.send(reply, 404, statePage(browserLocale(lang), 'invalid'));
    const locale = pickLocale(v.request.locale);
    if (v.state !== 'open') return this.send(reply, v.state === 'expired' || v.state === 'canceled' ? 410 : 200, statePage(locale, v.state));
    return this.send(reply, 200, approvalPage(locale, facts(v)));
  }

  @Post(':token')
  async approve(
    @Param('token') token: string,
    @Body('decision') decision: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const lang = typeof headers['accept-language'] === 'string' ? headers['accept-language'] : undefined;
    if (isCrossSite(headers) || (decision !== 'approve' && decision !== 'decline')) return this.send(reply, 403, forbiddenPage(browserLocale(lang)));
    if (decision === 'decline') {
      const d = await this.consent.declineLink(token);
      if (d.state === 'invalid' || !d.request) return this.send(reply, 404, statePage(browserLocale(lang), 'invalid'));
      const locale = pickLocale(d.request.locale);
      if (!d.declinedNow) return this.send(reply, d.state === 'expired' || d.state === 'canceled' ? 410 : 409, statePage(locale, d.state === 'open' ? 'used' : d.state));
      return this.send(reply, 200, declinedPage(locale, facts(d)));
    }
    const v = await this.consent.approveLink(token);
    if (v.state === 'invalid' || !v.request) return this.send(reply, 404, statePage(browserLocale(lang), 'invalid'));
    const locale = pickLocale(v.request.locale);
    if (!v.approvedNow) return this.send(reply, v.state === 'expired' || v.state === 'canceled' ? 410 : 409, statePage(locale, v.state === 'open' ? 'used' : v.state));
    return this.send(reply, 200, approvedPage(locale, facts(v)));
  }

  private send(reply: FastifyReply, status: number, html: string): void {
    void reply.status(status).headers(PAGE_HEADERS).send(html);
  }
}
