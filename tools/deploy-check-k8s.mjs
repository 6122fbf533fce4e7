// Kubernetes checks (tools/deploy-check.mjs). Renders deploy/k8s/base and every overlay with a real kustomize
// (`kubectl kustomize`, or a `kustomize` binary), then validates each object:
//   - against the Kubernetes OpenAPI schemas, as the npm package kubernetes-models ships them (ajv validators);
//   - for unknown fields too (kubeconform's -strict): those validators let unknown fields through, so the
//     objects are also type-checked by tsc against kubernetes-models' TypeScript types, which refuse them;
//   - KafkaTopics against Strimzi's own CRD (deploy/k8s/crds, tools/deploy-strimzi-crd.mjs), unknown fields refused;
// then our rules: probes, security, autoscalers and budgets that point at something, Services that select pods,
// references to ConfigMaps and Secrets, topics = the event catalogue, partitions and replication that agree.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import YAML from 'yaml';
import { K8S, ROOT, importBuilt, stackProcesses } from './deploy-lib.mjs';

const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000, ...opts });

function kustomizeTool() {
  const kubectl = sh('kubectl', ['version', '--client']);
  if (kubectl.status === 0) {
    const v = kubectl.stdout.match(/Kustomize Version: (\S+)/)?.[1];
    return { render: (dir) => sh('kubectl', ['kustomize', dir]), name: `kubectl kustomize (kustomize ${v ?? '?'})` };
  }
  const kz = sh('kustomize', ['version']);
  if (kz.status === 0) return { render: (dir) => sh('kustomize', ['build', dir]), name: `kustomize ${kz.stdout.trim()}` };
  return undefined;
}

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
const idOf = (d) => `${d.kind}/${d.metadata?.name}`;
const matches = (selector, labels) => Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v);
const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** kubeconform-style strictness for a CRD schema: objects with declared properties refuse others. */
function strictSchema(schema) {
  if (Array.isArray(schema)) return schema.map(strictSchema);
  if (!isObject(schema)) return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) if (!k.startsWith('x-kubernetes-')) out[k] = strictSchema(v);
  if (schema.type === 'object' && schema.properties && !schema['x-kubernetes-preserve-unknown-fields'] && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function crdValidators() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const map = new Map();
  for (const file of fs.readdirSync(path.join(K8S, 'crds')).filter((f) => f.endsWith('.yaml'))) {
    for (const crd of YAML.parseAllDocuments(fs.readFileSync(path.join(K8S, 'crds', file), 'utf8')).map((d) => d.toJS())) {
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) {
        if (!v.served) continue;
        map.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(strictSchema(v.schema.openAPIV3Schema)));
      }
    }
  }
  return map;
}

const modelModule = (apiVersion) => `kubernetes-models/${apiVersion}`;

async function schemaValidate(r, where, docs, crds) {
  for (const d of docs) {
    const crd = crds.get(`${d.apiVersion}/${d.kind}`);
    if (crd) {
      r.check(`${where} ${idOf(d)}: matches the ${d.apiVersion} CRD`, crd(d), JSON.stringify(crd.errors?.slice(0, 5)));
      continue;
    }
    let Model;
    try {
      Model = (await import(modelModule(d.apiVersion)))[d.kind];
    } catch {
      Model = undefined;
    }
    if (!r.check(`${where} ${idOf(d)}: a known Kubernetes kind (${d.apiVersion})`, typeof Model === 'function')) continue;
    try {
      new Model(d).validate();
      r.check(`${where} ${idOf(d)}: valid`, true);
    } catch (err) {
      r.fail(`${where} ${idOf(d)}: invalid`, err.message.slice(0, 800));
    }
  }
}

