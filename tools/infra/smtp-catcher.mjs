// A small SMTP catcher for development and tests: accepts every message on 127.0.0.1:1025 (no auth,
// no TLS), keeps it in memory and as JSON under .simline/mail/messages/, and serves the part of
// Mailpit's HTTP API that our code uses on 127.0.0.1:8025, so the same client works against Mailpit.
//
//   node tools/infra/smtp-catcher.mjs       (tools/infra `up` starts it detached with a pid file)
//
// Env: SIMLINE_MAIL_DIR (default .simline/mail), SIMLINE_SMTP_PORT (1025), SIMLINE_MAIL_HTTP_PORT (8025),
//      SIMLINE_MAIL_MAX (5000 messages kept; the oldest are dropped), SIMLINE_MAIL_HOST (127.0.0.1; 0.0.0.0 in a
//      container).
// The web view at / lists the messages; /view/<id> shows one as a person reads it: its HTML rendered (in a
// sandboxed frame: no scripts, links open in a new tab) and its text with clickable links.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIL_DIR = process.env.SIMLINE_MAIL_DIR || path.join(ROOT, '.simline', 'mail');
const STORE = path.join(MAIL_DIR, 'messages');
const HOST = process.env.SIMLINE_MAIL_HOST || '127.0.0.1';
const SMTP_PORT = Number(process.env.SIMLINE_SMTP_PORT || 1025);
const HTTP_PORT = Number(process.env.SIMLINE_MAIL_HTTP_PORT || 8025);
const MAX = Number(process.env.SIMLINE_MAIL_MAX || 5000);

const log = (...args) => console.log(new Date().toISOString(), ...args);

/** @type {Map<string, object>} insertion order = arrival order */
const messages = new Map();

function newId() {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = crypto.randomBytes(22);
  return Array.from(bytes, (b) => alphabet[b % 62]).join('');
}

function fileFor(msg) {
  return path.join(STORE, `${msg.Created.replace(/[:.]/g, '-')}_${msg.ID}.json`);
}

function loadStore() {
  fs.mkdirSync(STORE, { recursive: true });
  const files = fs
    .readdirSync(STORE)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const loaded = [];
  for (const f of files) {
    try {
      loaded.push(JSON.parse(fs.readFileSync(path.join(STORE, f), 'utf8')));
    } catch (err) {
      log(`skipping unreadable ${f}: ${err.message}`);
    }
  }
  loaded.sort((a, b) => (a.Created < b.Created ? -1 : a.Created > b.Created ? 1 : 0));
  for (const m of loaded) messages.set(m.ID, m);
  log(`loaded ${messages.size} stored message(s) from ${STORE}`);
}

const addresses = (field) =>
  field
    ? (Array.isArray(field) ? field : [field])
        .flatMap((a) => a.value ?? [])
        .map((a) => ({ Name: a.name ?? '', Address: a.address ?? '' }))
    : [];

/** Raw header lines as Mailpit's /headers shape: { 'Subject': ['...'], ... } (values unfolded, undecoded). */
function headersOf(lines) {
  const out = {};
  for (const { line } of lines) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line
      .slice(0, i)
      .trim()
      .replace(/(^|-)([a-z])/g, (_, d, c) => d + c.toUpperCase());
    (out[name] ??= []).push(
      line
        .slice(i + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim(),
    );
  }
  return out;
}

function snippetOf(text) {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat.length > 250 ? `${flat.slice(0, 250)}...` : flat;
}

async function store(raw, envelope) {
  const parsed = await simpleParser(raw);
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : '';
  const created = new Date().toISOString();
  const from = addresses(parsed.from)[0] ?? { Name: '', Address: envelope.mailFrom?.address ?? '' };
  let to = addresses(parsed.to);
  if (to.length === 0) to = envelope.rcptTo.map((r) => ({ Name: '', Address: r.address }));
  const msg = {
    ID: newId(),
    MessageID: (parsed.messageId ?? '').replace(/^<|>$/g, ''),
    Read: false,
    From: from,
    To: to,
    Cc: addresses(parsed.cc),
    Bcc: addresses(parsed.bcc),
    ReplyTo: addresses(parsed.replyTo),
    Subject: parsed.subject ?? '',
    Date: (parsed.date ?? new Date()).toISOString(),
    Created: created,
    Tags: [],
    Size: raw.length,
    Attachments: (parsed.attachments ?? []).length,
    Snippet: snippetOf(text || html.replace(/<[^>]+>/g, ' ')),
    Text: text,
    HTML: html,
    Envelope: { From: envelope.mailFrom?.address ?? '', To: envelope.rcptTo.map((r) => r.address) },
    Headers: headersOf(parsed.headerLines ?? []),
    Raw: raw.toString('utf8'),
  };
  messages.set(msg.ID, msg);
  fs.writeFileSync(fileFor(msg), JSON.stringify(msg));
  while (messages.size > MAX) {
    const oldest = messages.values().next().value;
    remove(oldest.ID);
  }
  log(
    `received ${msg.ID} from <${msg.From.Address}> to ${msg.To.map((t) => `<${t.Address}>`).join(', ')}: ${msg.Subject}`,
  );
  return msg;
}

