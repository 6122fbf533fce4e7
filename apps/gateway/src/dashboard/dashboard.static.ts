import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorObject } from '@simline/contracts';

/** Where tools/build.mjs has Vite put the page: apps/gateway/web/dist (the same from src/ and dist/). */
export const WEB_DIST =
  process.env.DASHBOARD_WEB_DIR ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

// Our own files only: no inline script or style, no other origin, not framed.
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else yield p;
  }
}

/**
 * The dashboard page (`/dashboard`, `/dashboard/…` for its client-side routes) and its hashed assets
 * (`/dashboard/assets/…`), from memory. Not @fastify/static, for the reason in docs/decisions/0301.
 */
@Injectable()
export class DashboardStatic implements OnModuleInit {
  private readonly files = new Map<string, { type: string; body: Buffer }>();

  constructor(private readonly adapterHost: HttpAdapterHost) {
    if (!existsSync(join(WEB_DIST, 'index.html'))) return;
    for (const file of walk(WEB_DIST)) {
      const type = TYPES[extname(file)];
      if (type)
        this.files.set('/' + relative(WEB_DIST, file).split('\\').join('/'), {
          type,
          body: readFileSync(file),
        });
    }
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.get('/dashboard', (_req, reply) => this.index(reply));
    fastify.get<{ Params: { '*': string } }>('/dashboard/*', (req, reply) => {
      const path = '/' + req.params['*'];
      if (path.startsWith('/api/')) return reply.callNotFound();
      const asset = path.startsWith('/assets/') ? this.files.get(path) : undefined;
      if (asset)
        return reply
          .header('content-type', asset.type)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('x-content-type-options', 'nosniff')
          .send(asset.body);
      if (path.startsWith('/assets/')) return reply.callNotFound();
      return this.index(reply);
    });
  }

  private index(reply: FastifyReply) {
    const index = this.files.get('/index.html');
    if (!index)
      return reply
        .status(503)
        .send(
          errorObject(
            503,
            'dashboardNotBuilt',
            'The dashboard has not been built. Run `node tools/build.mjs`.',
          ),
        );
    return reply
      .header('content-type', index.type)
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CSP)
      .header('x-frame-options', 'DENY')
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(index.body);
  }
}
