import type { Command } from 'commander';
import { action } from '../lib/action.js';
import { InternalApi } from '../lib/internal-api.js';
import { consoleOutput, OpsError } from '../lib/output.js';

interface PortOut {
  id: string;
  status: string;
  phoneNumber: string;
  subscription: string;
  expiresAt?: string;
}

const path = (project: string, rest = '') =>
  `/internal/carriers/projects/${encodeURIComponent(project)}/portOuts${rest}`;

/**
 * `ops port-out request|submit`: plays the other carrier of a port-out (the simulator's role) against the
 * porting service: ask for one of our numbers, then present the credentials the user was given.
 */
export function registerPortOut(program: Command): void {
  const cmd = program
    .command('port-out')
    .description('simulate another carrier taking one of our numbers (port-out)');

  cmd
    .command('request')
    .description('another carrier asks for one of our numbers: creates an `initiated` port-out')
    .requiredOption('--project <project>', 'the project the number belongs to')
    .requiredOption('--number <e164>', 'the phone number, e.g. +19591234567')
    .option('--recipient <svp>', 'the asking carrier (a service provider id)')
    .option('--json', 'print the port-out as JSON')
    .action(
      action(async (o: { project: string; number: string; recipient?: string; json?: boolean }) => {
        const out = consoleOutput(Boolean(o.json));
        const p = await new InternalApi().post<PortOut>('porting', path(o.project), {
          phoneNumber: o.number,
          ...(o.recipient ? { recipientProvider: o.recipient } : {}),
        });
        if (out.json) return out.out(JSON.stringify(p));
        out.out(
          `${p.id} ${p.status} ${p.phoneNumber} (subscription ${p.subscription}), expires ${p.expiresAt ?? '?'}`,
        );
        out.note(
          'next: the partner asks the user for consent (POST /subscriptions/{id}/portOutCredentials); staff follow up; credentials are issued',
        );
      }),
    );

  cmd
    .command('submit')
    .description('the new carrier presents the credentials; the number leaves when they match')
    .requiredOption('--project <project>', 'the project')
    .requiredOption('--port-out <pot>', 'the port-out id')
    .requiredOption('--account-number <n>', 'the account number the user was given')
    .option(
      '--pin-stdin',
      'read the PIN from standard input (otherwise it is taken from SIMLINE_PORT_OUT_PIN)',
    )
    .option('--json', 'print the port-out as JSON')
    .action(
      action(
        async (o: {
          project: string;
          portOut: string;
          accountNumber: string;
          pinStdin?: boolean;
          json?: boolean;
        }) => {
          // Never a command-line argument: it would show in the process list and the shell history.
          const pin = o.pinStdin ? (await readStdin()).trim() : process.env.SIMLINE_PORT_OUT_PIN;
          if (!pin)
            throw new OpsError('give the PIN on standard input (--pin-stdin) or in SIMLINE_PORT_OUT_PIN');
          const p = await new InternalApi().post<PortOut>(
            'porting',
            path(o.project, `/${encodeURIComponent(o.portOut)}/submit`),
            { accountNumber: o.accountNumber, pin },
          );
          const out = consoleOutput(Boolean(o.json));
          out.out(out.json ? JSON.stringify(p) : `${p.id} ${p.status}`);
        },
      ),
    );
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text;
}
