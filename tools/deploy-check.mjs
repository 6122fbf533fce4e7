#!/usr/bin/env node
// `npm run deploy:check`: everything under deploy/, docker-compose.yml and the Dockerfile, without a container
// engine or a cluster (docs/decisions/1001-deploy.md). In order:
//   1. the generated files are up to date (tools/deploy-topics.mjs, tools/deploy-k8s.mjs);
//   2. docker-compose.yml: `docker compose config` (or Debian's docker-compose where the compose plugin is
//      missing; installed with apt only with `--install`), then our own rules (versions, Kafka settings, start order);
//   3. Dockerfile: COPY sources and .dockerignore, the files ENTRYPOINT and HEALTHCHECK run, the built apps,
//      and that the runtime imports only production dependencies;
//   4. Kubernetes: base and overlays rendered by kustomize, every object validated against the Kubernetes
//      schemas (kubernetes-models) with unknown fields refused, KafkaTopics against Strimzi's CRD, then our
//      own rules (probes, autoscalers, references, topics = catalogue);
//   5. Grafana: every metric deploy/grafana's dashboards query is registered by the code, with those labels.
// `--only compose|docker|k8s|generated|grafana` runs one part.
import { spawnSync } from 'node:child_process';
import { ROOT } from './deploy-lib.mjs';

export class Report {
  constructor(part) {
    this.part = part;
    this.passed = 0;
    this.failures = [];
  }
  check(name, ok, detail = '') {
    if (ok) this.passed++;
    else this.failures.push(`${name}${detail ? `: ${detail}` : ''}`);
    return ok;
  }
  fail(name, detail) {
    return this.check(name, false, detail);
  }
  note(text) {
    console.log(`  ${this.part}: ${text}`);
  }
}

const only = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 ? process.argv[i + 1] : undefined;
})();
const parts = [
  ['generated', async (r) => {
    for (const gen of ['tools/deploy-topics.mjs', 'tools/deploy-k8s.mjs']) {
      const res = spawnSync(process.execPath, [gen, '--check'], { cwd: ROOT, encoding: 'utf8' });
      r.check(`${gen} --check`, res.status === 0, (res.stderr || res.stdout).trim());
    }
  }],
  ['compose', async (r) => (await import('./deploy-check-compose.mjs')).checkCompose(r)],
  ['docker', async (r) => (await import('./deploy-check-docker.mjs')).checkDockerfile(r)],
  ['k8s', async (r) => (await import('./deploy-check-k8s.mjs')).checkKubernetes(r)],
  ['grafana', async (r) => (await import('./deploy-check-grafana.mjs')).checkGrafana(r)],
];

const started = Date.now();
const build = spawnSync(process.execPath, ['tools/build.mjs'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, QUIET: '1' } });
if (build.status !== 0) process.exit(1);

let failed = 0;
let passed = 0;
for (const [name, run] of parts) {
  if (only && only !== name) continue;
  const r = new Report(name);
  const t0 = Date.now();
  try {
    await run(r);
  } catch (err) {
    r.fail('unexpected error', err instanceof Error ? err.stack : String(err));
  }
  passed += r.passed;
  failed += r.failures.length;
  console.log(`deploy check ${name}: ${r.passed} ok, ${r.failures.length} wrong (${Date.now() - t0} ms)`);
  for (const f of r.failures) console.log(`  ✗ ${f}`);
}
console.log(`deploy check: ${failed ? `FAILED, ${failed} wrong` : 'all good'} (${passed} checks ok) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
