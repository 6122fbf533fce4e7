import type { LoggerService, LogLevel } from '@nestjs/common';
import { createLogger, type Logger } from './logger.js';

const PINO_LEVEL = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
} as const;

/**
 * Nest's own lines (start-up, route mapping, exceptions it logs) as pino JSON lines with the request context, instead
 * of Nest's coloured text. Levels the application turned off (`logger: ['error', 'warn']`) are written at debug rather
 * than dropped: LOG_LEVEL=debug shows them.
 */
export class PinoNestLogger implements LoggerService {
  private enabled?: ReadonlySet<LogLevel>;
  private logger?: Logger;

  setLogLevels(levels: LogLevel[]): void {
    this.enabled = new Set(levels);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('log', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: LogLevel, message: unknown, params: unknown[]): void {
    // Nest's Logger appends its context (the class that logs) as the last argument; an error may come before it.
    const rest = [...params];
    const context =
      rest.length && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const stack =
      level === 'error' || level === 'fatal'
        ? rest.find((p): p is string => typeof p === 'string')
        : undefined;
    const fields: Record<string, unknown> = { ...(context ? { context } : {}), ...(stack ? { stack } : {}) };
    let msg: string;
    if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else if (message && typeof message === 'object') {
      Object.assign(fields, message);
      msg =
        typeof (message as { message?: unknown }).message === 'string'
          ? (message as { message: string }).message
          : '';
    } else {
      msg = String(message);
    }
    const pinoLevel = this.enabled && !this.enabled.has(level) ? 'debug' : PINO_LEVEL[level];
    this.logger ??= createLogger('nest');
    this.logger[pinoLevel](fields, msg);
  }
}
