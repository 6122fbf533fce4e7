import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { action } from '../lib/action.js';
import { InternalApi } from '../lib/internal-api.js';
import { colourOn, OpsError } from '../lib/output.js';

interface ListenerEndpoint {
  id: string;
  url: string;
  enabledEvents: string[];
  secret: string;
}

/** One delivery as the listener saw it: printed as a line, or as one JSON object per line with --json. */
export interface ForwardedDelivery {
  at: string;
  event: string | null;
  type: string | null;
  /** Null when the Standard Webhooks signature verifies with the endpoint's secret, else why not. */
  signatureProblem: string | null;
  forwardStatus: number | null;
  forwardError: string | null;
  durationMs: number;
}

const readBody = async (req: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/** Forwards one delivery as it came (body and signature headers); the local server's answer is returned. */
async function forward(
  to: string,
  req: IncomingMessage,
  body: string,
): Promise<{ status: number | null; body: string; error: string | null }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  for (const h of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'user-agent']) {
    const v = req.headers[h];
    if (typeof v === 'string') headers[h] = v;
  }
  try {
    const res = await fetch(to, { method: 'POST', headers, body, signal: AbortSignal.timeout(9_000) });
    return { status: res.status, body: (await res.text()).slice(0, 1024), error: null };
  } catch (err) {
    const e = err as Error & { cause?: { message?: string } };
    return { status: null, body: '', error: e.cause?.message ?? e.message };
  }
}

function line(d: ForwardedDelivery, forwardTo: string): string {
  const colour = colourOn();
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const sig = d.signatureProblem
    ? paint(31, `signature INVALID (${d.signatureProblem})`)
    : paint(32, 'signature ok');
  const result =
    d.forwardStatus !== null
      ? paint(d.forwardStatus < 300 ? 32 : 31, String(d.forwardStatus))
      : paint(31, `failed: ${d.forwardError}`);
  return `${d.at}  ${(d.type ?? '?').padEnd(30)} ${d.event ?? '?'}  ${sig}  → ${forwardTo} ${result} (${d.durationMs} ms)`;
}

/**
 * `ops webhooks listen`: like `stripe listen --forward-to`. A relay on this machine's loopback receives the
 * deliveries of a temporary endpoint of the project (created through the events service's internal API, the
 * only way to a loopback URL: partners' endpoints keep the public-address rule), verifies each signature,
 * forwards it to the local URL and answers with that URL's answer, so the delivery log shows it. The
 * endpoint is removed when the command ends.
 */
export function registerWebhooks(program: Command): void {
  const webhooks = program.command('webhooks').description("a project's webhooks, tried locally");
  webhooks
    .command('listen')
    .description('forward the deliveries of a temporary webhook endpoint to a local URL until Ctrl-C')
    .requiredOption('--project <project>', 'the project')
    .requiredOption('--forward-to <url>', 'where to POST each delivery, e.g. http://localhost:4000/hook')
    .option('--events <patterns>', "event types or wildcards, comma-separated: 'subscription.*'", '*')
    .option('--json', 'print each delivery as one JSON object per line')
    .action(
      action(async (o: { project: string; forwardTo: string; events: string; json?: boolean }) => {
        try {
          new URL(o.forwardTo);
        } catch {
          throw new OpsError(
            `--forward-to: "${o.forwardTo}" is not a URL (e.g. http://localhost:4000/hook).`,
          );
        }
        const api = new InternalApi();
        const { verifyWebhook } = await import('@simline/contracts'); // loaded on first use: `ops --help` stays quick
        let secret = '';
        const server: Server = createServer((req, res) => {
          void (async () => {
            const started = performance.now();
            const body = await readBody(req);
            const headers = req.headers as Record<string, string | undefined>;
            let type: string | null = null;
            try {
              type = (JSON.parse(body) as { type?: string }).type ?? null;
            } catch {
              /* not JSON: forwarded as it is */
            }
            const signatureProblem = verifyWebhook(secret, headers, body);
            const r = await forward(o.forwardTo, req, body);
            const d: ForwardedDelivery = {
              at: new Date().toISOString(),
              event: headers['webhook-id'] ?? null,
              type,
              signatureProblem,
              forwardStatus: r.status,
              forwardError: r.error,
              durationMs: Math.round(performance.now() - started),
            };
            process.stdout.write((o.json ? JSON.stringify(d) : line(d, o.forwardTo)) + '\n');
            // The local server's answer is the delivery's answer (a failure is retried on the usual schedule).
            res.writeHead(r.status ?? 502, { 'content-type': 'text/plain' }).end(r.body || r.error || '');
          })();
        });
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', resolve);
        });
        const port = (server.address() as AddressInfo).port;
        const path = `/internal/projects/${encodeURIComponent(o.project)}/webhookListeners`;
        let endpoint: ListenerEndpoint;
        try {
          endpoint = await api.post<ListenerEndpoint>('events', path, {
            url: `http://127.0.0.1:${port}/`,
            enabledEvents: o.events
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          });
        } catch (err) {
          server.close();
          throw err;
        }
        secret = endpoint.secret;
        let stopping: Promise<void> | undefined;
        const stop = () =>
          (stopping ??= (async () => {
            await api.request('events', 'DELETE', `${path}/${endpoint.id}`).catch((err: Error) => {
              process.stderr.write(`could not remove ${endpoint.id}: ${err.message}\n`);
            });
            server.close();
            process.stderr.write(`removed the temporary endpoint ${endpoint.id}\n`);
          })());
        process.once('SIGINT', () => void stop().then(() => process.exit(0)));
        process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
        process.stderr.write(
          `listening: deliveries of ${endpoint.enabledEvents.join(', ')} in project ${o.project} go to ${o.forwardTo}\n` +
            `  temporary endpoint ${endpoint.id}, signing secret ${endpoint.secret} (for your server's check)\n` +
            '  Ctrl-C removes the endpoint and stops\n',
        );
        await new Promise<void>((resolve) => server.once('close', resolve));
      }),
    );
}
