import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Clock } from '@simline/clock';
import { ProjectsReplica } from '@simline/platform';
import { OnJob, Scheduler, type JobContext } from '@simline/scheduling';
import { createLogger } from '@simline/observability';
import { consentConfig } from '../config.js';
import { composeConsentEmail, senderOf } from '../mail/consent-email.js';
import { Mailer } from '../mail/mailer.js';
import { ReplicasService } from '../replicas/replicas.service.js';
import { pickLocale } from './consent-request.rules.js';
import { ConsentRequestsService, deliveryJobId, expiryJobId } from './consent-requests.service.js';
import { hashLinkToken, newLinkToken } from './token.util.js';

/**
 * The consent service's scheduled work: e-mailing each new request's link, and expiring requests left pending
 * past their expiry. Both handlers re-read the row and do nothing when the work is done or no longer due; at
 * worker start every pending request gets its jobs back from the database.
 */
@Injectable()
export class ConsentJobs implements OnModuleInit {
  private readonly log = createLogger('consent-jobs');

  constructor(
    private readonly scheduler: Scheduler,
    private readonly consent: ConsentRequestsService,
    private readonly replicas: ReplicasService,
    private readonly projects: ProjectsReplica,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.scheduler.onStart(() => this.reschedule());
  }

  @OnJob('consentRequest.delivery')
  deliveryDue(job: JobContext<'consentRequest.delivery'>): Promise<void> {
    return this.deliver(job.payload.consentRequestId);
  }

  @OnJob('consentRequest.expiry')
  async expiryDue(job: JobContext<'consentRequest.expiry'>): Promise<void> {
    await this.consent.expire(job.payload.consentRequestId);
  }

  async reschedule(): Promise<void> {
    const pending = await this.consent.pendingForRescheduling();
    await this.scheduler.scheduleMany(
      'consentRequest.expiry',
      pending.map((r) => ({ id: expiryJobId(r.id), dueAt: r.expiresAt, project: r.project, payload: { consentRequestId: r.id } })),
    );
    await this.scheduler.scheduleMany(
      'consentRequest.delivery',
      pending.filter((r) => r.sentAt === null).map((r) => ({ id: deliveryJobId(r.id), dueAt: r.createdAt, project: r.project, payload: { consentRequestId: r.id } })),
    );
  }

  /**
   * Sends the link. The token is made here and only its hash is stored, so a retry makes a new token (and the
   * link of a half-sent earlier attempt stops working); the raw token never touches the database or Redis.
   */
  async deliver(id: string): Promise<void> {
    const token = newLinkToken();
    const request = await this.consent.armLink(id, hashLinkToken(token));
    if (!request) return; // sent already, or no longer pending
    const [view, project] = await Promise.all([this.replicas.subscription(request.project, request.subscriptionId), this.projects.get(request.project)]);
    const config = consentConfig();
    const locale = pickLocale(request.locale);
    const emails = project.settings.emails;
    const brand = emails.brandName ?? project.name;
    const mail = composeConsentEmail({
      locale,
      type: request.type,
      brand,
      support: emails.supportContact ?? null,
      userName: view?.user.fullName ?? null,
      subscription: { id: request.subscriptionId, planName: view?.subscription.plan.name ?? null, phoneNumber: view?.subscription.phoneNumber ?? null },
      link: `${config.CONSENT_PUBLIC_URL}/consent/${token}`,
      expiresAt: request.expiresAt,
    });
    await this.mailer.send({
      ...mail,
      from: senderOf(emails.from, brand, config.CONSENT_MAIL_FROM),
      to: request.recipient,
      headers: { 'X-Simline-Consent-Request': request.id, 'Content-Language': locale },
    });
    await this.consent.markSent(id, await this.clock.now(request.project));
    this.log.info({ consentRequest: id, project: request.project }, 'consent e-mail sent');
  }
}
