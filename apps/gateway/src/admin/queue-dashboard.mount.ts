import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { errorObject } from '@simline/contracts';
import { mountQueueDashboard, Scheduler } from '@simline/scheduling';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { isAdmin } from './admin-auth.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** The BullMQ dashboard at /admin/queues, behind the admin credential (Basic auth lets a browser in). */
@Injectable()
export class QueueDashboardMount implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly scheduler: Scheduler,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    await mountQueueDashboard(fastify, this.scheduler, {
      basePath: QUEUE_DASHBOARD_PATH,
      authorize: async (req, reply) => {
        if (isAdmin(req.headers.authorization, this.config.ADMIN_TOKEN)) return true;
        await reply
          .status(401)
          .header('www-authenticate', 'Basic realm="simline-admin", charset="UTF-8"')
          .header('content-type', 'application/json; charset=utf-8')
          .send(
            errorObject(401, 'adminTokenRequired', 'This endpoint needs the admin credential.', {
              requestId: String(req.id),
            }),
          );
        return false;
      },
    });
  }
}
