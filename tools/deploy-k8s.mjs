#!/usr/bin/env node
// Writes the Kubernetes base (deploy/k8s/base): per service a Deployment, Service, HorizontalPodAutoscaler and
// PodDisruptionBudget for its server and its worker, a migration Job, plus the shared ConfigMap (config.env),
// placeholder Secrets and the kustomization. Generated from the process list `npm start` runs
// (tools/stack.mjs, libs/platform SERVICE_PORTS) so ports and names cannot drift. Overlays (deploy/k8s/overlays)
// are written by hand. `--check`: fail if a committed file differs. See docs/decisions/1001-deploy.md.
import fs from 'node:fs';
import path from 'node:path';
import { HEADER, K8S, ROOT, finish, stackProcesses, toYaml } from './deploy-lib.mjs';

const check = process.argv.includes('--check');
const BASE = path.join(K8S, 'base');
const GEN = 'tools/deploy-k8s.mjs';
const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
const upper = (s) => s.toUpperCase();

const labelsOf = (service, component) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/component': component });
const INTERNAL_SECRET = 'simline-internal';
const dbSecret = (service) => `${service}-database`;
/** Secrets only one service gets. */
const OWN_SECRETS = { gateway: ['gateway-admin'], porting: ['porting-pin'], subscriptions: ['subscriptions-esim'] };

function secretsOf(p) {
  return [INTERNAL_SECRET, ...(p.migrates ? [dbSecret(p.service)] : []), ...(OWN_SECRETS[p.service] ?? [])];
}

function podSpec(p, role, port) {
  const http = { name: 'http', containerPort: port, protocol: 'TCP' };
  return {
    serviceAccountName: 'simline',
    automountServiceAccountToken: false,
    // Kubernetes would otherwise inject PLANS_PORT=tcp://… for every Service, which the apps read as their port.
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 40,
    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } },
    topologySpreadConstraints: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      maxSkew: 1,
      topologyKey,
      whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: labelsOf(p.service, role) },
    })),
    containers: [
      {
        name: p.service,
        image: `simline/${p.service}`,
        imagePullPolicy: 'IfNotPresent',
        env: [
          { name: 'SIMLINE_APP', value: p.service },
          { name: 'SIMLINE_ROLE', value: role },
        ],
        envFrom: [{ configMapRef: { name: 'simline-config' } }, ...secretsOf(p).map((name) => ({ secretRef: { name } }))],
        ports: [http],
        // /health checks PostgreSQL, Redis and Kafka: ready = can do its work. Liveness only asks whether the
        // process answers, so that an outage of a dependency does not restart every pod.
        startupProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 5, timeoutSeconds: 6, failureThreshold: 60 },
        readinessProbe: { httpGet: { path: '/health', port: 'http' }, periodSeconds: 10, timeoutSeconds: 6, failureThreshold: 3 },
        livenessProbe: { tcpSocket: { port: 'http' }, periodSeconds: 20, timeoutSeconds: 5, failureThreshold: 3 },
        // Let endpoints drop the pod before the app stops accepting.
        lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } },
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      },
    ],
    volumes: [{ name: 'tmp', emptyDir: {} }],
  };
}

function deployment(p, role, port) {
  const name = role === 'worker' ? `${p.service}-worker` : p.service;
  const labels = labelsOf(p.service, role);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels },
    spec: {
      // No `replicas`: the HorizontalPodAutoscaler owns it (a re-apply would otherwise reset it).
      revisionHistoryLimit: 5,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: {
          labels,
          annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': '/metrics' },
        },
        spec: podSpec(p, role, port),
      },
    },
  };
}

const service = (p, role, port) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: role === 'worker' ? `${p.service}-worker` : p.service, labels: labelsOf(p.service, role) },
  spec: { type: 'ClusterIP', selector: labelsOf(p.service, role), ports: [{ name: 'http', port, targetPort: 'http', protocol: 'TCP' }] },
});

const hpa = (p, role, min, max) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: role === 'worker' ? `${p.service}-worker` : p.service, labels: labelsOf(p.service, role) },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: role === 'worker' ? `${p.service}-worker` : p.service },
    minReplicas: min,
    maxReplicas: max,
    // CPU for now. Workers could scale on queue depth (BullMQ waiting jobs, e.g. through KEDA's Redis scaler)
    // and servers on consumer lag; see docs/scaling.md.
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
  },
});

const pdb = (p, role) => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name: role === 'worker' ? `${p.service}-worker` : p.service, labels: labelsOf(p.service, role) },
  spec: { maxUnavailable: 1, selector: { matchLabels: labelsOf(p.service, role) } },
});

function migrationJob(p) {
  const spec = podSpec(p, 'migrate', p.port);
  const [container] = spec.containers;
  // The same image and entry point, role `migrate`: create the database, run pending migrations, exit.
  Object.assign(container, {
    name: 'migrate',
    args: ['migrate'],
    env: [
      { name: 'SIMLINE_APP', value: p.service },
      { name: 'SIMLINE_ROLE', value: 'migrate' },
    ],
    envFrom: [{ configMapRef: { name: 'simline-config' } }, { secretRef: { name: INTERNAL_SECRET } }, { secretRef: { name: dbSecret(p.service) } }],
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  });
  for (const key of ['ports', 'startupProbe', 'readinessProbe', 'livenessProbe', 'lifecycle']) delete container[key];
  delete spec.topologySpreadConstraints;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: `${p.service}-migrate`,
      labels: labelsOf(p.service, 'migrate'),
      annotations: {
        // A Job's template cannot change in place: Argo CD re-creates it before each sync; with plain kubectl,
        // delete the finished Job first (docs/scaling.md, "Rolling out").
        'argocd.argoproj.io/hook': 'PreSync',
        'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation',
      },
    },
    spec: {
      backoffLimit: 3,
      activeDeadlineSeconds: 1800,
      ttlSecondsAfterFinished: 86400,
      template: { metadata: { labels: labelsOf(p.service, 'migrate') }, spec: { ...spec, restartPolicy: 'Never' } },
    },
  };
}

