// docker-compose.yml checks (tools/deploy-check.mjs). The file is validated by a real Compose implementation:
// the Docker CLI's compose plugin (`docker compose config`) where there is one, else Debian's docker-compose
// (1.29, the Python implementation; installed with apt only when asked: `--install`, as .ci/run does), which checks the file against
// the compose schema and the references between services without an engine. Then our rules on what it resolved.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ROOT, stackProcesses } from './deploy-lib.mjs';

const FILE = path.join(ROOT, 'docker-compose.yml');
const sh = (cmd, args) => spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

/**
 * Which Compose can validate here: the plugin, else docker-compose. Nothing is installed unless the caller asks
 * (`npm run deploy:check -- --install`): a check that quietly apt-installs surprises whoever runs it.
 */
async function composeTool(r) {
  const plugin = sh('docker', ['compose', 'version']);
  if (plugin.status === 0) return { cmd: 'docker', args: ['compose'], version: plugin.stdout.trim() };
  let v1 = sh('docker-compose', ['version', '--short']);
  if (v1.error) {
    if (!process.argv.includes('--install')) {
      r.fail(
        'a Compose implementation',
        'neither `docker compose` nor docker-compose runs here: install one (e.g. `apt-get install docker-compose`), or run `npm run deploy:check -- --install` to have it installed with apt',
      );
      return null;
    }
    r.note('no `docker compose` plugin and no docker-compose: installing Debian\'s docker-compose with apt (--install)');
    const { aptInstall } = await import('./infra/common.mjs');
    await aptInstall(['docker-compose']);
    v1 = sh('docker-compose', ['version', '--short']);
  }
  if (v1.status !== 0) throw new Error(`docker-compose does not run: ${v1.stderr || v1.error}`);
  return { cmd: 'docker-compose', args: [], version: `docker-compose ${v1.stdout.trim()}` };
}

