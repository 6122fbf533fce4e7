import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';
import { GatewayErrorCode, GatewayException } from '../partner/gateway.exception.js';
import { isAdmin } from './admin-auth.js';

/** The admin API's credential (`ADMIN_TOKEN`), separate from project API keys and the internal token. */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    if (!isAdmin(req.headers.authorization, this.config.ADMIN_TOKEN))
      throw new GatewayException(GatewayErrorCode.AdminTokenRequired);
    return true;
  }
}
