import { AssignerProtocol, type Admin } from 'kafkajs';

export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export interface GroupLag {
  group: string;
  lag: number;
  /** The lag of each partition assigned to the group (none while it rebalances). */
  partitions: PartitionLag[];
}

/**
 * Messages not yet committed by the active consumer groups whose id passes `include`. A partition a group
 * never committed counts from its low watermark (our consumers start from the beginning).
 */
export async function consumerLag(admin: Admin, include: (group: string) => boolean): Promise<GroupLag[]> {
  const { groups } = await admin.listGroups();
  const ids = groups.map((g) => g.groupId).filter(include);
  if (!ids.length) return [];
  const described = await admin.describeGroups(ids);
  // Each topic's watermarks asked once, and every request of a scrape in flight together: the event log's group
  // reads every topic, and one request after another took seconds on a busy broker.
  const watermarks = new Map<string, Promise<Map<number, { low: number; high: number }>>>();
  const marks = (topic: string) => {
    let m = watermarks.get(topic);
    if (!m) {
      m = admin.fetchTopicOffsets(topic).then((offsets) => new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }])));
      watermarks.set(topic, m);
    }
    return m;
  };
  const lagOf = async (g: (typeof described.groups)[number]): Promise<GroupLag | null> => {
    if (!g.members.length) return null;
    const topics = new Set<string>();
    for (const member of g.members) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const t of Object.keys(assignment?.assignment ?? {})) topics.add(t);
    }
    // Still rebalancing: count as busy.
    if (!topics.size) return { group: g.groupId, lag: 1, partitions: [] };
    const committed = await admin.fetchOffsets({ groupId: g.groupId, topics: [...topics] });
    const perTopic = await Promise.all(committed.map(async (t) => ({ t, m: await marks(t.topic) })));
    let lag = 0;
    const partitions: PartitionLag[] = [];
    for (const { t, m } of perTopic) {
      for (const p of t.partitions) {
        const w = m.get(p.partition);
        if (!w) continue;
        const c = Number(p.offset);
        const behind = Math.max(0, w.high - (c >= 0 ? c : w.low));
        lag += behind;
        partitions.push({ topic: t.topic, partition: p.partition, lag: behind });
      }
    }
    return { group: g.groupId, lag, partitions };
  };
  return (await Promise.all(described.groups.map(lagOf))).filter((g): g is GroupLag => g !== null);
}
