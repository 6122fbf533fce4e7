import { Inject, Injectable } from '@nestjs/common';
import { SERVICES, type ServiceName } from '@simline/contracts';
import { serviceUrl } from '@simline/platform';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config.js';

export type BackendService = Exclude<ServiceName, 'gateway'>;

/** Where the services behind the gateway are (`<SERVICE>_URL`, read once at start). */
@Injectable()
export class ServiceDirectory {
  private readonly map = new Map<BackendService, string>();

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig) {
    const enabled = config.GATEWAY_SERVICES;
    for (const s of SERVICES) {
      if (s === 'gateway' || (enabled && !enabled.includes(s))) continue;
      this.map.set(s, serviceUrl(s).replace(/\/+$/, ''));
    }
  }

  /** The base URL of a service, or undefined when it is not behind this gateway. */
  url(service: BackendService): string | undefined {
    return this.map.get(service);
  }

  urls(): Record<string, string> {
    return Object.fromEntries(this.map);
  }
}