/** `key=value` lines of the broker properties tools/infra/kafka.mjs writes (the no-Docker path). */
function infraKafkaProperties() {
  const src = fs.readFileSync(path.join(ROOT, 'tools/infra/kafka.mjs'), 'utf8');
  const body = src.slice(src.indexOf('function propertiesText'), src.indexOf('function jvmArgs'));
  return Object.fromEntries([...body.matchAll(/^\s*[`'"]([a-z][a-z0-9._]*)=([^`'"$]*)[`'"],?$/gm)].map((m) => [m[1], m[2]]));
}

const kafkaEnvName = (prop) => `KAFKA_${prop.replace(/_/g, '__').replace(/-/g, '___').replace(/\./g, '_').toUpperCase()}`;

function installedMajor(cmd, args, re) {
  const res = sh(cmd, args);
  const m = `${res.stdout ?? ''}${res.stderr ?? ''}`.match(re);
  return m ? m[1] : undefined;
}

export async function checkCompose(r) {
  const tool = await composeTool(r);
  if (!tool) return;
  r.note(`validating with ${tool.version}`);
  const quiet = sh(tool.cmd, [...tool.args, '-f', FILE, 'config', '-q']);
  if (!r.check(`${tool.cmd} ${tool.args.join(' ')} config`.replace(/\s+/g, ' '), quiet.status === 0, (quiet.stderr || quiet.stdout).trim())) return;
  const resolved = sh(tool.cmd, [...tool.args, '-f', FILE, 'config']);
  const cfg = YAML.parse(resolved.stdout);
  const services = cfg.services ?? {};
  const env = (name) => {
    const e = services[name]?.environment ?? {};
    return Array.isArray(e) ? Object.fromEntries(e.map((kv) => kv.split(/=(.*)/s).slice(0, 2))) : e;
  };

  // --- the same versions as the no-Docker path ---
  const pom = fs.readFileSync(path.join(ROOT, 'deploy/kafka/pom.xml'), 'utf8').match(/<kafka\.version>([^<]+)</)[1].trim();
  r.check('kafka image is apache/kafka at the pom version', services.kafka?.image === `apache/kafka:${pom}`, `${services.kafka?.image} vs apache/kafka:${pom} (deploy/kafka/pom.xml)`);
  // Debian bookworm, which tools/infra installs from, has PostgreSQL 15 and Redis 7.0.
  const pgTag = services.postgres?.image?.match(/^postgres:(\d+)/)?.[1];
  r.check('postgres image is PostgreSQL 15 (Debian bookworm)', pgTag === '15', services.postgres?.image);
  const pgHere = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort().at(-1) : undefined;
  if (pgHere) r.check('postgres image major = the PostgreSQL installed here', pgTag === pgHere, `${pgTag} vs ${pgHere}`);
  const redisTag = services.redis?.image?.match(/^redis:(\d+\.\d+)/)?.[1];
  r.check('redis image is Redis 7.0 (Debian bookworm)', redisTag === '7.0', services.redis?.image);
  const redisHere = installedMajor('redis-server', ['--version'], /v=(\d+\.\d+)/);
  if (redisHere) r.check('redis image = the Redis installed here', redisTag === redisHere, `${redisTag} vs ${redisHere}`);
  // The mail view is the same as under `npm start`: its catcher, from the app image.
  r.check('the mail catcher of npm start (tools/infra/smtp-catcher.mjs) with its web view', JSON.stringify(services.mail?.entrypoint ?? []).includes('/app/tools/infra/smtp-catcher.mjs') && services.mail?.image === services.topics?.image, JSON.stringify(services.mail?.entrypoint));
  r.check('mail: reachable from other containers', env('mail').SIMLINE_MAIL_HOST === '0.0.0.0', env('mail').SIMLINE_MAIL_HOST);

  // --- Redis and Kafka configured like tools/infra ---
  const redisCmd = [].concat(services.redis?.command ?? []).join(' ');
  r.check('redis: maxmemory-policy noeviction', /--maxmemory-policy noeviction/.test(redisCmd), redisCmd);
  r.check('redis: append-only file', /--appendonly yes/.test(redisCmd), redisCmd);
  r.check('redis: hz 100 (delayed jobs fire within 10 ms)', /--hz 100\b/.test(redisCmd), redisCmd);
  const props = infraKafkaProperties();
  r.check('tools/infra/kafka.mjs properties were read', Object.keys(props).length >= 15, JSON.stringify(props));
  // Addresses differ by nature (a container network); everything else must be the same.
  const PER_HOST = new Set(['listeners', 'advertised.listeners', 'controller.quorum.voters', 'log.dirs', 'listener.security.protocol.map']);
  const kenv = env('kafka');
  for (const [prop, value] of Object.entries(props)) {
    if (PER_HOST.has(prop)) continue;
    r.check(`kafka ${prop}=${value} as in tools/infra/kafka.mjs`, String(kenv[kafkaEnvName(prop)]) === value, `${kafkaEnvName(prop)}=${kenv[kafkaEnvName(prop)]}`);
  }

  // --- every process of `npm start`, from one image, with health checks and start order ---
  const processes = await stackProcesses();
  const urlKeys = processes.map((p) => [`${p.service.toUpperCase()}_URL`, `http://${p.service}:${p.port}`]);
  const images = new Set();
  const expected = [];
  for (const p of processes) {
    expected.push([p.service, 'server', p.port]);
    if (p.workerPort) expected.push([`${p.service}-worker`, 'worker', p.workerPort]);
  }
  for (const [name, role, port] of expected) {
    const s = services[name];
    if (!r.check(`service ${name} exists`, Boolean(s))) continue;
    const e = env(name);
    images.add(s.image);
    r.check(`${name}: SIMLINE_APP/SIMLINE_ROLE`, e.SIMLINE_APP === name.replace(/-worker$/, '') && e.SIMLINE_ROLE === role, `${e.SIMLINE_APP}/${e.SIMLINE_ROLE}`);
    r.check(`${name}: HOST=0.0.0.0 (reachable from other containers)`, e.HOST === '0.0.0.0', e.HOST);
    for (const k of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'INTERNAL_TOKEN', 'SMTP_URL']) r.check(`${name}: ${k} set`, Boolean(e[k]));
    for (const [k, v] of urlKeys) r.check(`${name}: ${k}=${v}`, e[k] === v, e[k]);
    r.check(`${name}: a health check`, Array.isArray(s.healthcheck?.test) && !s.healthcheck.disable, JSON.stringify(s.healthcheck));
    const ports = (s.ports ?? []).map((x) => (typeof x === 'object' ? Number(x.target) : Number(String(x).split(':').at(-1).split('/')[0])));
    r.check(`${name}: publishes its port ${port}`, ports.includes(port), JSON.stringify(s.ports));
    const deps = s.depends_on ?? {};
    for (const infra of ['postgres', 'redis', 'kafka']) r.check(`${name} waits for ${infra} healthy`, deps[infra]?.condition === 'service_healthy', JSON.stringify(deps[infra]));
    for (const once of ['topics', 'migrate']) r.check(`${name} waits for ${once} to complete`, deps[once]?.condition === 'service_completed_successfully', JSON.stringify(deps[once]));
  }
  r.check('every app process runs from one image', images.size === 1 && [...images].every((i) => services.topics?.image === i && services.migrate?.image === i), [...images].join(', '));
  r.check('topics: one-shot `ops topics`', JSON.stringify(services.topics?.command) === '["ops","topics"]' && services.topics?.restart === 'no', JSON.stringify(services.topics?.command));
  r.check('migrate: one-shot `migrate` of every app', JSON.stringify(services.migrate?.command) === '["migrate"]' && env('migrate').SIMLINE_APP === 'all', JSON.stringify(services.migrate?.command));
  r.check('the build uses the repo Dockerfile', [...Object.values(services)].filter((s) => s.build).every((s) => (s.build.dockerfile ?? 'Dockerfile') === 'Dockerfile'));
  // A `service_healthy` condition on a service without a health check would wait forever.
  for (const [name, s] of Object.entries(services)) {
    for (const [dep, c] of Object.entries(s.depends_on ?? {})) {
      if (c.condition === 'service_healthy') {
        const hc = services[dep]?.healthcheck;
        r.check(`${name} → ${dep}: the health it waits for exists`, Boolean(hc?.test) && !hc.disable);
      }
    }
  }
}
