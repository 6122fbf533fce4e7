import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AssignerProtocol } from 'kafkajs';
import {
  databaseNameFor,
  EVENT_TYPES,
  newId,
  typeOfTopic,
  type AnyEventEnvelope,
  type EventType,
} from '@simline/contracts';
import {
  buildEvent,
  consumerLag,
  createKafka,
  readDeadLetters,
  deadLetterTopicOfGroup,
  type EventTap,
} from '@simline/messaging';
import { isServiceGroup } from '@simline/platform';
import { planInput, tapEvents, waitFor } from '@simline/testing';
import { startStack, type Stack } from '../e2e/support/stack.js';

// Bad messages on every topic a service consumes (docs/reliability.md): not JSON, truncated JSON, a valid
// envelope whose data breaks the type's schema, and an envelope of a schema version no code reads. Each must
// reach the dead-letter topic of every group that reads the topic, with its error code; the good message sent
// after them (a real event of that type, seen earlier in this run, under a new id) must be handled by each group.
const KINDS = [
  { kind: 'notJson', code: 'malformedJson' },
  { kind: 'truncated', code: 'malformedJson' },
  { kind: 'wrongSchema', code: 'invalidData' },
  { kind: 'wrongVersion', code: 'unsupportedVersion' },
] as const;

interface Consumed {
  group: string;
  service: string;
  topics: string[];
}

