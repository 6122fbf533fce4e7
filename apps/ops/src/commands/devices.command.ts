import type { Command } from 'commander';
import type { DeviceModel } from '@simline/contracts';
import { action as run } from '../lib/action.js';
import { table } from '../lib/output.js';
import { allPages as allServicePages, callService, csv } from './service-client.js';

const callPlans = <T>(method: 'GET' | 'POST', path: string, body?: unknown) =>
  callService<T>('plans', method, path, body);
const allPages = <T extends { id: string }>(path: string) => allServicePages<T>('plans', path);

interface AddOptions {
  manufacturer: string;
  name: string;
  providers: string;
  simTypes: string;
  tacs: string;
  json?: boolean;
}

/** `ops devices add|list`: the device-model catalogue used by plan compatibility search. */
export function registerDevices(program: Command): void {
  const devices = program
    .command('devices')
    .description('the device-model catalogue (plan compatibility by IMEI or model)');

  devices
    .command('add')
    .description(
      'add a device model with the providers and SIM types it supports and its TACs (first 8 IMEI digits)',
    )
    .requiredOption('--manufacturer <name>', 'e.g. Apple')
    .requiredOption('--name <name>', 'model name, e.g. "iPhone 17"')
    .requiredOption(
      '--providers <ids>',
      'comma-separated provider ids it works with, e.g. p1,p5 ("" for none)',
    )
    .requiredOption('--sim-types <types>', 'comma-separated: eSIM, pSIM')
    .requiredOption('--tacs <tacs>', 'comma-separated 8-digit TACs')
    .option('--json', 'print the device model as JSON')
    .action(
      run(async (opts: AddOptions) => {
        const model = await callPlans<DeviceModel>('POST', '/internal/deviceModels', {
          manufacturer: opts.manufacturer,
          name: opts.name,
          providers: csv(opts.providers),
          simTypes: csv(opts.simTypes),
          tacs: csv(opts.tacs),
        });
        if (opts.json) console.log(JSON.stringify(model, null, 2));
        else
          console.log(
            `added ${model.manufacturer} ${model.name}: providers ${model.providers.join(',') || '(none)'}; SIM ${model.simTypes.join(',')}; TACs ${model.tacs.join(',')}\n${model.id}`,
          );
      }),
    );

  devices
    .command('list')
    .description('list every device model, newest first')
    .option('--json', 'print the models as JSON')
    .action(
      run(async (opts: { json?: boolean }) => {
        const models = await allPages<DeviceModel>('/internal/deviceModels');
        if (opts.json) return console.log(JSON.stringify(models, null, 2));
        console.log(
          table(
            ['id', 'manufacturer', 'name', 'providers', 'SIM types', 'TACs'],
            models.map((m) => [
              m.id,
              m.manufacturer,
              m.name,
              m.providers.join(',') || '(none)',
              m.simTypes.join(','),
              m.tacs.join(','),
            ]),
          ),
        );
      }),
    );
}
