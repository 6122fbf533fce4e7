import { z } from 'zod';

export type Role = 'server' | 'worker' | 'all';

/** Configuration every service validates at boot; a service extends it with its own fields. */
export const baseConfigSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().min(1),
  KAFKA_BROKERS: z.string().min(1),
  INTERNAL_TOKEN: z.string().min(16, 'INTERNAL_TOKEN must be at least 16 characters (the gateway uses it to call services).'),
  SIMLINE_NS: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
});
export type BaseConfig = z.infer<typeof baseConfigSchema>;

/** Parses the environment against a schema and fails the boot with every problem listed. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return parsed.data;
}

/** Default ports: gateway 3000, services 3101…, their workers 3201…. */
export const SERVICE_PORTS = {
  gateway: 3000,
  plans: 3101,
  subscriptions: 3102,
  porting: 3103,
  billing: 3104,
  consent: 3105,
  events: 3106,
  usage: 3107,
} as const;

export function servicePort(service: keyof typeof SERVICE_PORTS, role: Role, env: NodeJS.ProcessEnv = process.env): number {
  const key = `${service.toUpperCase()}_${role === 'worker' ? 'WORKER_' : ''}PORT`;
  if (env[key]) return Number(env[key]);
  if (env.PORT && role !== 'worker') return Number(env.PORT);
  return SERVICE_PORTS[service] + (role === 'worker' ? 100 : 0);
}

/** Where the gateway reaches a service (`<SERVICE>_URL`, default localhost and its port). */
export function serviceUrl(service: keyof typeof SERVICE_PORTS, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${service.toUpperCase()}_URL`] ?? `http://127.0.0.1:${servicePort(service, 'server', env)}`;
}

/** Where a service's worker answers (`<SERVICE>_WORKER_URL`, default localhost and its worker port). */
export function workerUrl(service: keyof typeof SERVICE_PORTS, env: NodeJS.ProcessEnv = process.env): string {
  return env[`${service.toUpperCase()}_WORKER_URL`] ?? `http://127.0.0.1:${servicePort(service, 'worker', env)}`;
}
