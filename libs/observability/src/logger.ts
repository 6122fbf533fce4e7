import { pino, type Logger } from 'pino';
import { currentContext } from './context.js';

export type { Logger };

/**
 * Fields that must never reach a log line. The porting account PIN is the one that matters most; the rest
 * are credentials. Paths are matched at any depth pino supports (top level and one level down).
 */
export const REDACT_PATHS = [
  'accountPin',
  '*.accountPin',
  '*.*.accountPin',
  'pin',
  '*.pin',
  'password',
  '*.password',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'secret',
  '*.secret',
];

let root: Logger | undefined;

/** The process's root logger: JSON lines on stdout, with the current request/event context mixed in. */
export function rootLogger(service = process.env.SIMLINE_SERVICE ?? 'simline'): Logger {
  if (!root) {
    root = pino({
      level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      mixin() {
        const c = currentContext();
        return {
          service: process.env.SIMLINE_SERVICE ?? service,
          ...(c.requestId ? { requestId: c.requestId } : {}),
          ...(c.correlationId ? { correlationId: c.correlationId } : {}),
          ...(c.causationId ? { causationId: c.causationId } : {}),
          ...(c.project ? { project: c.project } : {}),
        };
      },
    });
  }
  return root;
}

export function createLogger(component: string): Logger {
  return rootLogger().child({ component });
}