/** Base autoscaling bounds; the overlays set their own. */
const BOUNDS = { server: [2, 6], worker: [1, 4], gateway: [2, 10] };

function serviceDocs(p) {
  const docs = [deployment(p, 'server', p.port), service(p, 'server', p.port)];
  const [min, max] = p.service === 'gateway' ? BOUNDS.gateway : BOUNDS.server;
  docs.push(hpa(p, 'server', min, max), pdb(p, 'server'));
  if (p.workerPort) {
    docs.push(deployment(p, 'worker', p.workerPort), service(p, 'worker', p.workerPort), hpa(p, 'worker', ...BOUNDS.worker), pdb(p, 'worker'));
  }
  if (p.migrates) docs.push(migrationJob(p));
  return docs;
}

function configEnv(processes) {
  const lines = [
    '# GENERATED by tools/deploy-k8s.mjs (the shared ConfigMap simline-config); overlays merge their own values.',
    '# Infrastructure: where the servers are. Replace in an overlay (configMapGenerator, behavior: merge).',
    'REDIS_URL=redis://redis:6379',
    'KAFKA_BROKERS=simline-kafka-bootstrap:9092',
    '# Replication of the topics consumers create themselves (dlq.*, replay.*); catalogue topics are KafkaTopics.',
    'KAFKA_REPLICATION_FACTOR=3',
    'SMTP_URL=smtp://smtp:25',
    'CONSENT_PUBLIC_URL=https://consent.example.com',
    'HOST=0.0.0.0',
    'LOG_LEVEL=info',
    '# Where services reach each other (the gateway routes partner calls; services read project settings from it).',
  ];
  for (const p of processes) lines.push(`${upper(p.service)}_URL=http://${p.service}:${p.port}`);
  for (const p of processes) if (p.workerPort) lines.push(`${upper(p.service)}_WORKER_URL=http://${p.service}-worker:${p.workerPort}`);
  return lines.join('\n') + '\n';
}

function secrets(processes) {
  const secret = (name, data, what) => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, labels: { 'app.kubernetes.io/part-of': 'simline' }, annotations: { 'simline.io/holds': what } },
    type: 'Opaque',
    stringData: data,
  });
  return [
    secret(INTERNAL_SECRET, { INTERNAL_TOKEN: 'placeholder-internal-token-change-me' }, 'the token the gateway and services call each other with (16+ characters)'),
    ...processes
      .filter((p) => p.migrates)
      .map((p) =>
        secret(
          dbSecret(p.service),
          { [`${upper(p.service)}_DATABASE_URL`]: `postgres://simline_${p.service}:placeholder@postgres-${p.service}:5432/simline_${p.service}` },
          `the ${p.service} service's own PostgreSQL database (owner rights: the service migrates it)`,
        ),
      ),
    secret('gateway-admin', { ADMIN_TOKEN: 'placeholder-admin-token-change-me' }, 'the admin API credential (16+ characters)'),
    // base64 of the 32 ASCII bytes "placeholder-pin-key-change-me!!!"
    secret('porting-pin', { PIN_ENCRYPTION_KEY: Buffer.from('placeholder-pin-key-change-me!!!').toString('base64') }, 'AES-256-GCM key for port-out PINs at rest: base64 of 32 random bytes'),
    secret('subscriptions-esim', { ESIM_MATCHING_ID_SECRET: 'placeholder-esim-matching-id-secret-change-me' }, 'the secret eSIM matching ids are derived from (16+ characters; changing it changes every eSIM activation code)'),
  ];
}

const serviceAccount = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'simline' },
  // The apps never call the Kubernetes API.
  automountServiceAccountToken: false,
};

function kustomization(processes) {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    labels: [{ pairs: { 'app.kubernetes.io/part-of': 'simline' }, includeSelectors: false }],
    resources: ['serviceaccount.yaml', 'secrets.yaml', 'kafka-topics.yaml', ...processes.map((p) => `${p.service}.yaml`)],
    configMapGenerator: [{ name: 'simline-config', envs: ['config.env'] }],
    images: processes.map((p) => ({ name: `simline/${p.service}`, newTag: version })),
  };
}

const processes = await stackProcesses();
const header = HEADER(GEN, 'tools/stack.mjs and libs/platform/src/config.ts');
const files = [
  [path.join(BASE, 'kustomization.yaml'), header + toYaml([kustomization(processes)])],
  [path.join(BASE, 'config.env'), configEnv(processes)],
  [path.join(BASE, 'serviceaccount.yaml'), header + toYaml([serviceAccount])],
  [
    path.join(BASE, 'secrets.yaml'),
    header +
      '# PLACEHOLDERS, never real secrets: overlays/dev uses them as they are; overlays/prod deletes them, so that\n' +
      '# the real ones come from your secret manager (External Secrets, Sealed Secrets, …) under the same names.\n' +
      toYaml(secrets(processes)),
  ],
  ...processes.map((p) => [path.join(BASE, `${p.service}.yaml`), header + toYaml(serviceDocs(p))]),
];
finish(GEN, files, check);
