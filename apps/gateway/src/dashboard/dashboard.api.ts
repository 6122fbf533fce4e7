import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError, redisPrefixFor } from '@simline/contracts';
import { createLogger, runWithContext } from '@simline/observability';
import { parseRequest, REDIS, toErrorResponse } from '@simline/platform';
import { AdvanceClockSchema, SandboxClocks } from '../clock/sandbox-clocks.js';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { GatewayErrorCode, GatewayException } from '../partner/gateway.exception.js';
import { IdempotencyStore, requestFingerprint } from '../partner/idempotency.js';
import { RateLimiter } from '../partner/rate-limiter.js';
import { cookieOf, SESSION_COOKIE, sessionCookie } from './cookies.util.js';
import type { DashboardRole } from './dashboard-member.entity.js';
import type { DashboardMemberView } from './dashboard-member.mapper.js';
import { DashboardMembersService } from './dashboard-members.service.js';
import { CreateMemberSchema, SearchQuerySchema, SignInSchema } from './dashboard.dto.js';
import { DashboardErrorCode, DashboardException } from './dashboard.exception.js';
import { searchPlan } from './search.util.js';
import { sameToken, SessionStore, type DashboardSession } from './session.store.js';
import { DashboardUpstream, type UpstreamResponse } from './upstream.js';

const SESSION_TTL_SECONDS = 8 * 3600;
const ID = /^[a-z]{3}_[0-9A-Za-z]{28}$/;
/** The actions the dashboard offers, each the partner API's own endpoint (same body, same rules, same answer). */
const SUBSCRIPTION_ACTIONS = new Set([
  'cancel',
  'resume',
  'end',
  'simReplacement',
  'providerChange',
  'portOutCredentials',
]);
// `fulfill` is the follow-up of an approved port-out credentials request.
const CONSENT_ACTIONS = new Set(['cancel', 'resend', 'fulfill']);
const INVOICE_ACTIONS = new Set(['pay', 'void']);
const ACTING_ROLES: readonly DashboardRole[] = ['admin', 'support'];

const optional = <T>(p: Promise<T>): Promise<T | null> => p.catch(() => null);

interface Signed {
  token: string;
  session: DashboardSession;
  member: DashboardMemberView;
}

/**
 * The dashboard's JSON API (`/dashboard/api/…`): sign-in with a session cookie, search, the subscription page's
 * data, and the actions, each passed to the owning service as the partner API would be (DashboardUpstream),
 * with the member as the events' actor. Every request other than a GET needs the session's CSRF token.
 */
