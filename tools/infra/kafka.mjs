// The real Apache Kafka broker (KRaft, combined broker+controller), jars from Maven Central, run with Java 17.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { REPO_ROOT, STATE_DIR, livePid, mkdirp, run, stopPid, tail } from './common.mjs';
import { tcpOpen, waitFor, withTimeout } from './wait.mjs';

const { Kafka, logLevel } = kafkajs;

const PORT = 9092;
const CONTROLLER_PORT = 9093;
export const KAFKA_DEFAULT_BROKERS = `127.0.0.1:${PORT}`;
const POM = path.join(REPO_ROOT, 'deploy', 'kafka', 'pom.xml');
const LOG4J_CONF = path.join(REPO_ROOT, 'deploy', 'kafka', 'log4j2.xml');
const DIR = path.join(STATE_DIR, 'kafka');
const LIBS = path.join(DIR, 'libs');
const LIBS_MARKER = path.join(LIBS, '.complete');
const DATA = path.join(DIR, 'data');
const LOGS = path.join(DIR, 'logs');
const PROPS = path.join(DIR, 'server.properties');
const PIDFILE = path.join(DIR, 'kafka.pid');
const CLUSTER_ID_FILE = path.join(DIR, 'cluster-id');
const OUT_LOG = path.join(LOGS, 'kafka.out');
const SERVER_LOG = path.join(LOGS, 'server.log');
const MVN_LOG = path.join(LOGS, 'mvn.log');
export const KAFKA_LOG = SERVER_LOG;

/** The pinned version (deploy/kafka/pom.xml), or SIMLINE_KAFKA_VERSION for an experiment. */
export function kafkaVersion() {
  if (process.env.SIMLINE_KAFKA_VERSION) return process.env.SIMLINE_KAFKA_VERSION;
  const m = fs.readFileSync(POM, 'utf8').match(/<kafka\.version>([^<]+)<\/kafka\.version>/);
  if (!m) throw new Error(`no <kafka.version> in ${POM}`);
  return m[1].trim();
}

function javaBin() {
  const home = process.env.JAVA_HOME;
  if (home && fs.existsSync(path.join(home, 'bin', 'java'))) return path.join(home, 'bin', 'java');
  return 'java';
}