/** Unknown fields: each object becomes a typed literal in one TypeScript file; tsc refuses excess properties. */
function strictFieldCheck(r, renders) {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'simline-deploy-check');
  fs.mkdirSync(dir, { recursive: true });
  const imports = new Map();
  const lines = [];
  const owners = [];
  for (const [where, docs] of renders) {
    for (const d of docs) {
      if (!/^(v1|[a-z0-9.-]+\.k8s\.io\/v\w+|apps\/v1|batch\/v1|autoscaling\/v2|policy\/v1)$/.test(d.apiVersion)) {
        // Custom resources: their spec is checked against the CRD; their metadata as Kubernetes metadata.
        const alias = 'Meta';
        imports.set(alias, `import type { IObjectMeta as ${alias} } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';`);
        owners.push([lines.length + 1, where, idOf(d)]);
        lines.push(`export const m${owners.length}: ${alias} = ${JSON.stringify(d.metadata)};`);
        continue;
      }
      const alias = `${d.apiVersion.replace(/[^a-zA-Z0-9]/g, '_')}_${d.kind}`;
      imports.set(alias, `import type { I${d.kind} as ${alias} } from '${modelModule(d.apiVersion)}';`);
      owners.push([lines.length + 1, where, idOf(d)]);
      for (const l of `export const m${owners.length}: ${alias} = ${JSON.stringify(d, null, 1)};`.split('\n')) lines.push(l);
    }
  }
  const header = [...imports.values()];
  fs.writeFileSync(path.join(dir, 'manifests.mts'), [...header, ...lines].join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] }, files: ['manifests.mts'] }),
  );
  const tsc = sh(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')]);
  const errors = (tsc.stdout + tsc.stderr).split('\n').filter((l) => /error TS/.test(l));
  for (const e of errors) {
    const line = Number(e.match(/\((\d+),\d+\)/)?.[1] ?? 0) - header.length;
    const owner = owners.filter(([start]) => start <= line).at(-1);
    r.fail(`${owner ? `${owner[1]} ${owner[2]}` : 'manifests'}: field check`, e.replace(/^.*error /, ''));
  }
  r.check(`no unknown or mistyped fields (tsc against kubernetes-models types, ${owners.length} objects)`, tsc.status === 0 && errors.length === 0, errors.length ? `${errors.length} error(s) above` : (tsc.stdout + tsc.stderr).slice(0, 500));
}

