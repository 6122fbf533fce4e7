/**
 * Where domain code gets the time. Never `new Date()` in domain code: a project on a test clock lives in
 * simulated time, and every schedule (renewals, cut-offs, expiries, retries) obeys it.
 */
export abstract class Clock {
  /** Now, for a project (its test clock if it has one) or for the platform when no project is given. */
  abstract now(project?: string): Promise<Date>;
}

export class SystemClock extends Clock {
  override async now(): Promise<Date> {
    return new Date();
  }
}

/** A clock for unit tests: starts where you say and moves only when told. */
export class ManualClock extends Clock {
  private current: Date;
  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    super();
    this.current = new Date(start);
  }
  override async now(): Promise<Date> {
    return new Date(this.current);
  }
  nowSync(): Date {
    return new Date(this.current);
  }
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