async function checkJava() {
  const { out } = await run(javaBin(), ['-version'], { timeoutMs: 30_000 }).catch((err) => {
    throw new Error(`Java 17+ is needed to run Kafka: ${err.message}`);
  });
  const m = out.match(/version "(\d+)(?:\.(\d+))?/);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : 0;
  if (major < 17)
    throw new Error(`Kafka needs Java 17+, but \`${javaBin()} -version\` says: ${out.split('\n')[0]}`);
}

async function ensureJars(version, notes) {
  const have = fs.existsSync(LIBS_MARKER) ? fs.readFileSync(LIBS_MARKER, 'utf8').trim() : '';
  if (have === version) return;
  fs.rmSync(LIBS, { recursive: true, force: true });
  mkdirp(LOGS);
  const started = Date.now();
  try {
    await run(
      'mvn',
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        '-f',
        POM,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${LIBS}`,
        `-Dmaven.repo.local=${path.join(STATE_DIR, 'm2')}`,
        `-Dkafka.version=${version}`,
      ],
      { timeoutMs: 900_000, logFile: MVN_LOG },
    );
  } catch (err) {
    throw new Error(`could not fetch the Kafka ${version} jars with Maven: ${err.message}`);
  }
  if (!fs.existsSync(path.join(LIBS, `kafka_2.13-${version}.jar`))) {
    throw new Error(`Maven finished but ${LIBS}/kafka_2.13-${version}.jar is missing; see ${MVN_LOG}`);
  }
  fs.writeFileSync(LIBS_MARKER, `${version}\n`);
  notes.push(`fetched Kafka ${version} jars with Maven in ${Math.round((Date.now() - started) / 1000)}s`);
}

/** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (as Uuid.randomUuid). */
function clusterId() {
  if (fs.existsSync(CLUSTER_ID_FILE)) return fs.readFileSync(CLUSTER_ID_FILE, 'utf8').trim();
  let id;
  do id = crypto.randomBytes(16).toString('base64url');
  while (id.startsWith('-'));
  fs.writeFileSync(CLUSTER_ID_FILE, `${id}\n`);
  return id;
}

function propertiesText() {
  return [
    '# Written by tools/infra (Simline local infrastructure); rewritten on every `up`.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${CONTROLLER_PORT}`,
    `listeners=PLAINTEXT://127.0.0.1:${PORT},CONTROLLER://127.0.0.1:${CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${PORT}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    `log.dirs=${DATA}`,
    'num.partitions=3',
    'default.replication.factor=1',
    'min.insync.replicas=1',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'share.coordinator.state.topic.replication.factor=1',
    'share.coordinator.state.topic.min.isr=1',
    'auto.create.topics.enable=false',
    'delete.topic.enable=true',
    'group.initial.rebalance.delay.ms=0',
    'num.recovery.threads.per.data.dir=1',
    'log.retention.hours=168',
    '',
  ].join('\n');
}

function jvmArgs() {
  return [
    '-Xms256m',
    '-Xmx1g',
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    '-Djava.awt.headless=true',
    `-Dkafka.logs.dir=${LOGS}`,
    `-Dlog4j2.configurationFile=${LOG4J_CONF}`,
    '-cp',
    `${LIBS}/*`,
  ];
}

/** Can a kafkajs admin connect and list topics? */
export async function kafkaAnswers(brokers = KAFKA_DEFAULT_BROKERS, timeoutMs = 5000) {
  const kafka = new Kafka({
    clientId: 'simline-infra-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2000,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await withTimeout(admin.connect(), timeoutMs, 'kafka connect timeout');
    await withTimeout(admin.listTopics(), timeoutMs, 'kafka listTopics timeout');
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export function ourPid() {
  return livePid(PIDFILE, 'kafka.Kafka');
}

/**
 * Java checked, the broker's jars fetched with Maven (once per version) and its settings written: what starting
 * a broker needs, also for the fault suite's private brokers on a checkout whose shared broker someone else runs.
 */
export async function prepareKafka(version = kafkaVersion(), notes = []) {
  await checkJava();
  mkdirp(DIR);
  mkdirp(LOGS);
  await ensureJars(version, notes);
  fs.writeFileSync(PROPS, propertiesText());
  return notes;
}

export async function ensureKafka() {
  if (process.env.KAFKA_BROKERS) return { url: process.env.KAFKA_BROKERS, state: 'external (KAFKA_BROKERS)' };
  const brokers = KAFKA_DEFAULT_BROKERS;
  const version = kafkaVersion();

  const running = ourPid();
  if (running) {
    await waitFor('our Kafka broker to answer', () => kafkaAnswers(brokers), {
      timeoutMs: 90_000,
      intervalMs: 500,
      hint: `see ${SERVER_LOG} and ${OUT_LOG}`,
      abort: () => (ourPid() ? undefined : 'the broker process exited'),
    });
    return { url: brokers, state: `already running (pid ${running})` };
  }
  if (await tcpOpen(PORT)) {
    if (await kafkaAnswers(brokers))
      return { url: brokers, state: `reusing the broker already on :${PORT} (not started by us)` };
    throw new Error(
      `port ${PORT} is in use by something that is not a Kafka broker; stop it or set KAFKA_BROKERS`,
    );
  }
  if (await tcpOpen(CONTROLLER_PORT)) {
    throw new Error(
      `port ${CONTROLLER_PORT} (the KRaft controller listener) is in use by something else; stop it`,
    );
  }

  const notes = [];
  await prepareKafka(version, notes);

  if (!fs.existsSync(path.join(DATA, 'meta.properties'))) {
    const id = clusterId();
    await run(
      javaBin(),
      [...jvmArgs(), 'kafka.tools.StorageTool', 'format', '--ignore-formatted', '-t', id, '-c', PROPS],
      { timeoutMs: 120_000, logFile: path.join(LOGS, 'storage-format.log') },
    );
    notes.push(`formatted KRaft storage (cluster id ${id})`);
  }

  const outFd = fs.openSync(OUT_LOG, 'a');
  const child = spawn(javaBin(), [...jvmArgs(), 'kafka.Kafka', PROPS], {
    cwd: DIR,
    detached: true,
    stdio: ['ignore', outFd, outFd],
  });
  fs.closeSync(outFd);
  let exited;
  child.on('exit', (code, signal) => (exited = code ?? signal));
  fs.writeFileSync(PIDFILE, `${child.pid}\n`);
  child.unref();

  try {
    await waitFor(`the Kafka ${version} broker to accept a kafkajs admin`, () => kafkaAnswers(brokers), {
      timeoutMs: 120_000,
      intervalMs: 500,
      hint: `see ${SERVER_LOG} and ${OUT_LOG}`,
      abort: () => (exited !== undefined ? `the broker process exited (${exited})` : undefined),
    });
  } catch (err) {
    const detail = tail(SERVER_LOG, 10) || tail(OUT_LOG, 10);
    throw new Error(`${err.message}${detail ? `\n--- log tail ---\n${detail}` : ''}`);
  }
  return {
    url: brokers,
    state: `started Kafka ${version} (pid ${child.pid})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    started: true,
  };
}

export async function stopKafka() {
  const pid = ourPid();
  if (!pid) {
    fs.rmSync(PIDFILE, { force: true });
    return false;
  }
  // SIGTERM = controlled shutdown; a single KRaft node normally needs a few seconds.
  await stopPid(pid, { graceMs: 60_000 });
  fs.rmSync(PIDFILE, { force: true });
  return true;
}

export async function kafkaStatus() {
  const external = Boolean(process.env.KAFKA_BROKERS);
  const brokers = process.env.KAFKA_BROKERS || KAFKA_DEFAULT_BROKERS;
  const pid = external ? undefined : ourPid();
  return {
    name: 'kafka',
    up: await kafkaAnswers(brokers),
    ours: Boolean(pid),
    pid,
    url: brokers,
    log: SERVER_LOG,
    version: external ? undefined : kafkaVersion(),
  };
}
