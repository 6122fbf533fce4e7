import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildAsyncApiDocument } from '@simline/contracts';
import { OpenApiService } from './openapi.service.js';

const SWAGGER_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Simline API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script src="/docs/swagger-init.js"></script>
</body>
</html>
`;

const INIT_JS = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/** `/openapi.json`, Swagger UI at `/docs` (swagger-ui-dist's files, served from memory) and `/asyncapi.json`. */
@Injectable()
export class DocsRoutes implements OnModuleInit {
  private readonly files = new Map<string, { type: string; body: Buffer }>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly openapi: OpenApiService,
  ) {
    const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
    for (const [file, type] of Object.entries(SWAGGER_FILES))
      this.files.set(file, { type, body: readFileSync(join(dir, file)) });
    this.files.set('swagger-init.js', {
      type: 'application/javascript; charset=utf-8',
      body: Buffer.from(INIT_JS),
    });
  }

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const asyncapi = JSON.stringify(buildAsyncApiDocument());
    fastify.get('/openapi.json', async (_req, reply) =>
      reply.header('content-type', 'application/json; charset=utf-8').send(await this.openapi.document()),
    );
    fastify.get('/asyncapi.json', async (_req, reply) =>
      reply.header('content-type', 'application/json; charset=utf-8').send(asyncapi),
    );
    fastify.get('/docs', async (_req, reply) =>
      reply.header('content-type', 'text/html; charset=utf-8').send(INDEX_HTML),
    );
    fastify.get<{ Params: { file: string } }>('/docs/:file', async (req, reply) => {
      const f = this.files.get(req.params.file);
      if (!f) return reply.callNotFound();
      return reply
        .header('content-type', f.type)
        .header('cache-control', 'public, max-age=3600')
        .send(f.body);
    });
  }
}
