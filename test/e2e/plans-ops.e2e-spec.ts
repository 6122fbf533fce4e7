import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { DeviceModel, Plan, PlanDocument } from '@simline/contracts';
import { internalClient, planInput, provisionTopics, startService, type RunningService } from '@simline/testing';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module.js';
import { imeiCheckDigit } from '../../apps/plans/src/devices/imei.js';

// `npm run ops -- devices …` and `npm run ops -- plans documents …` run the built CLI (tools/test.mjs builds
// first) against the plans service started here, as ops would against a running stack.
const OPS = join(process.cwd(), 'apps/ops/dist/main.js');
// Each CLI run is a new Node process (about a second, more on a loaded machine).
const TIMEOUT = 60_000;

describe('ops: device models and plan documents', () => {
  let plans: RunningService;
  let plan: Plan;

  const ops = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [OPS, ...args], { env: { ...process.env, PLANS_URL: plans.url }, timeout: 30_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const lastLine = (s: string) => s.trim().split('\n').pop()!;

  beforeAll(async () => {
    await provisionTopics();
    plans = await startService(PlansModule, 'plans');
    const api = internalClient(plans.url);
    plan = (await api.post('/projects/ops-demo/plans', planInput({ provider: 'p8', simTypes: ['eSIM'] }))).body as unknown as Plan;
    await api.post(`/projects/ops-demo/plans/${plan.id}/publish`);
  }, 60_000);
  afterAll(() => plans?.close());

  it('devices add: the new model is listed and plan search finds it by IMEI at once', async () => {
    const added = await ops('devices', 'add', '--manufacturer', 'Fairphone', '--name', 'Fairphone 6', '--providers', 'p8,p9', '--sim-types', 'eSIM,pSIM', '--tacs', '35877701,35877702');
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = lastLine(added.stdout);
    expect(id).toMatch(/^dmd_[0-9A-Za-z]{28}$/);

    const listed = await ops('devices', 'list', '--json');
    expect(listed.code).toBe(0);
    const models = JSON.parse(listed.stdout) as DeviceModel[];
    expect(models.find((m) => m.id === id)).toMatchObject({ manufacturer: 'Fairphone', name: 'Fairphone 6', providers: ['p8', 'p9'], tacs: ['35877701', '35877702'] });
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(['iPhone 15', 'Pixel 9', '3310 3G']));
    expect((await ops('devices', 'list')).stdout).toContain('Fairphone 6');

    const found = await internalClient(plans.url).post('/projects/ops-demo/plans/search', { compatibleWith: { imei: `35877702000000${imeiCheckDigit('35877702000000')}` } });
    expect(found.status).toBe(200);
    expect((found.body.items as Plan[]).map((p) => p.id)).toEqual([plan.id]);
  }, TIMEOUT);

  it('devices add refuses bad input and a TAC that is taken, with the reason, and exit code 1', async () => {
    const bad = await ops('devices', 'add', '--manufacturer', 'X', '--name', 'Y', '--providers', 'p1', '--sim-types', 'eSIM', '--tacs', '1234');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('422 invalidRequestBody');
    expect(bad.stderr).toContain('tacs.0');
    const taken = await ops('devices', 'add', '--manufacturer', 'X', '--name', 'Y', '--providers', '', '--sim-types', 'pSIM', '--tacs', '49238884');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('409 tacAlreadyAssigned');
  }, TIMEOUT);

  it('plans documents add attaches a document that partners then read', async () => {
    const added = await ops(
      'plans', 'documents', 'add',
      '--project', 'ops-demo', '--plan', plan.id,
      '--name', 'My Plan Contract', '--type', 'application/pdf', '--language', 'en-US',
      '--url', 'https://a.gigscdn.net/p/my-project/01G74ZPB5PQTDESM4JGYR2CWB9.pdf',
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = lastLine(added.stdout);
    expect(id).toMatch(/^pdc_[0-9A-Za-z]{28}$/);

    const doc = (await internalClient(plans.url).get(`/projects/ops-demo/planDocuments/${id}`)).body as unknown as PlanDocument;
    expect(doc).toMatchObject({ object: 'planDocument', id, plan: plan.id, name: 'My Plan Contract', language: 'en-US', type: 'application/pdf' });
    const listed = await ops('plans', 'documents', 'list', '--project', 'ops-demo', '--plan', plan.id, '--json');
    expect(JSON.parse(listed.stdout)).toEqual([doc]);
  }, TIMEOUT);

  it('plans documents add to a missing plan fails with planNotFound', async () => {
    const res = await ops('plans', 'documents', 'add', '--project', 'ops-demo', '--plan', 'pln_0SNlurA049MEWV3V0q7gjQbM4EVo', '--name', 'x', '--type', 'application/pdf', '--url', 'https://x.y/z.pdf');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('404 planNotFound');
  }, TIMEOUT);
});