function remove(id) {
  const msg = messages.get(id);
  if (!msg) return false;
  messages.delete(id);
  fs.rmSync(fileFor(msg), { force: true });
  return true;
}

function summary(m) {
  const {
    ID,
    MessageID,
    Read,
    From,
    To,
    Cc,
    Bcc,
    ReplyTo,
    Subject,
    Created,
    Tags,
    Size,
    Attachments,
    Snippet,
  } = m;
  return {
    ID,
    MessageID,
    Read,
    From,
    To,
    Cc,
    Bcc,
    ReplyTo,
    Subject,
    Created,
    Tags,
    Size,
    Attachments,
    Snippet,
  };
}

function detail(m) {
  const { Raw, Envelope, Headers, Snippet, Created, Read, ...rest } = m;
  return { ...rest, ReturnPath: Envelope.From, Inline: [], Attachments: [] };
}

/** Mailpit-like search: tokens (quotes allowed), all must match. to:/from:/cc:/subject:/message-id: or free text. */
function matcher(query) {
  const tokens = [...(query ?? '').matchAll(/(\w[\w-]*:)?(?:"([^"]*)"|(\S+))/g)].map((t) => ({
    field: t[1] ? t[1].slice(0, -1).toLowerCase() : '',
    value: (t[2] ?? t[3] ?? '').toLowerCase(),
  }));
  const addr = (list) => list.map((a) => `${a.Name} <${a.Address}>`.toLowerCase()).join(' ');
  return (m) =>
    tokens.every(({ field, value }) => {
      switch (field) {
        case 'to':
          return (
            addr([...m.To, ...m.Cc, ...m.Bcc]).includes(value) ||
            m.Envelope.To.some((a) => a.toLowerCase().includes(value))
          );
        case 'from':
          return addr([m.From]).includes(value);
        case 'cc':
          return addr(m.Cc).includes(value);
        case 'subject':
          return m.Subject.toLowerCase().includes(value);
        case 'message-id':
          return m.MessageID.toLowerCase() === value.replace(/^<|>$/g, '');
        default: {
          const hay = `${m.Subject} ${addr([m.From, ...m.To, ...m.Cc])} ${m.Text}`.toLowerCase();
          return hay.includes(field ? `${field}:${value}` : value);
        }
      }
    });
}

function listResponse(all, url) {
  const limit = Math.max(0, Number(url.searchParams.get('limit') ?? 50)) || 50;
  const start = Math.max(0, Number(url.searchParams.get('start') ?? 0)) || 0;
  const newestFirst = [...all].reverse();
  const page = newestFirst.slice(start, start + limit).map(summary);
  return {
    total: messages.size,
    unread: [...messages.values()].filter((m) => !m.Read).length,
    count: page.length,
    messages_count: all.length,
    start,
    tags: [],
    messages: page,
  };
}

const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

