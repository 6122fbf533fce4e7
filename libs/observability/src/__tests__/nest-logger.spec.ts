import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { runWithContext } from '../context.js';
import { captureLogs } from '../logger.js';
import { cachedFor, SCRAPE_SOURCE_TIMEOUT_MS, scrapeGauge } from '../scrape.js';
import { metricsRegistry } from '../metrics.js';
import { PinoNestLogger } from '../nest-logger.js';

function logged(fn: () => void): Array<Record<string, unknown>> {
  const capture = captureLogs('trace');
  try {
    fn();
  } finally {
    capture.stop();
  }
  return capture.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('PinoNestLogger', () => {
  it("writes Nest's lines as JSON with their context and the request id of the current context", () => {
    const nest = new PinoNestLogger();
    Logger.overrideLogger(nest);
    const lines = logged(() =>
      runWithContext({ requestId: 'req_nestlog' }, () => {
        new Logger('RouterExplorer').log('Mapped {/health, GET} route');
        new Logger('ExceptionsHandler').error('boom', 'Error: boom\n    at x (y.js:1:1)');
        Logger.warn('a static warning', 'NestApplication');
        new Logger('Ctx').error(new Error('an error object'));
      }),
    );
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        component: 'nest',
        context: 'RouterExplorer',
        msg: 'Mapped {/health, GET} route',
        requestId: 'req_nestlog',
      }),
      expect.objectContaining({
        level: 50,
        context: 'ExceptionsHandler',
        msg: 'boom',
        stack: 'Error: boom\n    at x (y.js:1:1)',
        requestId: 'req_nestlog',
      }),
      expect.objectContaining({ level: 40, context: 'NestApplication', msg: 'a static warning' }),
      expect.objectContaining({
        level: 50,
        context: 'Ctx',
        msg: 'an error object',
        err: expect.objectContaining({ message: 'an error object' }),
      }),
    ]);
  });

  it('writes the levels the application turned off at debug, not at their own level', () => {
    const nest = new PinoNestLogger();
    Logger.overrideLogger(nest);
    Logger.overrideLogger(['error', 'warn']);
    const lines = logged(() => {
      new Logger('InstanceLoader').log('AppModule dependencies initialized');
      new Logger('X').warn('still a warning');
    });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [20, 'AppModule dependencies initialized'],
      [40, 'still a warning'],
    ]);
  });
});

describe('scrape-time gauges', () => {
  it('read their sources only when scraped, and a removed source no more', async () => {
    let reads = 0;
    const gauge = scrapeGauge('test_scrape_gauge', 'for the unit test', ['k']);
    const remove = gauge.add(async () => {
      reads++;
      return [{ labels: { k: 'a' }, value: 3 }];
    });
    expect(reads).toBe(0);
    expect(await metricsRegistry.getSingleMetricAsString('test_scrape_gauge')).toContain(
      'test_scrape_gauge{k="a"} 3',
    );
    expect(reads).toBe(1);
    remove();
    expect(await metricsRegistry.getSingleMetricAsString('test_scrape_gauge')).not.toContain('k="a"');
    expect(reads).toBe(1);
  });

  it('a failing source leaves the others and counts an error', async () => {
    const gauge = scrapeGauge('test_scrape_failing', 'for the unit test', ['k']);
    const removers = [
      gauge.add(async () => Promise.reject(new Error('down'))),
      gauge.add(async () => [{ labels: { k: 'b' }, value: 1 }]),
    ];
    expect(await metricsRegistry.getSingleMetricAsString('test_scrape_failing')).toContain(
      'test_scrape_failing{k="b"} 1',
    );
    expect(await metricsRegistry.getSingleMetricAsString('metrics_scrape_errors_total')).toContain(
      'metric="test_scrape_failing"',
    );
    removers.forEach((r) => r());
  });

  it('a source that does not answer is left out after its timeout, without stalling the others', async () => {
    const gauge = scrapeGauge('test_scrape_stalled', 'for the unit test', ['k']);
    const removers = [
      gauge.add(() => new Promise<never>(() => undefined)),
      gauge.add(async () => [{ labels: { k: 'c' }, value: 2 }]),
    ];
    const t0 = Date.now();
    const text = await metricsRegistry.getSingleMetricAsString('test_scrape_stalled');
    expect(Date.now() - t0).toBeLessThan(SCRAPE_SOURCE_TIMEOUT_MS + 1000);
    expect(text).toContain('test_scrape_stalled{k="c"} 2');
    expect(await metricsRegistry.getSingleMetricAsString('metrics_scrape_errors_total')).toContain(
      'metric="test_scrape_stalled"',
    );
    removers.forEach((r) => r());
  });

  it('cachedFor shares a call under way', async () => {
    let calls = 0;
    let answer: (n: number) => void = () => undefined;
    const read = cachedFor(0, () => {
      calls++;
      return new Promise<number>((resolve) => (answer = resolve));
    });
    const first = read();
    const second = read();
    answer(7);
    expect([await first, await second, calls]).toEqual([7, 7, 1]);
  });

  it('cachedFor keeps an answer for its time and forgets a failure', async () => {
    let calls = 0;
    let fail = true;
    const read = cachedFor(60_000, async () => {
      calls++;
      if (fail) throw new Error('down');
      return calls;
    });
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    expect(calls).toBe(2);
  });
});
