#!/usr/bin/env node
// Writes deploy/k8s/base/kafka-topics.yaml: one Strimzi KafkaTopic (kafka.strimzi.io/v1) per topic of the event
// catalogue (libs/contracts/src/catalogue.ts), with the partition counts and retention that `npm start` and
// `ops topics` create (libs/messaging catalogueTopics) and a `simline.io/load` label, by which the overlays set
// partitions and replicas per load (deploy/k8s/overlays/*). `--check`: fail if the committed file differs.
// Dead-letter and replay topics (dlq.<group>, replay.<group>, one partition) are created by each consumer at start.
import path from 'node:path';
import { HEADER, K8S, finish, importBuilt, toYaml } from './deploy-lib.mjs';

const check = process.argv.includes('--check');
const OUT = path.join(K8S, 'base', 'kafka-topics.yaml');
/** The Strimzi cluster (the `Kafka` resource) these topics belong to; overlays may relabel. */
export const KAFKA_CLUSTER = 'simline';

/** A Kubernetes object name for a topic: lower case, words of camelCase split by `-` (`subscription.cutoff-reached`). */
export const topicResourceName = (topic) => topic.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export async function topicResources() {
  delete process.env.SIMLINE_NS; // production names, whatever the caller's environment
  delete process.env.KAFKA_RETENTION_MS;
  const { EVENT_CATALOGUE } = await importBuilt('libs/contracts/dist/index.js');
  const { catalogueTopics, partitionPlanFromEnv } = await importBuilt('libs/messaging/dist/topics.js');
  const plan = partitionPlanFromEnv({});
  const names = new Map();
  return catalogueTopics(plan).map((t) => {
    const name = topicResourceName(t.topic);
    if (names.has(name)) throw new Error(`topics ${names.get(name)} and ${t.topic} map to one resource name ${name}`);
    names.set(name, t.topic);
    const load = EVENT_CATALOGUE[t.topic].load;
    return {
      apiVersion: 'kafka.strimzi.io/v1',
      kind: 'KafkaTopic',
      metadata: {
        name,
        labels: {
          'strimzi.io/cluster': KAFKA_CLUSTER,
          'app.kubernetes.io/part-of': 'simline',
          'simline.io/load': load,
          'simline.io/aggregate': EVENT_CATALOGUE[t.topic].aggregate,
        },
      },
      spec: {
        topicName: t.topic,
        partitions: t.numPartitions,
        replicas: 3,
        config: {
          ...Object.fromEntries((t.configEntries ?? []).map((c) => [c.name, c.value])),
          'min.insync.replicas': '2',
          'cleanup.policy': 'delete',
        },
      },
    };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const docs = await topicResources();
  const high = docs.filter((d) => d.metadata.labels['simline.io/load'] === 'high').length;
  const text =
    HEADER('tools/deploy-topics.mjs', 'libs/contracts/src/catalogue.ts') +
    `# ${docs.length} topics (${high} high-load). Base: the development partition counts, 3 replicas, min ISR 2;\n` +
    `# overlays/dev and overlays/prod patch partitions and replicas by the simline.io/load label.\n` +
    toYaml(docs);
  finish('tools/deploy-topics.mjs', [[OUT, text]], check);
}
