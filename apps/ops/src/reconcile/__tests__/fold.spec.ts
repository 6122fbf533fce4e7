import { describe, expect, it } from '@jest/globals';
import { compareResource, differingFields, sameJson, type OwnerState } from '../compare.js';
import { envelopeHead, EventFold } from '../fold.js';

const envelope = (
  subject: string,
  sequence: number,
  data: Record<string, unknown>,
  id = `evt_${subject}_${sequence}`,
) =>
  JSON.stringify({
    specversion: '1.0',
    id,
    object: 'event',
    type: 'subscription.updated',
    source: '/subscriptions',
    subject,
    time: '2026-11-22T10:00:00.000Z',
    datacontenttype: 'application/json',
    project: 'demo',
    version: '2026-11-01',
    sequence,
    data: { id: subject, ...data },
  });

const fold = (raws: string[]) => {
  const f = new EventFold();
  f.addAll(raws);
  return f;
};
const owner = (id: string, sequence: number, data: Record<string, unknown>): OwnerState => ({
  id,
  project: 'demo',
  sequence,
  data: { id, ...data },
});

describe('envelopeHead', () => {
  it('reads the small fields without the data, and falls back to a full parse for other layouts', () => {
    expect(envelopeHead(envelope('sub_a', 3, { status: 'active' }))).toMatchObject({
      subject: 'sub_a',
      sequence: 3,
      project: 'demo',
      id: 'evt_sub_a_3',
    });
    const reordered = JSON.stringify({
      data: { id: 'x' },
      id: 'evt_1',
      type: 't.x',
      subject: 'sub_b',
      project: 'p',
      sequence: 2,
      time: 't',
    });
    expect(envelopeHead(reordered)).toMatchObject({ subject: 'sub_b', sequence: 2 });
    expect(() => envelopeHead('{"hello":1}')).toThrow('Not an event envelope');
  });
});

describe('EventFold + compareResource', () => {
  it.each([
    ['a clean history', [1, 2, 3], owner('sub_a', 3, { s: 3 }), []],
    [
      'a state changed behind the owner’s back',
      [1, 2, 3],
      owner('sub_a', 3, { s: 'tampered' }),
      ['stateDiffers'],
    ],
    ['the latest event missing from the log', [1, 2], owner('sub_a', 3, { s: 3 }), ['missingEvents']],
    ['a gap in the middle', [1, 3], owner('sub_a', 3, { s: 3 }), ['sequenceGap']],
    ['a gap and a missing head', [1, 3], owner('sub_a', 5, { s: 5 }), ['missingEvents', 'sequenceGap']],
    ['the log ahead of the owner', [1, 2, 3], owner('sub_a', 2, { s: 2 }), ['logAhead']],
    ['events arriving out of order', [3, 1, 2], owner('sub_a', 3, { s: 3 }), []],
  ])('%s', (_label, seqs, state, kinds) => {
    const f = fold((seqs as number[]).map((s) => envelope('sub_a', s, { s })));
    expect(compareResource(f.resources.get('sub_a'), state as OwnerState).map((x) => x.kind)).toEqual(kinds);
  });

  it('names the missing sequences and the differing fields', () => {
    const f = fold([envelope('sub_a', 1, { s: 1 }), envelope('sub_a', 4, { s: 4, status: 'active' })]);
    const [gap] = compareResource(f.resources.get('sub_a'), owner('sub_a', 4, { s: 4, status: 'active' }));
    expect(gap).toMatchObject({ kind: 'sequenceGap', sequences: [2, 3] });
    const [diff] = compareResource(
      f.resources.get('sub_a'),
      owner('sub_a', 4, { s: 4, status: 'ended' }),
      new Set([2, 3]),
    );
    expect(diff).toMatchObject({ kind: 'stateDiffers', fields: ['status'] });
  });

  it('does not report acknowledged gaps', () => {
    const f = fold([envelope('sub_a', 1, { s: 1 }), envelope('sub_a', 3, { s: 3 })]);
    expect(compareResource(f.resources.get('sub_a'), owner('sub_a', 3, { s: 3 }), new Set([2]))).toEqual([]);
  });

  it('finds two events with one sequence, but not one event delivered twice', () => {
    const twice = envelope('sub_a', 1, { s: 1 });
    expect(compareResource(fold([twice, twice]).resources.get('sub_a'), owner('sub_a', 1, { s: 1 }))).toEqual(
      [],
    );
    const dup = fold([envelope('sub_a', 1, { s: 1 }, 'evt_x'), envelope('sub_a', 1, { s: 1 }, 'evt_y')]);
    expect(
      compareResource(dup.resources.get('sub_a'), owner('sub_a', 1, { s: 1 })).map((x) => x.kind),
    ).toEqual(['duplicateSequence']);
  });

  it('reports resources only one side knows', () => {
    expect(compareResource(undefined, owner('sub_a', 2, {}))).toMatchObject([
      { kind: 'missingEvents', sequences: [1, 2] },
    ]);
    expect(compareResource(fold([envelope('sub_a', 1, {})]).resources.get('sub_a'), undefined)).toMatchObject(
      [{ kind: 'unknownToOwner' }],
    );
  });
});

describe('sameJson', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, true],
    [{ a: 1 }, { a: '1' }, false],
    [[1, 2], [2, 1], false],
    [{ a: null }, { a: {} }, false],
  ])('%j vs %j → %s', (a, b, same) => {
    expect(sameJson(a, b)).toBe(same);
  });

  it('lists the differing top-level fields', () => {
    expect(differingFields({ a: 1, b: 2, c: { d: 1 } }, { a: 1, b: 3, c: { d: 2 }, e: 0 })).toEqual([
      'b',
      'c',
      'e',
    ]);
  });
});
