import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { List, Map as IMap, OrderedMap, OrderedSet, Record as IRecord, Set as ISet } from 'immutable';
import { ValueCodec } from '../../../checker/encoding/value-codec.ts';
import { RecordTypes } from '../../../checker/encoding/record-types.ts';
import { fingerprintHex } from '../../../checker/fingerprint.ts';
import { valueEquals, type Value } from '../../../checker/value.ts';
import { allSuccessors } from '../../../checker/successors.ts';
import { resolveConsts } from '../../../checker/consts.ts';
import type { AnyModel, State } from '../../../checker/model.ts';
import twoPhase from '../../../examples/two-phase.ts';
import twoPhasePlain from '../../../examples/two-phase-plain.ts';
import dieHard from '../../../examples/die-hard.ts';
import protocol from '../../../model/index.ts';

const Point = IRecord({ x: 0, y: 0 }, 'Point');
const Anonymous = IRecord({ a: 'a', b: List<number>() });

const key: fc.Arbitrary<Value> = fc.oneof(fc.boolean(), fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 6 }), fc.constantFrom('r1', 'r2', 'Prepared:r1'));
const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.boolean(),
    fc.maxSafeInteger(),
    fc.integer({ min: -300, max: 300 }),
    fc.bigInt(),
    fc.string({ unit: 'binary', maxLength: 8 }),
    fc.string({ maxLength: 100 }),
    fc.constantFrom('r1', 'working', 'ü→', '\ud800'),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie('value'), { maxKeys: 5 }),
    fc.array(tie('value'), { maxLength: 5 }).map((xs) => List(xs)),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 12 }).map((es) => IMap(es)),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 12 }).map((es) => OrderedMap(es)),
    fc.array(key, { maxLength: 12 }).map((xs) => ISet(xs)),
    fc.array(key, { maxLength: 12 }).map((xs) => OrderedSet(xs)),
    fc.record({ x: fc.integer(), y: fc.integer() }).map((p) => Point(p)),
    fc.record({ a: fc.string({ maxLength: 3 }) }).map((p) => Anonymous(p)),
  ),
}));

/** The value as iterated, key by key, element by element: equal values may still iterate differently. */
function iterationOrder(v: Value): unknown {
  if (typeof v !== 'object' || v === null) return typeof v === 'bigint' ? `${v}n` : v;
  if (Array.isArray(v)) return v.map(iterationOrder);
  if (IMap.isMap(v)) return [...(v as IMap<Value, Value>)].map(([k, x]) => [iterationOrder(k), iterationOrder(x)]);
  if (ISet.isSet(v)) return [...(v as ISet<Value>)].map(iterationOrder);
  if (List.isList(v)) return [...(v as List<Value>)].map(iterationOrder);
  if (IRecord.isRecord(v)) return [...(v as IRecord<any>).toSeq()].map(([k, x]) => [k, iterationOrder(x as Value)]);
  return Object.keys(v).map((k) => [k, iterationOrder((v as Record<string, Value>)[k]!)]);
}

function roundTrip(codec: ValueCodec, v: Value): { back: Value; bytes: Uint8Array } {
  const bytes = codec.encodeAlone(v);
  return { back: codec.decodeAlone(bytes), bytes };
}

function expectSame(codec: ValueCodec, v: Value): void {
  const { back, bytes } = roundTrip(codec, v);
  expect(valueEquals(back, v)).toBe(true);
  expect(fingerprintHex(back)).toBe(fingerprintHex(v));
  expect(iterationOrder(back)).toEqual(iterationOrder(v));
  // Deterministic: the decoded value encodes to the very same bytes.
  expect(roundTrip(codec, back).bytes).toEqual(bytes);
}

describe('state encoding', () => {
  it('decodes every value to an equal one with the same fingerprint, iterating in the same order', () => {
    const types = new RecordTypes();
    types.learn(Point({}));
    const codec = new ValueCodec(types);
    fc.assert(fc.property(value, (v) => expectSame(codec, v)), { numRuns: 2000 });
  });

  it('rebuilds Records with the model\'s factory when it met the type in an initial state, and an equal one otherwise', () => {
    const learned = new RecordTypes();
    learned.learn({ p: Point({ x: 1 }) });
    const p = Point({ x: 3, y: 4 });
    const encoded = roundTrip(new ValueCodec(), p).bytes;
    expect(new ValueCodec(learned).decodeAlone(encoded)).toBeInstanceOf(Point);
    const stranger = new ValueCodec().decodeAlone(encoded) as ReturnType<typeof Point>;
    expect(stranger).not.toBeInstanceOf(Point);
    expect(stranger.equals(p)).toBe(true);
    expect(IRecord.getDescriptiveName(stranger)).toBe('Point');
    expect(stranger.remove('x').get('x')).toBe(0); // the defaults came along
  });

  it('round-trips large objects, arrays and collections', () => {
    const codec = new ValueCodec();
    const many = Array.from({ length: 300 }, (_, i) => i * 7919 - 5000);
    expectSame(codec, { wide: Object.fromEntries(many.map((x) => [`k${x}`, x])), long: many, set: ISet(many), map: IMap(many.map((x) => [x, `v${x}`])) });
  });

  it('does not freeze what it rebuilds (sloppy-mode writes would vanish), and a write shows in a new encoding', () => {
    const codec = new ValueCodec();
    const back = roundTrip(codec, { a: [1, { b: 2 }] }).back as { a: [number, { b: number }] };
    expect(Object.isFrozen(back.a[1])).toBe(false);
    const before = codec.encodeAlone(back);
    back.a[1].b = 3;
    expect(codec.encodeAlone(back)).not.toEqual(before);
  });

  it('rejects what is not a state value, naming it', () => {
    const codec = new ValueCodec();
    expect(() => codec.encodeAlone({ x: 1.5 } as unknown as Value)).toThrow(/non-integer number 1.5/);
    expect(() => codec.encodeAlone({ x: null } as unknown as Value)).toThrow(/null/);
    expect(() => codec.encodeAlone({ x: new Date() } as unknown as Value)).toThrow(/Date/);
  });

  const reachable = (model: AnyModel, raw: Record<string, string>, limit: number): State[] => {
    const consts = resolveConsts(model, raw);
    const out: State[] = [...model.init(consts)];
    for (let i = 0; i < out.length && out.length < limit; i++) for (const { successor } of allSuccessors(model, out[i]!, consts)) out.push(successor.state);
    return out;
  };

  it.each([
    ['TwoPhase', twoPhase, { rms: '4' }],
    ['TwoPhasePlain', twoPhasePlain, { rms: '4' }],
    ['DieHard', dieHard, {}],
    ['the protocol model', protocol as AnyModel, { sinks: '2' }],
  ] as const)('round-trips the states of %s', (_, model, raw) => {
    const codec = new ValueCodec();
    for (const s of reachable(model as AnyModel, raw, 3000)) expectSame(codec, s);
  });
});
