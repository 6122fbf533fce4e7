import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The local mail catcher's web view: an e-mail as its reader sees it, HTML rendered and links that work. */
describe('the mail catcher (tools/infra/smtp-catcher.mjs)', () => {
  const smtpPort = 21000 + Math.floor(Math.random() * 4000);
  const httpPort = smtpPort + 5000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'simline-mail-'));
  const base = `http://127.0.0.1:${httpPort}`;
  let catcher: ChildProcess;

  beforeAll(async () => {
    catcher = spawn(process.execPath, [path.join(ROOT, 'tools/infra/smtp-catcher.mjs')], {
      env: {
        ...process.env,
        SIMLINE_MAIL_DIR: dir,
        SIMLINE_SMTP_PORT: String(smtpPort),
        SIMLINE_MAIL_HTTP_PORT: String(httpPort),
      },
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      catcher.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('HTTP API listening')) resolve();
      });
      catcher.once('exit', (code) => reject(new Error(`the catcher exited (${code}): ${out}`)));
    });
  });

  afterAll(() => {
    catcher?.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists each e-mail with a link to its view, which renders the HTML in a sandbox and links the text', async () => {
    const link = 'http://localhost:3000/consent/tok_abc?x=1&y=2';
    await nodemailer
      .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
      .sendMail({
        from: { name: 'Shop Mobile', address: 'hello@shop.test' },
        to: 'user@example.test',
        subject: 'Please review: SIM replacement',
        text: `Review the request: ${link}\nThanks`,
        html: `<p>Hello <script>alert(1)</script></p><p><a href="${link.replace(/&/g, '&amp;')}">Review the request</a></p>`,
      });
    const index = await (await fetch(`${base}/`)).text();
    const id = /href="\/view\/([^"]+)"/.exec(index)?.[1];
    expect(id).toBeDefined();
    expect(index).toContain('Please review: SIM replacement');

    const res = await fetch(`${base}/view/${id}`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const view = await res.text();
    expect(view).toContain('Shop Mobile &lt;hello@shop.test&gt;');
    // The HTML part: in a frame that runs no script, its links opening in a new tab.
    const frame = /<iframe[^>]*sandbox="([^"]*)"[^>]*srcdoc="([^"]*)"/.exec(view);
    expect(frame?.[1]).toBe('allow-popups allow-popups-to-escape-sandbox');
    const srcdoc = frame![2]!
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(srcdoc).toContain('<base target="_blank">');
    expect(srcdoc).toContain(`<a href="${link.replace(/&/g, '&amp;')}">Review the request</a>`);
    // The text part: the URL is a link, the rest is text.
    expect(view).toContain(`<a href="${link.replace(/&/g, '&amp;')}" target="_blank" rel="noopener">`);
    expect(view).not.toContain('<script>alert(1)</script>');

    expect((await fetch(`${base}/view/nothing-here`)).status).toBe(404);
  });
});