async function rules(r, where, docs, ctx) {
  const by = (kind) => docs.filter((d) => d.kind === kind);
  const ids = docs.map(idOf);
  r.check(`${where}: no duplicate objects`, new Set(ids).size === ids.length, ids.filter((x, i) => ids.indexOf(x) !== i).join(', '));
  for (const d of docs) {
    r.check(`${where} ${idOf(d)}: name is a DNS-1123 subdomain`, DNS1123.test(d.metadata?.name ?? '') && d.metadata.name.length <= 253);
    if (d.kind === 'Service') r.check(`${where} ${idOf(d)}: name is a DNS-1035 label`, DNS1035.test(d.metadata.name) && d.metadata.name.length <= 63);
  }
  const deployments = by('Deployment');
  const hpas = by('HorizontalPodAutoscaler');
  const configMaps = new Set(by('ConfigMap').map((d) => d.metadata.name));
  const secrets = new Set(by('Secret').map((d) => d.metadata.name));
  const topics = by('KafkaTopic');
  const highPartitions = Math.max(0, ...topics.filter((t) => t.metadata.labels?.['simline.io/load'] === 'high').map((t) => t.spec.partitions));
  const podsOf = [...deployments.map((d) => [d, d.spec.template]), ...by('Job').map((j) => [j, j.spec.template])];

  for (const [owner, tpl] of podsOf) {
    const id = `${where} ${idOf(owner)}`;
    const pod = tpl.spec;
    r.check(`${id}: enableServiceLinks false (PLANS_PORT=tcp://… would be read as a port)`, pod.enableServiceLinks === false);
    r.check(`${id}: runs as non-root`, pod.securityContext?.runAsNonRoot === true);
    r.check(`${id}: no service account token`, pod.automountServiceAccountToken === false);
    for (const c of pod.containers) {
      r.check(`${id}/${c.name}: image has a tag`, /:[\w.-]+$/.test(c.image.split('/').at(-1)), c.image);
      r.check(`${id}/${c.name}: cpu and memory requests, memory limit`, Boolean(c.resources?.requests?.cpu && c.resources?.requests?.memory && c.resources?.limits?.memory));
      r.check(`${id}/${c.name}: no privilege escalation, read-only root`, c.securityContext?.allowPrivilegeEscalation === false && c.securityContext?.readOnlyRootFilesystem === true);
      for (const ref of c.envFrom ?? []) {
        if (ref.configMapRef) r.check(`${id}/${c.name}: ConfigMap ${ref.configMapRef.name} exists`, configMaps.has(ref.configMapRef.name));
        if (ref.secretRef) {
          const name = ref.secretRef.name;
          if (ctx.externalSecrets) r.check(`${id}/${c.name}: Secret ${name} is left to the secret manager and named in base/secrets.yaml`, !secrets.has(name) && ctx.baseSecrets.has(name));
          else r.check(`${id}/${c.name}: Secret ${name} exists`, secrets.has(name));
        }
      }
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
      const p = ctx.processes.find((x) => x.service === env.SIMLINE_APP);
      if (!r.check(`${id}/${c.name}: SIMLINE_APP names a service`, Boolean(p), env.SIMLINE_APP)) continue;
      if (owner.kind === 'Job') {
        r.check(`${id}: migrates (role migrate, restartPolicy Never)`, env.SIMLINE_ROLE === 'migrate' && JSON.stringify(c.args) === '["migrate"]' && pod.restartPolicy === 'Never');
        continue;
      }
      const port = env.SIMLINE_ROLE === 'worker' ? p.workerPort : p.port;
      r.check(`${id}/${c.name}: listens on the app's ${env.SIMLINE_ROLE} port ${port}`, c.ports?.some((x) => x.containerPort === port && x.name === 'http'));
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) r.check(`${id}/${c.name}: ${probe}`, Boolean(c[probe]));
      r.check(`${id}/${c.name}: readiness on /health`, c.readinessProbe?.httpGet?.path === '/health');
    }
  }
  for (const d of deployments) {
    const id = `${where} ${idOf(d)}`;
    r.check(`${id}: selector matches its pods`, matches(d.spec.selector.matchLabels, d.spec.template.metadata.labels));
    const hpa = hpas.find((h) => h.spec.scaleTargetRef.kind === 'Deployment' && h.spec.scaleTargetRef.name === d.metadata.name);
    if (r.check(`${id}: has a HorizontalPodAutoscaler`, Boolean(hpa))) r.check(`${id}: leaves replicas to its autoscaler`, d.spec.replicas === undefined);
    r.check(`${id}: has a PodDisruptionBudget`, by('PodDisruptionBudget').some((b) => matches(b.spec.selector.matchLabels, d.spec.template.metadata.labels)));
  }
  for (const h of hpas) {
    const id = `${where} ${idOf(h)}`;
    const target = deployments.find((d) => d.metadata.name === h.spec.scaleTargetRef.name);
    r.check(`${id}: scales an existing Deployment`, Boolean(target));
    r.check(`${id}: 1 ≤ min ≤ max`, h.spec.minReplicas >= 1 && h.spec.minReplicas <= h.spec.maxReplicas, `${h.spec.minReplicas}..${h.spec.maxReplicas}`);
    // Servers run the Kafka consumers: replicas beyond the partitions of the busiest topics only idle.
    if (target?.spec.template.metadata.labels['app.kubernetes.io/component'] === 'server' && target.metadata.name !== 'gateway' && highPartitions)
      r.check(`${id}: max ${h.spec.maxReplicas} ≤ ${highPartitions} partitions of the high-load topics`, h.spec.maxReplicas <= highPartitions);
  }
  for (const b of by('PodDisruptionBudget')) r.check(`${where} ${idOf(b)}: selects pods`, deployments.some((d) => matches(b.spec.selector.matchLabels, d.spec.template.metadata.labels)));
  for (const s of by('Service')) {
    const target = deployments.find((d) => matches(s.spec.selector, d.spec.template.metadata.labels));
    if (!r.check(`${where} ${idOf(s)}: selects pods`, Boolean(target))) continue;
    const ports = target.spec.template.spec.containers.flatMap((c) => c.ports ?? []);
    for (const p of s.spec.ports) r.check(`${where} ${idOf(s)}: targetPort ${p.targetPort} exists`, ports.some((x) => x.name === p.targetPort || x.containerPort === p.targetPort));
  }

  // Every process of `npm start` is deployed, with its migration Job.
  for (const p of ctx.processes) {
    r.check(`${where}: Deployment and Service ${p.service}`, deployments.some((d) => d.metadata.name === p.service) && by('Service').some((s) => s.metadata.name === p.service));
    if (p.workerPort) r.check(`${where}: Deployment and Service ${p.service}-worker`, deployments.some((d) => d.metadata.name === `${p.service}-worker`) && by('Service').some((s) => s.metadata.name === `${p.service}-worker`));
    if (p.migrates) r.check(`${where}: Job ${p.service}-migrate`, by('Job').some((j) => j.metadata.name === `${p.service}-migrate`));
  }

  // The shared configuration points at the Services of this render.
  const cm = by('ConfigMap').find((c) => c.metadata.name.startsWith('simline-config'));
  if (r.check(`${where}: ConfigMap simline-config`, Boolean(cm))) {
    const data = cm.data ?? {};
    r.check(`${where} simline-config: HOST=0.0.0.0`, data.HOST === '0.0.0.0');
    for (const k of ['REDIS_URL', 'KAFKA_BROKERS', 'SMTP_URL', 'CONSENT_PUBLIC_URL']) r.check(`${where} simline-config: ${k}`, Boolean(data[k]));
    for (const p of ctx.processes) {
      r.check(`${where} simline-config: ${p.service.toUpperCase()}_URL → Service ${p.service}:${p.port}`, data[`${p.service.toUpperCase()}_URL`] === `http://${p.service}:${p.port}`);
      if (p.workerPort) r.check(`${where} simline-config: ${p.service.toUpperCase()}_WORKER_URL`, data[`${p.service.toUpperCase()}_WORKER_URL`] === `http://${p.service}-worker:${p.workerPort}`);
    }
    const rf = new Set(topics.map((t) => t.spec.replicas));
    r.check(`${where}: KAFKA_REPLICATION_FACTOR (dlq/replay topics) = the KafkaTopics' replicas`, rf.size === 1 && Number(data.KAFKA_REPLICATION_FACTOR) === [...rf][0], `${data.KAFKA_REPLICATION_FACTOR} vs ${[...rf]}`);
  }

  // Topics: exactly the catalogue, one cluster, sane partitions and replication.
  const names = topics.map((t) => t.spec.topicName).sort();
  r.check(`${where}: KafkaTopics = the event catalogue (${ctx.catalogue.length})`, JSON.stringify(names) === JSON.stringify([...ctx.catalogue].sort()), `missing ${ctx.catalogue.filter((t) => !names.includes(t))}, extra ${names.filter((t) => !ctx.catalogue.includes(t))}`);
  for (const t of topics) {
    const id = `${where} ${idOf(t)}`;
    r.check(`${id}: belongs to a Strimzi cluster`, Boolean(t.metadata.labels?.['strimzi.io/cluster']));
    r.check(`${id}: load label matches the catalogue`, t.metadata.labels?.['simline.io/load'] === ctx.loads[t.spec.topicName]);
    const isr = Number(t.spec.config?.['min.insync.replicas'] ?? 1);
    r.check(`${id}: min ISR ${isr} leaves room for a broker down (replicas ${t.spec.replicas})`, t.spec.replicas === 1 ? isr === 1 : isr < t.spec.replicas);
  }
  const normal = Math.max(0, ...topics.filter((t) => t.metadata.labels?.['simline.io/load'] === 'normal').map((t) => t.spec.partitions));
  r.check(`${where}: high-load topics have at least the partitions of the others`, highPartitions >= normal, `${highPartitions} vs ${normal}`);
}

