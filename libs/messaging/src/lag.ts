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
  const watermarks = new Map<string, Map<number, { low: number; high: number }>>();
  const marks = async (topic: string) => {
    let m = watermarks.get(topic);
    if (!m) {
      const offsets = await admin.fetchTopicOffsets(topic);
      m = new Map(offsets.map((o) => [o.partition, { low: Number(o.low), high: Number(o.high) }]));
      watermarks.set(topic, m);
    }
    return m;
  };
  const out: GroupLag[] = [];
  for (const g of described.groups) {
    if (!g.members.length) continue;
    const topics = new Set<string>();
    for (const member of g.members) {
      const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      for (const t of Object.keys(assignment?.assignment ?? {})) topics.add(t);
    }
    if (!topics.size) {
      // Still rebalancing: count as busy.
      out.push({ group: g.groupId, lag: 1, partitions: [] });
      continue;
    }
    const committed = await admin.fetchOffsets({ groupId: g.groupId, topics: [...topics] });
    let lag = 0;
    const partitions: PartitionLag[] = [];
    for (const t of committed) {
      const m = await marks(t.topic);
      for (const p of t.partitions) {
        const w = m.get(p.partition);
        if (!w) continue;
        const c = Number(p.offset);
        const behind = Math.max(0, w.high - (c >= 0 ? c : w.low));
        lag += behind;
        partitions.push({ topic: t.topic, partition: p.partition, lag: behind });
      }
    }
    out.push({ group: g.groupId, lag, partitions });
  }
  return out;
}