function indexPage() {
  const rows = [...messages.values()]
    .reverse()
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.Created)}</td><td>${escapeHtml(m.From.Address)}</td><td>${escapeHtml(
          m.To.map((t) => t.Address).join(', '),
        )}</td><td><a href="/view/${encodeURIComponent(m.ID)}">${escapeHtml(m.Subject || '(no subject)')}</a></td><td>${escapeHtml(m.Snippet)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>Simline mail catcher</title>
<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}</style>
</head><body><h1>Simline mail catcher</h1><p>${messages.size} message(s). SMTP on ${HOST}:${SMTP_PORT}; Mailpit-style API under <code>/api/v1</code>.</p>
<table><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th><th>Snippet</th></tr>
${rows}
</table></body></html>`;
}

/** Text with its http(s) URLs as links (opening in a new tab), everything else escaped. */
function linkify(text) {
  return String(text)
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) =>
      i % 2 ? `<a href="${escapeHtml(part)}" target="_blank" rel="noopener">${escapeHtml(part)}</a>` : escapeHtml(part),
    )
    .join('');
}

/**
 * One message as its reader sees it. The HTML part is rendered in a sandboxed frame (no scripts, no same
 * origin; links open in a new tab through its <base>), the text part below it with clickable links.
 */
function viewPage(m) {
  const who = (a) => (a.Name ? `${a.Name} <${a.Address}>` : a.Address);
  const html = m.HTML ? `<base target="_blank">${m.HTML}` : '';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(m.Subject || '(no subject)')}</title>
<style>body{font-family:sans-serif;margin:1.5em;max-width:60rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px}dt{font-weight:600}dd{margin:0}
iframe{width:100%;height:32rem;border:1px solid #ccc;border-radius:4px}pre{white-space:pre-wrap;background:#f6f7f9;padding:1em;border-radius:4px}</style>
</head><body><p><a href="/">← all messages</a></p>
<h1>${escapeHtml(m.Subject || '(no subject)')}</h1>
<dl><dt>From</dt><dd>${escapeHtml(who(m.From))}</dd><dt>To</dt><dd>${escapeHtml(m.To.map(who).join(', '))}</dd>
<dt>Date</dt><dd>${escapeHtml(m.Date ?? m.Created)}</dd></dl>
${html ? `<h2>HTML</h2>\n<iframe title="HTML part" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(html)}"></iframe>` : ''}
${m.Text ? `<h2>Text</h2>\n<pre id="text">${linkify(m.Text)}</pre>` : ''}
<p><a href="/api/v1/message/${encodeURIComponent(m.ID)}">JSON</a> · <a href="/api/v1/message/${encodeURIComponent(m.ID)}/raw">raw</a></p>
</body></html>`;
}

function send(res, status, body, type = 'application/json; charset=utf-8') {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': type,
    'access-control-allow-origin': '*',
    'cache-control': 'no-store',
  });
  res.end(payload);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (c) => {
      data += c;
      if (data.length > 1_000_000) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

async function handle(req, res) {
  const url = new URL(req.url, `http://${HOST}:${HTTP_PORT}`);
  const p = url.pathname.replace(/\/+$/, '') || '/';
  if (req.method === 'OPTIONS') return send(res, 204, '');
  if (req.method === 'GET' && p === '/') return send(res, 200, indexPage(), 'text/html; charset=utf-8');
  if (req.method === 'GET' && (p === '/livez' || p === '/readyz')) return send(res, 200, 'ok', 'text/plain');
  if (req.method === 'GET' && p === '/api/v1/messages')
    return send(res, 200, listResponse([...messages.values()], url));
  if (req.method === 'GET' && p === '/api/v1/search') {
    const match = matcher(url.searchParams.get('query'));
    return send(res, 200, listResponse([...messages.values()].filter(match), url));
  }
  if (req.method === 'DELETE' && p === '/api/v1/messages') {
    const body = await readBody(req);
    let ids;
    try {
      ids = body.trim() ? JSON.parse(body).IDs : undefined;
    } catch {
      return send(res, 400, 'invalid JSON body', 'text/plain');
    }
    if (Array.isArray(ids) && ids.length) ids.forEach(remove);
    else [...messages.keys()].forEach(remove);
    return send(res, 200, 'ok', 'text/plain');
  }
  if (req.method === 'DELETE' && p === '/api/v1/search') {
    const match = matcher(url.searchParams.get('query'));
    [...messages.values()].filter(match).forEach((m) => remove(m.ID));
    return send(res, 200, 'ok', 'text/plain');
  }
  const view = p.match(/^\/view\/([^/]+)$/);
  if (req.method === 'GET' && view) {
    const msg = messages.get(decodeURIComponent(view[1]));
    if (!msg) return send(res, 404, 'message not found', 'text/plain');
    return send(res, 200, viewPage(msg), 'text/html; charset=utf-8');
  }
  const one = p.match(/^\/api\/v1\/message\/([^/]+)(\/raw|\/headers)?$/);
  if (req.method === 'GET' && one) {
    const id = one[1] === 'latest' ? [...messages.keys()].at(-1) : decodeURIComponent(one[1]);
    const msg = id && messages.get(id);
    if (!msg) return send(res, 404, 'message not found', 'text/plain');
    if (one[2] === '/raw') return send(res, 200, msg.Raw, 'text/plain; charset=utf-8');
    if (one[2] === '/headers') return send(res, 200, msg.Headers);
    if (!msg.Read) {
      msg.Read = true;
      fs.writeFileSync(fileFor(msg), JSON.stringify(msg));
    }
    return send(res, 200, detail(msg));
  }
  return send(res, 404, 'not found', 'text/plain');
}

loadStore();

const smtp = new SMTPServer({
  name: 'simline-mail-catcher',
  banner: 'Simline mail catcher',
  secure: false,
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  size: 25 * 1024 * 1024,
  logger: false,
  onData(stream, session, callback) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('error', callback);
    stream.on('end', () => {
      if (stream.sizeExceeded)
        return callback(Object.assign(new Error('message too large'), { responseCode: 552 }));
      store(Buffer.concat(chunks), session.envelope).then(
        (m) => callback(null, `Queued as ${m.ID}`),
        (err) => {
          log(`failed to store a message: ${err.stack ?? err}`);
          callback(err);
        },
      );
    });
  },
});
smtp.on('error', (err) => log(`smtp error: ${err.message}`));

const web = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    log(`http error: ${err.stack ?? err}`);
    if (!res.headersSent) send(res, 500, String(err.message ?? err), 'text/plain');
  });
});

const listen = (server, port, what) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.removeListener('error', reject);
      log(`${what} listening on ${HOST}:${port}`);
      resolve();
    });
  });

try {
  await listen(smtp, SMTP_PORT, 'SMTP');
  await listen(web, HTTP_PORT, 'HTTP API');
} catch (err) {
  log(`cannot listen: ${err.message}`);
  process.exit(1);
}

function shutdown(signal) {
  log(`${signal}: shutting down`);
  web.close();
  smtp.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