export async function checkKubernetes(r) {
  const tool = kustomizeTool();
  if (!tool) {
    r.fail('kustomize', 'neither `kubectl kustomize` nor `kustomize` runs here: install kubectl (it includes kustomize)');
    return;
  }
  r.note(`rendering with ${tool.name}; schemas: kubernetes-models ${JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/kubernetes-models/package.json'), 'utf8')).version}`);
  const targets = [['base', path.join(K8S, 'base')], ...fs.readdirSync(path.join(K8S, 'overlays')).sort().map((o) => [`overlays/${o}`, path.join(K8S, 'overlays', o)])];
  const renders = [];
  for (const [where, dir] of targets) {
    const out = tool.render(dir);
    if (!r.check(`${where}: kustomize renders`, out.status === 0, (out.stderr || '').slice(0, 1000))) continue;
    const docs = YAML.parseAllDocuments(out.stdout).map((d) => d.toJS()).filter(Boolean);
    renders.push([where, docs]);
  }
  const crds = crdValidators();
  r.check('the Strimzi KafkaTopic CRD is there (deploy/k8s/crds)', crds.has('kafka.strimzi.io/v1/KafkaTopic'));
  const processes = await stackProcesses();
  const { EVENT_CATALOGUE, EVENT_TYPES } = await importBuilt('libs/contracts/dist/index.js');
  const baseSecrets = new Set((renders.find(([w]) => w === 'base')?.[1] ?? []).filter((d) => d.kind === 'Secret').map((d) => d.metadata.name));
  for (const [where, docs] of renders) {
    await schemaValidate(r, where, docs, crds);
    const ctx = {
      processes,
      catalogue: EVENT_TYPES,
      loads: Object.fromEntries(EVENT_TYPES.map((t) => [t, EVENT_CATALOGUE[t].load])),
      baseSecrets,
      // An overlay that removes the placeholder Secrets expects them from a secret manager.
      externalSecrets: where !== 'base' && !docs.some((d) => d.kind === 'Secret'),
    };
    await rules(r, where, docs, ctx);
    r.note(`${where}: ${docs.length} objects (${[...new Set(docs.map((d) => d.kind))].map((k) => `${docs.filter((d) => d.kind === k).length} ${k}`).join(', ')})`);
  }
  strictFieldCheck(r, renders);
}