describe('malformed, truncated, wrong-schema and wrong-version messages on every consumed topic', () => {
  let stack: Stack;
  let tap: EventTap;
  const samples = new Map<EventType, AnyEventEnvelope>();

  beforeAll(async () => {
    stack = await startStack({ project: { billing: true } });
    tap = await tapEvents(EVENT_TYPES);
    const api = stack.api;
    // A day in the life of a project, for a real event of as many types as it takes.
    const plan = (
      await api.post(
        '/plans',
        planInput({
          simTypes: ['eSIM'],
          allowances: { dataBytes: 1_000_000, voiceSeconds: 0, smsMessages: 0 },
        }),
      )
    ).body.id as string;
    await api.post(`/plans/${plan}/publish`);
    await api.patch(`/plans/${plan}`, { description: 'Updated' });
    const other = (await api.post('/plans', planInput({ name: 'Short-lived' }))).body.id as string;
    await api.post(`/plans/${other}/publish`);
    await api.post(`/plans/${other}/archive`);
    const user = (await api.post('/users', { email: 'fuzz@example.com' })).body.id as string;
    await api.patch(`/users/${user}`, { fullName: 'Fuzz User' });
    await api.post('/paymentMethods', { user, token: 'tok_visa' });
    const sub = await waitFor(
      async () => {
        const r = await api.post('/subscriptions', { user, plan });
        return r.status === 201 ? (r.body.id as string) : undefined;
      },
      { what: 'the subscription', timeoutMs: 30_000 },
    );
    await waitFor(async () => (await api.get(`/subscriptions/${sub}`)).body.status === 'active', {
      what: 'the subscription active',
      timeoutMs: 60_000,
    });
    await api.post(`/subscriptions/${sub}/cancel`, { cancellationDetails: { userReason: 'other' } });
    await api.post(`/subscriptions/${sub}/resume`);
    await api.post('/portings', {
      phoneNumber: '+12065550199',
      user,
      provider: 'p9',
      accountNumber: '1234567890',
      firstName: 'Fuzz',
      lastName: 'User',
    });
    const clock = await stack.clock.get();
    await stack.clock.advance(new Date(new Date(clock.now).getTime() + 40 * 86_400_000));
    await waitFor(() => tap.events.some((e) => e.type === 'subscription.renewed'), {
      what: 'a renewal',
      timeoutMs: 60_000,
    });
    for (const e of tap.events) if (!samples.has(e.type)) samples.set(e.type, e);
    // The network's usage records (a record alone, and a report) are made here: one of the day's subscription stands in.
    const activatedAt = (await api.get(`/subscriptions/${sub}`)).body.activatedAt as string;
    samples.set(
      'usageRecord.reported',
      buildEvent({
        type: 'usageRecord.reported',
        project: stack.project,
        subject: sub,
        sequence: 1,
        time: new Date(activatedAt),
        data: { object: 'usageRecord', id: `fuzz-${newId('event')}`, subscription: sub, usedAt: activatedAt, dataBytes: 1, voiceSeconds: 0, smsMessages: 0, provider: null },
      }),
    );
    samples.set(
      'usageReport.reported',
      buildEvent({
        type: 'usageReport.reported',
        project: stack.project,
        subject: sub,
        sequence: 1,
        time: new Date(activatedAt),
        data: {
          object: 'usageReport',
          subscription: sub,
          records: [{ object: 'usageRecord', id: `fuzz-${newId('event')}`, subscription: sub, usedAt: activatedAt, dataBytes: 1, voiceSeconds: 0, smsMessages: 0, provider: null }],
        },
      }),
    );
  }, 240_000);

  afterAll(async () => {
    await tap?.stop();
    await stack?.stop();
  }, 60_000);

  it('dead-letters each bad message in every group that reads the topic, and handles the next good one', async () => {
    const kafka = createKafka('fuzz-messages');
    const admin = kafka.admin();
    await admin.connect();
    const { groups } = await admin.listGroups();
    const described = await admin.describeGroups(
      groups.map((g) => g.groupId).filter((g) => isServiceGroup(g)),
    );
    const consumed: Consumed[] = described.groups.map((g) => ({
      group: g.groupId,
      service: g.groupId.split('.')[1]!,
      topics: [
        ...new Set(
          g.members.flatMap((m) =>
            Object.keys(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}),
          ),
        ),
      ].filter((t) => typeOfTopic(t) !== null && !typeOfTopic(t)!.startsWith('replay.')),
    }));
    const topics = [...new Set(consumed.flatMap((c) => c.topics))].sort();
    expect(topics.length).toBeGreaterThan(20);

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const sent: Array<{ topic: string; kind: string; code: string; value: string }> = [];
    const good: Array<{ topic: string; id: string; record?: string }> = [];
    for (const topic of topics) {
      const type = typeOfTopic(topic) as EventType;
      const sample = samples.get(type);
      const base = sample ?? {
        specversion: '1.0',
        id: newId('event'),
        object: 'event',
        type,
        source: '/fuzz',
        subject: 'sub_fuzz',
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        project: stack.project,
        version: '2026-11-01',
        sequence: 1,
        data: {},
      };
      const json = JSON.stringify({ ...base, id: newId('event') });
      const values: Record<(typeof KINDS)[number]['kind'], string> = {
        notJson: `not json at all ${topic} \u0000\uFFFD`,
        truncated: json.slice(0, Math.floor(json.length / 2)),
        wrongSchema: JSON.stringify({
          ...base,
          id: newId('event'),
          data: { object: 'nonsense', id: 42, extra: ['x'] },
        }),
        wrongVersion: JSON.stringify({ ...base, id: newId('event'), version: '1999-01-01' }),
      };
      const messages = KINDS.map(({ kind, code }) => {
        sent.push({ topic, kind, code, value: values[kind] });
        return { key: base.subject, value: values[kind] };
      });
      if (sample) {
        const id = newId('event');
        // Usage records keep no inbox: a record counted is a row of usage_records (docs/decisions/1101).
        const record =
          sample.type === 'usageRecord.reported'
            ? (sample.data as { id: string }).id
            : sample.type === 'usageReport.reported'
              ? (sample.data as { records: Array<{ id: string }> }).records[0]!.id
              : undefined;
        good.push({ topic, id, record });
        messages.push({ key: sample.subject, value: JSON.stringify({ ...sample, id }) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    await producer.disconnect();

    // Every group caught up: none is stuck behind a bad message.
    await waitFor(
      async () => (await consumerLag(admin, (g) => isServiceGroup(g))).every((l) => l.lag === 0),
      {
        what: 'every consumer group to catch up',
        timeoutMs: 120_000,
        intervalMs: 250,
      },
    );

    const problems: string[] = [];
    let deadLetters = 0;
    for (const c of consumed.filter((x) => x.topics.length)) {
      const letters = await readDeadLetters(kafka, deadLetterTopicOfGroup(c.group));
      deadLetters += letters.length;
      for (const s of sent.filter((x) => c.topics.includes(x.topic))) {
        const hit = letters.filter((l) => l.value === s.value && l.sourceTopic === s.topic);
        if (hit.length !== 1)
          problems.push(`${c.group}: ${s.kind} on ${s.topic} dead-lettered ${hit.length} time(s)`);
        else if (hit[0]!.errorCode !== s.code)
          problems.push(
            `${c.group}: ${s.kind} on ${s.topic} dead-lettered as ${hit[0]!.errorCode}, expected ${s.code}`,
          );
      }
      const unexpected = letters.filter((l) => !sent.some((s) => s.value === l.value));
      for (const l of unexpected)
        problems.push(`${c.group}: unexpected dead letter ${l.errorCode} ${l.errorMessage.slice(0, 200)}`);
      // The good messages: recorded as handled (the inbox; the event log for the log's group and usage_records for
      // usage's records, which keep no inbox).
      const mine = good.filter((g) => c.topics.includes(g.topic));
      if (!mine.length) continue;
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = '/' + databaseNameFor(c.service);
      const db = new pg.Client({ connectionString: url.toString() });
      await db.connect();
      try {
        const ids = mine.map((g) => g.id);
        const rows = c.group.endsWith('.usage.records')
          ? (
              await db.query<{ id: string }>('SELECT id FROM usage_records WHERE id = ANY($1)', [
                mine.map((g) => g.record),
              ])
            ).rows.map((r) => mine.find((g) => g.record === r.id)!.id)
          : c.group.endsWith('.events.log')
          ? (await db.query<{ id: string }>('SELECT id FROM event_log WHERE id = ANY($1)', [ids])).rows.map(
              (r) => r.id,
            )
          : (
              await db.query<{ id: string }>(
                'SELECT event_id AS id FROM inbox WHERE consumer = $1 AND event_id = ANY($2)',
                [c.group, ids],
              )
            ).rows.map((r) => r.id);
        for (const g of mine)
          if (!rows.includes(g.id))
            problems.push(`${c.group}: the good message after the bad ones on ${g.topic} was not handled`);
      } finally {
        await db.end();
      }
    }
    await admin.disconnect();
    const summary = {
      topics: topics.length,
      groups: consumed.length,
      bad: sent.length,
      good: good.length,
      deadLetters,
      typesWithSample: samples.size,
      problems,
    };
    fs.writeFileSync(
      path.join(os.tmpdir(), 'simline-fuzz-messages-last.json'),
      JSON.stringify(summary, null, 2),
    );
    process.stdout.write(`[fuzz messages] ${JSON.stringify({ ...summary, problems: problems.length })}\n`);
    expect(problems).toEqual([]);
    expect(good.length).toBeGreaterThan(15);
  }, 300_000);
});
