import { describe, expect, it } from '@jest/globals';
import type { Output } from '../../lib/output.js';
import type { ReconcileReport } from '../../reconcile/reconcile.js';
import { printReconcile } from '../reconcile.command.js';
import { printReplay } from '../replay.command.js';

const capture = (json = false) => {
  const lines: string[] = [];
  const o: Output = { json, out: (l) => lines.push(l), note: () => undefined };
  return { o, text: () => lines.join('\n') };
};

const report: ReconcileReport = {
  aggregate: 'subscription',
  service: 'subscriptions',
  project: 'demo',
  events: 12,
  resources: { owner: 4, log: 4 },
  acknowledgedGaps: 1,
  findings: [],
  before: [
    {
      kind: 'stateDiffers',
      id: 'sub_a',
      project: 'demo',
      detail: "at sequence 3 the owner's metadata differ",
      fields: ['metadata'],
    },
  ],
  repair: { backfilled: 2, republished: ['sub_a'], acknowledged: [{ id: 'sub_c', sequences: [4] }] },
};

describe('ops output', () => {
  it('prints a reconciliation as a human report', () => {
    const c = capture();
    printReconcile(c.o, report);
    const t = c.text();
    expect(t).toContain(
      'subscription (subscriptions), project demo: 12 event(s) folded; 4 resource(s) at the owner, 4 in the log; 1 acknowledged gap(s)',
    );
    expect(t).toContain('found before repair (1):');
    expect(t).toMatch(/stateDiffers.*sub_a/);
    expect(t).toContain(
      'repair: 2 event(s) put back from Kafka; 1 resource(s) re-emitted by subscriptions (sub_a); 1 lost gap(s) acknowledged (sub_c#4)',
    );
    expect(t).toContain('clean: the log and the owner agree');
  });

  it('prints JSON with --json', () => {
    const c = capture(true);
    printReconcile(c.o, report);
    expect(JSON.parse(c.text())).toEqual(report);
  });

  it('prints a replay summary, and the events of a dry run', () => {
    const c = capture();
    printReplay(
      c.o,
      {
        source: 'log',
        reason: 'Kafka no longer holds the whole window (retention)',
        types: 8,
        since: '2026-11-22T10:00:00.000Z',
        until: null,
        scanned: 3,
        selected: 1,
        written: 0,
        target: null,
        events: [
          {
            id: 'evt_1',
            type: 'subscription.renewed',
            subject: 'sub_a',
            project: 'demo',
            sequence: 4,
            time: 't',
            publishedAt: '2026-11-22T10:05:00.000Z',
          },
        ],
      },
      true,
    );
    expect(c.text()).toContain('subscription.renewed');
    expect(c.text()).toContain(
      '1 event selected (published 2026-11-22T10:00:00.000Z → now, of the 8 event types the pattern matches), from the event log: 3 read (Kafka no longer holds the whole window (retention)); dry run, nothing written',
    );
  });
});
