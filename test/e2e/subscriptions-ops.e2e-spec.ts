import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Sim } from '@simline/contracts';
import {
  internalClient,
  planInput,
  provisionTopics,
  startService,
  TestClocks,
  type RunningService,
} from '@simline/testing';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module.js';
import { AppModule as SubscriptionsModule } from '../../apps/subscriptions/src/app.module.js';
import { generatedIccid } from '../../apps/subscriptions/src/sims/iccid.util.js';

// `npm run ops -- sims …` and `npm run ops -- numbers …` run the built CLI (tools/test.mjs builds first) against
// the subscriptions service started here: the pSIM and the pooled number are then what a subscription gets.
const OPS = join(process.cwd(), 'apps/ops/dist/main.js');
const TIMEOUT = 60_000;
const P = 'ops-inventory';

describe('ops: SIM inventory and number pools', () => {
  let plans: RunningService;
  let subs: RunningService;
  let clocks: TestClocks;

  const ops = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [OPS, ...args],
        { env: { ...process.env, SUBSCRIPTIONS_URL: subs.url }, timeout: 30_000 },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  beforeAll(async () => {
    await provisionTopics();
    [plans, subs] = await Promise.all([
      startService(PlansModule, 'plans'),
      startService(SubscriptionsModule, 'subscriptions'),
    ]);
    clocks = new TestClocks([plans, subs]);
  }, 60_000);
  afterAll(async () => {
    await clocks?.close();
    await Promise.all([plans?.close(), subs?.close()]);
  });

  it(
    'sims add and numbers add feed a pSIM subscription; bad input is refused with the reason',
    async () => {
      const iccid = generatedIccid('p7', 424242);
      const added = await ops('sims', 'add', iccid, '--project', P, '--provider', 'p7', '--json');
      expect(added.stderr).toBe('');
      expect(added.code).toBe(0);
      const [sim] = JSON.parse(added.stdout) as Sim[];
      expect(sim).toMatchObject({ object: 'sim', iccid, type: 'pSIM', provider: 'p7', status: 'inactive' });
      expect((await ops('sims', 'list', '--project', P)).stdout).toContain(iccid);

      const numbers = await ops('numbers', 'add', '+12065550142', '+12065550143', '--provider', 'p7');
      expect(numbers.code).toBe(0);
      expect(numbers.stdout).toContain('added 2 number(s) to p7');
      const pools = (await ops('numbers', 'pools', '--provider', 'p7')).stdout.replace(/\x1b\[[0-9;]*m/g, '');
      expect(pools).toMatch(/p7\s*│\s*2\s*│\s*0/);

      const refused = await ops('sims', 'add', iccid, '--project', P, '--provider', 'p7');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('409 iccidAlreadyExists');
      const invalid = await ops('numbers', 'add', '555-0100', '--provider', 'p7');
      expect(invalid.code).toBe(1);
      expect(invalid.stderr).toContain('422 invalidRequestBody');

      const plansApi = internalClient(plans.url);
      const plan = (
        await plansApi.post(`/projects/${P}/plans`, planInput({ provider: 'p7', simTypes: ['pSIM'] }))
      ).body.id as string;
      await plansApi.post(`/projects/${P}/plans/${plan}/publish`, {});
      await clocks.settle();
      const api = internalClient(subs.url);
      const user = (await api.post(`/projects/${P}/users`, { email: 'kramer@example.com' })).body
        .id as string;
      const sub = await api.post(`/projects/${P}/subscriptions`, { user, plan, sim: sim!.id });
      expect(sub.status).toBe(201);
      expect(sub.body).toMatchObject({ sim: { id: sim!.id, iccid }, phoneNumber: '+12065550142' });
    },
    TIMEOUT * 2,
  );
});
