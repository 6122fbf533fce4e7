/** The fields of an envelope a fold needs, without its `data`. */
export interface EnvelopeHead {
  id: string;
  type: string;
  subject: string;
  project: string;
  sequence: number;
  time: string;
}

const DATA_KEY = ',"data":';

function isHead(v: unknown): v is EnvelopeHead {
  const h = v as EnvelopeHead;
  return (
    !!h &&
    typeof h.id === 'string' &&
    typeof h.subject === 'string' &&
    typeof h.project === 'string' &&
    typeof h.type === 'string' &&
    typeof h.sequence === 'number'
  );
}

/**
 * The head of a raw envelope. Simline writes `data` after the small fields, so parsing only what comes before
 * it is several times cheaper than parsing the whole resource; any other layout falls back to a full parse.
 */
export function envelopeHead(raw: string): EnvelopeHead {
  const cut = raw.indexOf(DATA_KEY);
  if (cut > 0) {
    try {
      const head: unknown = JSON.parse(raw.slice(0, cut) + '}');
      if (isHead(head)) return head;
    } catch {
      /* fall back */
    }
  }
  const full: unknown = JSON.parse(raw);
  if (!isHead(full)) throw new Error(`Not an event envelope: ${raw.slice(0, 120)}`);
  return full;
}

/** What the log says of one resource. */
export interface FoldedResource {
  subject: string;
  project: string;
  /** Every sequence seen, in arrival order, with the id of the event that carried it. */
  sequences: number[];
  ids: string[];
  types: string[];
  /** The event with the highest sequence (its raw envelope: its `data` is parsed only when compared). */
  latest: { id: string; type: string; sequence: number; time: string; raw: string };
}

/**
 * Folds a stream of events into the state they imply per resource: the snapshot with the highest sequence
 * (events carry the whole resource), and every sequence seen for gaps and duplicates. Replay order does not
 * matter; the cost is one small parse per event.
 */
export class EventFold {
  readonly resources = new Map<string, FoldedResource>();
  count = 0;

  add(raw: string): void {
    const h = envelopeHead(raw);
    this.count++;
    let r = this.resources.get(h.subject);
    if (!r) {
      r = {
        subject: h.subject,
        project: h.project,
        sequences: [],
        ids: [],
        types: [],
        latest: { id: h.id, type: h.type, sequence: h.sequence, time: h.time, raw },
      };
      this.resources.set(h.subject, r);
    } else if (h.sequence > r.latest.sequence) {
      r.latest = { id: h.id, type: h.type, sequence: h.sequence, time: h.time, raw };
    }
    r.sequences.push(h.sequence);
    r.ids.push(h.id);
    r.types.push(h.type);
  }

  addAll(raws: readonly string[]): void {
    for (const raw of raws) if (raw) this.add(raw);
  }
}

/** The data of the latest event of a folded resource. */
export function latestData(r: FoldedResource): unknown {
  return (JSON.parse(r.latest.raw) as { data?: unknown }).data;
}
