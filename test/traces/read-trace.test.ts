import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { List, Set as ISet } from 'immutable';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../checker/errors.ts';
import { valueEquals, type Value } from '../../checker/value.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { dieHardViolation } from './die-hard-trace.ts';
import { MAX_TRACE_BYTES, parseTrace, readTraceFile, traceSteps } from '../../traces/read-trace.ts';

const dir = mkdtempSync(join(tmpdir(), 'dropcheck-read-trace-'));

function dieHardTraceText(): string {
  const v = dieHardViolation();
  return formatItf(traceToItf(v.trace, { model: 'DieHard', params: {}, violation: v }));
}

const minimal = (states: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ vars: ['x'], states, ...extra });

const messageOf = (text: string): string => {
  try {
    parseTrace(text, 't.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('parseTrace', () => {
  it('reads a dropcheck trace back into the same states, actions and meta', () => {
    const violation = dieHardViolation();
    const t = parseTrace(dieHardTraceText());
    expect(t.meta).toMatchObject({ model: 'DieHard', params: {}, violation: { kind: 'invariant', name: 'NotSolved' } });
    expect(t.vars).toEqual(['big', 'small']);
    const steps = traceSteps(t);
    expect(steps).toHaveLength(violation.trace.length);
    steps.forEach((s, i) => {
      expect(valueEquals(s.state as Value, violation.trace[i]!.state as Value)).toBe(true);
      expect(s.action).toEqual(violation.trace[i]!.action);
    });
  });

  it('decodes #set, #map, #tup and #bigint, and reads lasso traces', () => {
    const t = parseTrace(minimal([{ x: { '#set': [1, 2] } }, { x: { '#map': [[{ '#tup': [1, 'a'] }, { '#bigint': '123456789012345678901234' }]] } }], { loop: 1 }));
    expect(valueEquals(t.states[0]!.x!, ISet([1, 2]))).toBe(true);
    expect(t.loop).toBe(1);
    expect(t.actions).toEqual([undefined, undefined]);
  });

  it.each([
    ['not JSON', '{"vars": [', /not JSON: .*line 1, column 11/],
    ['JSON with a syntax error on line 2', '{"vars": [],\n "states": [1,,2]}', /not JSON: .*line 2/],
    ['empty text', '', /not JSON/],
    ['JSON of the wrong shape', '[1, 2]', /\$: expected an ITF trace object/],
    ['no states', minimal([]), /\$\.states: a trace needs at least one state/],
    ['a missing variable', minimal([{ y: 1 }]), /\$\.states\[0\]\.y: not one of the trace's vars/],
    ['a state without a listed variable', JSON.stringify({ vars: ['x', 'y'], states: [{ x: 1 }] }), /\$\.states\[0\]: variable y is missing/],
    ['a state without a variable named like an Object method', JSON.stringify({ vars: ['toString'], states: [{}] }), /\$\.states\[0\]: variable toString is missing/],
    ['a variable listed twice', JSON.stringify({ vars: ['x', 'x'], states: [{ x: 1 }] }), /\$\.vars\[1\]: x is listed twice/],
    ['an unknown # tag', minimal([{ x: { '#frob': [] } }]), /\$\.states\[0\]\.x: unknown ITF tag #frob/],
    ['a tag beside other keys', minimal([{ x: { '#set': [], y: 1 } }]), /exactly one key/],
    ['null', minimal([{ x: null }]), /\$\.states\[0\]\.x: null is not an ITF value/],
    ['a fraction', minimal([{ x: 1.5 }]), /1\.5 is not an integer/],
    ['an integer beyond 2^53 written plainly', '{"vars":["x"],"states":[{"x": 9007199254740993}]}', /\$\.states\[0\]\.x: .* not an integer within 2\^53/],
    ['a bad #bigint', minimal([{ x: { '#bigint': '12a' } }]), /#bigint needs a string of decimal digits/],
    ['an action on the first state', minimal([{ '#meta': { action: 'A' }, x: 1 }]), /\$\.states\[0\]\.#meta\.action: the first state is initial/],
    ['action params that are not a record', minimal([{ x: 1 }, { '#meta': { action: 'A', actionParams: [1] }, x: 1 }]), /actionParams: expected a record/],
    ['a bad violation', minimal([{ x: 1 }], { '#meta': { violation: { kind: 'oops', name: 'I', reason: 'r' } } }), /violation\.kind/],
    ['a parameter value that is not a constant', minimal([{ x: 1 }], { '#meta': { params: { n: [1] } } }), /\$\.#meta\.params\.n/],
    ['a loop outside the trace', minimal([{ x: 1 }], { loop: 3 }), /\$\.loop: expected a state index 0\.\.0/],
    ['an unknown top-level field', minimal([{ x: 1 }], { extra: 1 }), /\$\.extra: not a field/],
    ['deep nesting', minimal([{ x: JSON.parse('['.repeat(600) + ']'.repeat(600)) }]), /nested deeper than/],
  ])('rejects %s with one line naming where', (_, text, expected) => {
    const msg = messageOf(text);
    expect(msg).toMatch(expected);
    expect(msg).not.toContain('\n');
    expect(msg.startsWith('t.json: ')).toBe(true);
  });

  it('keeps a field named __proto__ a field', () => {
    const t = parseTrace(minimal([{ x: JSON.parse('{"__proto__": 1}') }]));
    expect(Object.keys(t.states[0]!.x as object)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(t.states[0]!.x)).toBe(Object.prototype);
  });
});

describe('traces written by Quint', () => {
  const fixture = (name: string) => readTraceFile(fileURLToPath(new URL(`../fixtures/quint/${name}`, import.meta.url)));

  it('reads a Quint trace: no actions, its own #meta, #tup and #bigint values', () => {
    const t = fixture('drop.itf.json');
    expect(t.meta).toMatchObject({ source: 'drop.qnt', status: 'violation' });
    expect(t.vars).toEqual(['catalog', 'imms', 'ssts', 'progress']);
    expect(t.actions).toEqual([undefined, undefined, undefined, undefined]);
    expect(valueEquals(t.states[0]!.imms!, ISet([List(['t1', 1n])]))).toBe(true);
  });

  it('takes the actions of a --mbt trace from its mbt:: variables', () => {
    expect(fixture('drop-mbt.itf.json').actions).toEqual([undefined, { name: 'backfill', params: {} }, { name: 'dropCatalog', params: {} }, { name: 'compact', params: {} }]);
  });
});

describe('readTraceFile', () => {
  it('refuses a file larger than the limit before reading it', () => {
    const big = join(dir, 'big.itf.json');
    writeFileSync(big, '');
    truncateSync(big, MAX_TRACE_BYTES + 1); // sparse: costs no disk
    expect(() => readTraceFile(big)).toThrow(/larger than the 64 MiB/);
  });

  it('says when the file is missing or a directory', () => {
    expect(() => readTraceFile(join(dir, 'nope.json'))).toThrow(/cannot read: ENOENT/);
    expect(() => readTraceFile(dir)).toThrow(/not a file/);
  });

  it('reads what it is given from disk', () => {
    const p = join(dir, 'dh.itf.json');
    writeFileSync(p, dieHardTraceText());
    expect(readTraceFile(p).states).toHaveLength(7);
  });
});

describe('parseTrace on arbitrary input', () => {
  const expectReadOrInputError = (text: string) => {
    try {
      parseTrace(text, 'fuzz');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).not.toContain('\n');
    }
  };

  test.prop([fc.jsonValue()])('any JSON is read or refused with one InputError line', (j) => {
    expectReadOrInputError(JSON.stringify(j));
  });

  // A dropcheck trace with one value somewhere replaced by arbitrary JSON, or its text cut short.
  const valid = JSON.parse(dieHardTraceText());
  test.prop([fc.nat(), fc.jsonValue(), fc.nat()])('a damaged trace is read or refused with one InputError line', (where, replacement, cut) => {
    const doc = structuredClone(valid);
    const slots: [Record<string, unknown>, string][] = [];
    const walk = (o: unknown) => {
      if (typeof o !== 'object' || o === null) return;
      for (const k of Object.keys(o)) { slots.push([o as Record<string, unknown>, k]); walk((o as Record<string, unknown>)[k]); }
    };
    walk(doc);
    const [obj, key] = slots[where % slots.length]!;
    obj[key] = replacement;
    const text = JSON.stringify(doc);
    expectReadOrInputError(text);
    expectReadOrInputError(text.slice(0, cut % text.length));
  });
});
