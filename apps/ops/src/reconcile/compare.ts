import { latestData, type FoldedResource } from './fold.js';

export type FindingKind =
  'stateDiffers' | 'missingEvents' | 'sequenceGap' | 'duplicateSequence' | 'logAhead' | 'unknownToOwner';

/** One thing reconciliation found wrong with one resource. */
export interface Finding {
  kind: FindingKind;
  id: string;
  project: string;
  detail: string;
  /** The sequences concerned (missing, duplicated). */
  sequences?: number[];
  /** The fields whose values differ (stateDiffers). */
  fields?: string[];
}

/** A resource as its owner holds it (`/internal/aggregates`). */
export interface OwnerState {
  id: string;
  project: string;
  sequence: number;
  data: unknown;
}

/** JSON equality that ignores key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => sameJson(v, bb[i]));
  }
  const ka = Object.keys(a as object).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b as object).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The top-level fields whose values differ. */
export function differingFields(a: unknown, b: unknown): string[] {
  const oa = (a ?? {}) as Record<string, unknown>;
  const ob = (b ?? {}) as Record<string, unknown>;
  return [...new Set([...Object.keys(oa), ...Object.keys(ob)])].filter((k) => !sameJson(oa[k], ob[k])).sort();
}

/** Sequences 1..max that the log does not hold (and that were not acknowledged as lost), and repeated ones. */
export function sequenceProblems(
  r: FoldedResource,
  acknowledged: ReadonlySet<number> = new Set(),
): { gaps: number[]; duplicates: number[] } {
  const seen = new Map<number, Set<string>>();
  r.sequences.forEach((s, i) => {
    const ids = seen.get(s) ?? new Set<string>();
    ids.add(r.ids[i]!);
    seen.set(s, ids);
  });
  const gaps: number[] = [];
  for (let s = 1; s <= r.latest.sequence; s++) if (!seen.has(s) && !acknowledged.has(s)) gaps.push(s);
  const duplicates = [...seen]
    .filter(([, ids]) => ids.size > 1)
    .map(([s]) => s)
    .sort((a, b) => a - b);
  return { gaps, duplicates };
}

const range = (from: number, to: number) =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/**
 * Compares what the log implies of a resource with what its owner holds. The owner is the source of truth:
 * a state it holds that no event announced is `missingEvents` (its version is ahead) or `stateDiffers` (same
 * version, different content: a change behind the service's back).
 */
export function compareResource(
  folded: FoldedResource | undefined,
  owner: OwnerState | undefined,
  acknowledged: ReadonlySet<number> = new Set(),
): Finding[] {
  const out: Finding[] = [];
  if (!owner) {
    if (folded)
      out.push({
        kind: 'unknownToOwner',
        id: folded.subject,
        project: folded.project,
        detail: `the log has ${folded.sequences.length} event(s) up to sequence ${folded.latest.sequence}, its owner does not know it`,
      });
    return out;
  }
  if (!folded) {
    if (owner.sequence > 0) {
      const missing = range(1, owner.sequence).filter((s) => !acknowledged.has(s));
      if (missing.length)
        out.push({
          kind: 'missingEvents',
          id: owner.id,
          project: owner.project,
          detail: `the owner is at sequence ${owner.sequence}, the log has no event of it`,
          sequences: missing,
        });
    }
    return out;
  }
  const { gaps, duplicates } = sequenceProblems(folded, acknowledged);
  const head = folded.latest.sequence;
  if (owner.sequence > head) {
    const missing = range(head + 1, owner.sequence).filter((s) => !acknowledged.has(s));
    if (missing.length)
      out.push({
        kind: 'missingEvents',
        id: owner.id,
        project: owner.project,
        detail: `the owner is at sequence ${owner.sequence}, the log's latest is ${head}`,
        sequences: missing,
      });
  } else if (owner.sequence < head) {
    out.push({
      kind: 'logAhead',
      id: owner.id,
      project: owner.project,
      detail: `the log's latest is sequence ${head} (${folded.latest.type}), the owner is at ${owner.sequence}`,
      sequences: [head],
    });
  } else {
    const fields = differingFields(latestData(folded), owner.data);
    if (fields.length) {
      out.push({
        kind: 'stateDiffers',
        id: owner.id,
        project: owner.project,
        detail: `at sequence ${head} the owner's ${fields.join(', ')} differ from event ${folded.latest.id} (${folded.latest.type})`,
        fields,
      });
    }
  }
  if (gaps.length)
    out.push({
      kind: 'sequenceGap',
      id: owner.id,
      project: owner.project,
      detail: `sequence ${gaps.join(', ')} missing from the log (it holds up to ${head})`,
      sequences: gaps,
    });
  if (duplicates.length)
    out.push({
      kind: 'duplicateSequence',
      id: owner.id,
      project: owner.project,
      detail: `sequence ${duplicates.join(', ')} carried by more than one event`,
      sequences: duplicates,
    });
  return out;
}