@Injectable()
export class DashboardApi implements OnModuleInit {
  private readonly log = createLogger('dashboard');
  private readonly sessions: SessionStore;
  private readonly signInPerAccount: RateLimiter;
  private readonly signInPerAddress: RateLimiter;
  private readonly idempotency: IdempotencyStore;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly members: DashboardMembersService,
    private readonly upstream: DashboardUpstream,
    private readonly clocks: SandboxClocks,
    @Inject(REDIS) redis: Redis,
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
  ) {
    const prefix = redisPrefixFor();
    this.sessions = new SessionStore(redis, prefix, SESSION_TTL_SECONDS);
    const window = config.DASHBOARD_SIGNIN_WINDOW_MS;
    this.signInPerAccount = new RateLimiter(redis, `${prefix}:dash`, config.DASHBOARD_SIGNIN_LIMIT, window);
    this.signInPerAddress = new RateLimiter(
      redis,
      `${prefix}:dash`,
      config.DASHBOARD_SIGNIN_LIMIT * 5,
      window,
    );
    this.idempotency = new IdempotencyStore(
      redis,
      prefix,
      config.IDEMPOTENCY_TTL_SECONDS,
      config.IDEMPOTENCY_WAIT_MS,
      config.PROXY_TIMEOUT_MS + 10_000,
    );
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(async (app) => this.plugin(app), { prefix: '/dashboard/api' });
  }

  private async plugin(app: FastifyInstance): Promise<void> {
    // JSON only: a cross-site HTML form cannot send it, which also keeps sign-in itself from being forged.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => {
        try {
          done(null, body ? JSON.parse(body as string) : {});
        } catch {
          done(new ApiError(400, 'invalidJson', 'The request body is not valid JSON.'), undefined);
        }
      },
    );
    app.addHook('onSend', async (_req, reply) => {
      void reply.header('cache-control', 'no-store');
    });
    app.setErrorHandler((err, req, reply) => {
      const { status, body } = runWithContext({ requestId: String(req.id) }, () =>
        toErrorResponse(err, String(req.id)),
      );
      void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(body);
    });

    app.post('/session', (req, reply) => this.signIn(req, reply));
    app.get('/session', async (req) => {
      const s = await this.signed(req);
      return { member: s.member, csrfToken: s.session.csrf };
    });
    app.delete('/session', async (req, reply) => {
      const s = await this.signed(req, { csrf: true });
      await this.sessions.delete(s.token);
      return reply
        .header('set-cookie', sessionCookie(req, null, 0))
        .status(204)
        .send();
    });

    app.get('/search', async (req) => {
      const s = await this.signed(req);
      const { q } = parseRequest(SearchQuerySchema, req.query, 'query');
      return this.search(req, s, q);
    });
    app.get<{ Params: { id: string } }>('/subscriptions/:id', async (req, reply) => {
      const s = await this.signed(req);
      return this.subscriptionPage(req, reply, s, this.id(req.params.id, 'sub'));
    });
    app.post<{ Params: { id: string; action: string } }>('/subscriptions/:id/:action', async (req, reply) => {
      const s = await this.signed(req, { csrf: true, act: true });
      if (!SUBSCRIPTION_ACTIONS.has(req.params.action))
        throw new ApiError(404, 'notFound', 'No such action.');
      const path = `/subscriptions/${this.id(req.params.id, 'sub')}/${req.params.action}`;
      return this.send(reply, await this.actOnce(req, s, path, req.body));
    });
    app.post<{ Params: { id: string; action: string } }>(
      '/consentRequests/:id/:action',
      async (req, reply) => {
        const s = await this.signed(req, { csrf: true, act: true });
        if (!CONSENT_ACTIONS.has(req.params.action)) throw new ApiError(404, 'notFound', 'No such action.');
        const path = `/consentRequests/${this.id(req.params.id, 'csr')}/${req.params.action}`;
        return this.send(reply, await this.actOnce(req, s, path, req.body));
      },
    );

    // The follow-up's second half: the port-out's credentials, shown once (never stored by the dashboard).
    app.post<{ Params: { id: string } }>('/portOuts/:id/revealCredentials', async (req, reply) => {
      const s = await this.signed(req, { csrf: true, act: true });
      const path = `/portOuts/${this.id(req.params.id, 'pot')}/revealCredentials`;
      return this.send(reply, await this.call(req, s, 'POST', path, {}, true));
    });
    // "Pay now" and void: the billing service decides what an invoice's status allows.
    app.post<{ Params: { id: string; action: string } }>('/invoices/:id/:action', async (req, reply) => {
      const s = await this.signed(req, { csrf: true, act: true });
      if (!INVOICE_ACTIONS.has(req.params.action)) throw new ApiError(404, 'notFound', 'No such action.');
      const path = `/invoices/${this.id(req.params.id, 'inv')}/${req.params.action}`;
      return this.send(reply, await this.actOnce(req, s, path, {}));
    });
    // A refund of one of the project's payments: the billing service caps it at what is left of the payment.
    app.post('/refunds', async (req, reply) => {
      const s = await this.signed(req, { csrf: true, act: true });
      return this.send(reply, await this.actOnce(req, s, '/refunds', req.body));
    });

    // A sandbox project's test clock, as the partner API's clock endpoints show and move it (403 elsewhere).
    app.get('/clock', async (req) => {
      const s = await this.signed(req);
      return this.clocks.get(s.session.project);
    });
    app.post('/clock/advance', async (req) => {
      const s = await this.signed(req, { csrf: true, act: true });
      const { to } = parseRequest(AdvanceClockSchema, req.body);
      this.log.info(
        { project: s.session.project, member: s.member.id, to },
        'test clock advanced from the dashboard',
      );
      return this.clocks.advance(s.session.project, to);
    });

    app.get('/members', async (req) => {
      const s = await this.signed(req, { role: ['admin'] });
      const items = await this.members.list(s.session.project);
      return { object: 'list', items, moreItemsAfter: null, moreItemsBefore: null };
    });
    app.post('/members', async (req, reply) => {
      const s = await this.signed(req, { csrf: true, role: ['admin'] });
      const dto = parseRequest(CreateMemberSchema, req.body);
      const created = await this.members.create(s.session.project, dto);
      this.log.info({ actor: s.member.id, member: created.member.id }, 'dashboard member added by an admin');
      return reply
        .status(201)
        .send({ ...created.member, ...(created.password ? { password: created.password } : {}) });
    });
  }

  // ---- sessions --------------------------------------------------------------------------------------

  private async signIn(req: FastifyRequest, reply: FastifyReply) {
    const input = parseRequest(SignInSchema, req.body);
    const account = await this.signInPerAccount.hit(`signin:${input.project}:${input.email}`);
    const address = await this.signInPerAddress.hit(`signin-ip:${req.ip}`);
    if (!account.allowed || !address.allowed) {
      void reply.header('retry-after', Math.max(account.resetSeconds, address.resetSeconds));
      throw new DashboardException(DashboardErrorCode.SignInRateLimited);
    }
    const member = await this.members.authenticate(input.project, input.email, input.password);
    if (!member) {
      this.log.info({ project: input.project }, 'dashboard sign-in refused');
      throw new DashboardException(DashboardErrorCode.SignInFailed);
    }
    const { token, session } = await this.sessions.create(member.id, member.project);
    this.log.info({ project: member.project, member: member.id }, 'dashboard sign-in');
    return reply
      .header('set-cookie', sessionCookie(req, token, SESSION_TTL_SECONDS))
      .status(201)
      .send({ member, csrfToken: session.csrf });
  }

  /** The session, its member (still there, with their current role), the CSRF token and the role checked. */
  private async signed(
    req: FastifyRequest,
    need: { csrf?: boolean; act?: boolean; role?: readonly DashboardRole[] } = {},
  ): Promise<Signed> {
    const token = cookieOf(req, SESSION_COOKIE);
    const session = await this.sessions.get(token);
    const member = session ? await this.members.active(session.memberId) : null;
    if (!token || !session || !member) throw new DashboardException(DashboardErrorCode.SessionRequired);
    if (need.csrf && !sameToken(req.headers['x-csrf-token'], session.csrf))
      throw new DashboardException(DashboardErrorCode.CsrfTokenInvalid);
    const roles = need.role ?? (need.act ? ACTING_ROLES : undefined);
    if (roles && !roles.includes(member.role)) throw new DashboardException(DashboardErrorCode.RoleForbidden);
    return { token, session, member };
  }

  // ---- reads and actions -----------------------------------------------------------------------------

  private id(value: string, prefix: string): string {
    if (!ID.test(value) || !value.startsWith(`${prefix}_`))
      throw new ApiError(404, 'notFound', 'The requested resource or route does not exist.');
    return value;
  }

  /** A read, or (`act`) an action whose events name the member as their actor. */
  private call(
    req: FastifyRequest,
    s: Signed,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    act = false,
  ) {
    return this.upstream.call(method, s.session.project, path, {
      requestId: String(req.id),
      actor: act ? `dashboardMember:${s.member.id}` : undefined,
      body: body ?? {},
    });
  }

  /**
   * An action, made once per `Idempotency-Key` when the page sends one (the refund form does): a retried or
   * repeated submission replays the first answer instead of acting twice. The partner API's store and rules,
   * in a namespace of the member's own.
   */
  private async actOnce(
    req: FastifyRequest,
    s: Signed,
    path: string,
    body: unknown,
  ): Promise<UpstreamResponse> {
    const header = req.headers['idempotency-key'];
    if (header === undefined) return this.call(req, s, 'POST', path, body, true);
    if (typeof header !== 'string' || header.length < 1 || header.length > 255)
      throw new GatewayException(GatewayErrorCode.IdempotencyKeyInvalid);
    const scope = `dashboard:${s.member.id}`;
    const fingerprint = requestFingerprint('POST', path, Buffer.from(JSON.stringify(body ?? {})));
    const begin = await this.idempotency.begin(scope, header, fingerprint);
    if (begin.kind === 'mismatch') throw new GatewayException(GatewayErrorCode.IdempotencyKeyReused);
    if (begin.kind === 'inProgress') throw new GatewayException(GatewayErrorCode.IdempotentRequestInProgress);
    if (begin.kind === 'replay')
      return { status: begin.response.status, body: JSON.parse(begin.response.body.toString('utf8')) };
    let res: UpstreamResponse | null = null;
    try {
      res = await this.call(req, s, 'POST', path, body, true);
      return res;
    } finally {
      const captured = res && {
        status: res.status,
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify(res.body)),
      };
      await this.idempotency.finish(scope, header, fingerprint, captured);
    }
  }

  private send(reply: FastifyReply, res: UpstreamResponse) {
    return reply.status(res.status).header('content-type', 'application/json; charset=utf-8').send(res.body);
  }

  /** Subscriptions matching an e-mail, phone number, ICCID or id, newest first. */
  private async search(req: FastifyRequest, s: Signed, q: string) {
    const plan = searchPlan(q);
    if (!plan) throw new DashboardException(DashboardErrorCode.SearchInvalid);
    const get = (path: string) => this.call(req, s, 'GET', path);
    const items = (res: UpstreamResponse): Array<Record<string, unknown>> =>
      res.status === 200 ? ((res.body.items as Array<Record<string, unknown>>) ?? []) : [];
    const all = 'status=pending,initiated,active,ended&limit=50';
    let found: Array<Record<string, unknown>> = [];
    switch (plan.kind) {
      case 'phoneNumber': {
        const res = await this.call(req, s, 'POST', '/subscriptions/search', { phoneNumber: plan.value });
        if (res.status !== 200) return this.fail(res);
        found = items(res);
        break;
      }
      case 'subscription': {
        const res = await get(`/subscriptions/${plan.value}`);
        found = res.status === 200 ? [res.body] : [];
        break;
      }
      case 'user':
        found = items(await get(`/subscriptions?user=${plan.value}&${all}`));
        break;
      case 'sim':
        found = items(await get(`/subscriptions?sim=${plan.value}&${all}`));
        break;
      case 'email':
      case 'iccid': {
        const owner =
          plan.kind === 'email'
            ? `/users?email=${encodeURIComponent(plan.value)}`
            : `/sims?iccid=${plan.value}`;
        const hits = items(await get(owner));
        const param = plan.kind === 'email' ? 'user' : 'sim';
        for (const h of hits.slice(0, 10))
          found.push(...items(await get(`/subscriptions?${param}=${String(h.id)}&${all}`)));
        break;
      }
    }
    return { object: 'list', query: q, searchedBy: plan.kind, items: found };
  }

  private fail(res: UpstreamResponse): never {
    const b = res.body as { code?: string; message?: string };
    throw new ApiError(res.status as 422, b.code ?? 'upstreamError', b.message ?? 'The search failed.');
  }

  /** Everything the subscription page shows, read in parallel from the owning services. */
  private async subscriptionPage(req: FastifyRequest, reply: FastifyReply, s: Signed, id: string) {
    const [subscription, consentRequests, events, portOuts, payments, invoices, members] = await Promise.all([
      this.call(req, s, 'GET', `/subscriptions/${id}`),
      // A panel whose service is away shows as unavailable; the rest of the page still answers.
      optional(this.call(req, s, 'GET', `/consentRequests?subscription=${id}&limit=50`)),
      optional(this.call(req, s, 'GET', `/subscriptions/${id}/events?limit=50`)),
      optional(this.call(req, s, 'GET', `/portOuts?subscription=${id}&limit=10`)),
      optional(this.call(req, s, 'GET', `/payments?subscription=${id}&limit=20`)),
      optional(this.call(req, s, 'GET', `/invoices?subscription=${id}&limit=20`)),
      this.members.list(s.session.project),
    ]);
    if (subscription.status !== 200) return this.send(reply, subscription);
    const list = (r: UpstreamResponse | null) => (r?.status === 200 ? r.body.items : null);
    return {
      subscription: subscription.body,
      consentRequests: list(consentRequests),
      events: list(events),
      portOuts: list(portOuts),
      payments: list(payments),
      invoices: list(invoices),
      canAct: ACTING_ROLES.includes(s.member.role),
      // The activity log names members by id (`actor`); the page shows who that is.
      actors: Object.fromEntries(members.map((m) => [`dashboardMember:${m.id}`, m.name ?? m.email])),
    };
  }
}
