import { EventEmitter } from 'node:events';
import type { Logger as TypeOrmLogger } from 'typeorm';
import { createLogger } from '@simline/observability';

/**
 * TypeORM's own loggers print failed queries with their parameters on the console, past pino's redaction:
 * a PIN, token or e-mail in a parameter would reach the logs. This one logs through pino and never the
 * parameters (only how many there were). `SQL_LOG=1` logs every query text, still without parameters.
 */
export class SafeQueryLogger implements TypeOrmLogger {
  private readonly pino = createLogger('sql');
  private readonly all = process.env.SQL_LOG === '1';
  /**
   * Every failed query and pool error, as `queryError` events (the runtime watches for database outages: work
   * scheduled after a commit whose outcome was lost must be re-created once the database is back).
   */
  readonly events = new EventEmitter();

  logQuery(query: string, parameters?: unknown[]): void {
    if (this.all) this.pino.info({ query: query.slice(0, 2000), parameterCount: parameters?.length ?? 0 }, 'query');
  }
  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    const e = typeof error === 'string' ? { message: error } : { message: error.message, code: (error as { code?: string }).code };
    this.pino.warn({ error: e, query: query.slice(0, 2000), parameterCount: parameters?.length ?? 0 }, 'query failed');
    this.events.emit('queryError', typeof error === 'string' ? new Error(error) : error);
  }
  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.pino.warn({ ms: time, query: query.slice(0, 2000), parameterCount: parameters?.length ?? 0 }, 'slow query');
  }
  logSchemaBuild(message: string): void {
    this.pino.debug(message);
  }
  logMigration(message: string): void {
    this.pino.info(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') {
      this.pino.warn({ message: String(message) }, 'typeorm');
      this.events.emit('queryError', new Error(String(message)));
    }
    else this.pino.debug({ message: String(message) }, 'typeorm');
  }
}
