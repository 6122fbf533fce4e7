import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { checkListenerUrl, checkWebhookUrl, isInternalAddress } from './webhook-url.js';

export interface SendResult {
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
}

const EXCERPT = 1024;

/**
 * Resolves a host and refuses internal addresses at connect time, so that a public name that resolves to a
 * private address (DNS rebinding) is refused too: the address checked is the address connected to.
 */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 4);
      const list = addresses as LookupAddress[];
      const blocked = allowPrivate ? undefined : list.find((a) => isInternalAddress(a.address));
      if (blocked) {
        return callback(
          Object.assign(new Error(`${hostname} resolves to a non-public address (${blocked.address})`), {
            code: 'EBLOCKED',
          }),
          '',
          4,
        );
      }
      if ((options as { all?: boolean }).all)
        return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

/** POSTs signed webhook bodies to partner URLs: no redirects, bounded time, the first KB of the answer kept. */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly opts: { allowPrivate: boolean; timeoutMs: number }) {
    this.agent = new Agent({
      connect: { lookup: guardedLookup(opts.allowPrivate), timeout: opts.timeoutMs },
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
      keepAliveTimeout: 10_000,
    });
  }

  /** `listener`: an `ops webhooks listen` endpoint, whose URL may only be its loopback relay (checkListenerUrl). */
  async send(
    url: string,
    headers: Record<string, string>,
    body: string,
    listener = false,
  ): Promise<SendResult> {
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    // Literal addresses never reach the lookup: check them (and the scheme) again at send time.
    const checked = listener ? checkListenerUrl(url) : checkWebhookUrl(url, this.opts.allowPrivate);
    if (!checked.ok)
      return { responseStatus: null, durationMs: took(), error: checked.message, responseBody: null };
    try {
      const res = await request(checked.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Simline-Webhooks/1.0', ...headers },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
      let excerpt = '';
      for await (const chunk of res.body) {
        excerpt += (chunk as Buffer).toString('utf8');
        if (excerpt.length >= EXCERPT) break;
      }
      res.body.destroy();
      const ok = res.statusCode >= 200 && res.statusCode < 300;
      return {
        responseStatus: res.statusCode,
        durationMs: took(),
        error: ok ? null : `The endpoint answered ${res.statusCode}.`,
        responseBody: excerpt ? excerpt.slice(0, EXCERPT) : null,
      };
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string; message?: string } };
      const why = e.cause?.message ?? e.message;
      return {
        responseStatus: null,
        durationMs: took(),
        error: `${e.cause?.code ?? e.code ?? e.name}: ${why}`.slice(0, 500),
        responseBody: null,
      };
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
