#!/usr/bin/env node
// node tools/infra/cli.mjs up|down|status|env
//   up      start what is missing (idempotent, fast when everything runs) and print the env
//   down    stop what this project started (pid files under .simline/)
//   status  each server up/down (exit 1 if any is down)
//   env     like `up` but quiet, then `export K=V` lines: eval "$(node tools/infra/cli.mjs env)"
import { down, status, up } from './index.mjs';

const shellQuote = (v) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
const exportsOf = (env) =>
  Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');

async function main(cmd) {
  switch (cmd) {
    case 'up': {
      const env = await up();
      process.stdout.write(`\n${exportsOf(env)}\n`);
      return 0;
    }
    case 'env': {
      const env = await up({ quiet: true });
      process.stdout.write(`${exportsOf(env)}\n`);
      return 0;
    }
    case 'down':
      await down();
      return 0;
    case 'status': {
      const all = await status();
      for (const s of all) {
        const who = s.ours ? `ours, pid ${s.pid}` : s.up ? 'not started by us' : '-';
        const extra =
          s.name === 'smtp'
            ? ` api ${s.apiUrl} ${s.apiUp ? 'up' : 'down'}`
            : s.version
              ? ` (Kafka ${s.version})`
              : '';
        process.stdout.write(
          `${s.name.padEnd(8)} ${(s.up ? 'up' : 'down').padEnd(5)} ${s.url}${extra}  [${who}]  log: ${s.log}\n`,
        );
      }
      return all.every((s) => s.up) ? 0 : 1;
    }
    default:
      process.stderr.write('usage: node tools/infra/cli.mjs up|down|status|env\n');
      return 2;
  }
}

main(process.argv[2]).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
