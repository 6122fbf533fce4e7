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
const lineListeners = new Set<(line: string) => void>();

const configuredLevel = (): pino.Level => (process.env.LOG_LEVEL as pino.Level | undefined) ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info');

/**
 * Lines at the configured level go to stdout; listeners (tests that search what a service logged) get a copy
 * of every line, so a capture at `trace` does not flood stdout.
 */
function destination() {
  const tee = { write: (line: string) => lineListeners.forEach((fn) => fn(line)) };
  return pino.multistream([
    { level: configuredLevel(), stream: pino.destination(1) },
    { level: 'trace', stream: tee },
  ]);
}

/** The process's root logger: JSON lines on stdout, with the current request/event context mixed in. */
export function rootLogger(service = process.env.SIMLINE_SERVICE ?? 'simline'): Logger {
  if (!root) {
    root = pino({
      level: configuredLevel(),
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
    }, destination());
  }
  return root;
}

export interface LogCapture {
  /** Every line logged since the capture started (JSON, as written to stdout). */
  readonly lines: string[];
  stop(): void;
}

/**
 * Captures this process's log lines, at `level` or above (default trace: everything) until `stop()`, which
 * restores the level. Child loggers follow the root's level, so the capture sees every component.
 */
export function captureLogs(level: pino.Level = 'trace'): LogCapture {
  const logger = rootLogger();
  const before = logger.level;
  logger.level = level;
  const lines: string[] = [];
  const fn = (line: string) => void lines.push(line);
  lineListeners.add(fn);
  return {
    lines,
    stop() {
      lineListeners.delete(fn);
      logger.level = before;
    },
  };
}

export function createLogger(component: string): Logger {
  return rootLogger().child({ component });
}
