#!/usr/bin/env node
// Regenerates deploy/k8s/crds/kafkatopics.kafka.strimzi.io.yaml, the KafkaTopic CustomResourceDefinition that
// `npm run deploy:check` validates deploy/k8s's KafkaTopics against. It is Strimzi's own CRD: Maven fetches the
// Strimzi API classes and Strimzi's CRD generator (deploy/k8s/crds/pom.xml, Maven Central) and the generator
// writes the CRD from the KafkaTopic class, as Strimzi's release does. Needs Maven and Java 21+ (the generator's
// class files), e.g. JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64. Run by hand when the Strimzi version changes;
// the result is committed, so CI needs neither.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { HEADER, K8S, ROOT } from './deploy-lib.mjs';

const DIR = path.join(K8S, 'crds');
const POM = path.join(DIR, 'pom.xml');
const OUT = path.join(DIR, 'kafkatopics.kafka.strimzi.io.yaml');
const WORK = path.join(ROOT, '.simline', 'strimzi-crd');
const version = fs.readFileSync(POM, 'utf8').match(/<strimzi\.version>([^<]+)</)[1];

function javaMajor(bin) {
  const r = spawnSync(bin, ['-version'], { encoding: 'utf8' });
  const m = `${r.stderr}${r.stdout}`.match(/version "(\d+)/);
  return m ? Number(m[1]) : 0;
}

function findJava() {
  const candidates = [process.env.JAVA_HOME && path.join(process.env.JAVA_HOME, 'bin', 'java'), 'java'];
  if (fs.existsSync('/usr/lib/jvm')) for (const d of fs.readdirSync('/usr/lib/jvm')) candidates.push(path.join('/usr/lib/jvm', d, 'bin', 'java'));
  for (const c of candidates.filter(Boolean)) if (javaMajor(c) >= 21) return c;
  throw new Error('Strimzi CRD generator needs Java 21+: set JAVA_HOME to one');
}

const libs = path.join(WORK, `libs-${version}`);
if (!fs.existsSync(path.join(libs, `crd-generator-${version}.jar`))) {
  const r = spawnSync(
    'mvn',
    ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, `-Dmaven.repo.local=${path.join(ROOT, '.simline', 'm2')}`],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error('mvn dependency:copy-dependencies failed');
}
const tmp = path.join(WORK, 'kafkatopic.yaml');
const r = spawnSync(
  findJava(),
  ['-cp', `${libs}/*`, 'io.strimzi.crdgenerator.CrdGenerator', '--yaml', '--crd-api-version', 'v1', '--api-versions', 'v1', '--storage-version', 'v1', `io.strimzi.api.kafka.model.topic.KafkaTopic=${tmp}`],
  { stdio: 'inherit' },
);
if (r.status !== 0 || !fs.existsSync(tmp)) throw new Error('the Strimzi CRD generator failed');
fs.writeFileSync(OUT, HEADER('tools/deploy-strimzi-crd.mjs', `Strimzi ${version} (io.strimzi:api, io.strimzi:crd-generator)`) + fs.readFileSync(tmp, 'utf8'));
console.log(`wrote ${path.relative(ROOT, OUT)} (Strimzi ${version})`);
