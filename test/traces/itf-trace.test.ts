import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel } from '../../checker/model.ts';
import protocol from '../../model/index.ts';
import { formatItf, normaliseTrace, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace } from '../../traces/read-trace.ts';
import { dieHardViolation } from './die-hard-trace.ts';

const model = protocol as AnyModel;

describe('traceToItf', () => {
  it('names the model, its parameters and the violation, and each action with its parameters', () => {
    const consts = resolveConsts(model, { drop: 'deferred-notify' });
    const o = check(model, { consts, invariants: ['NoRowNotFound'] });
    if (o.result !== 'violation') throw new Error('deferred-notify must fail NoRowNotFound');
    const doc = traceToItf(o.violation.trace, { model: model.name, params: consts, violation: o.violation, producedBy: 'check' });
    expect(doc['#meta']).toMatchObject({ format: 'ITF', source: 'dropcheck', model: 'DropSink', params: { drop: 'deferred-notify', compaction: 'skip' }, producedBy: 'check', violation: { kind: 'invariant', name: 'NoRowNotFound' } });
    expect(doc.states[0]!['#meta']).toEqual({ index: 0 });
    const drop = doc.states.find((s) => (s['#meta'] as { action?: string }).action === 'DropSink')!;
    expect(drop['#meta']).toMatchObject({ actionParams: { sink: 's1' }, label: 'DropSink(sink=s1)' });
    expect(doc.vars).toEqual([...doc.vars].sort());
  });
});

describe('normaliseTrace', () => {
  it('gives back a dropcheck trace byte for byte', () => {
    const v = dieHardViolation();
    const text = formatItf(traceToItf(v.trace, { model: 'DieHard', spec: 'examples/die-hard.ts', params: {}, violation: v, producedBy: 'check' }));
    expect(formatItf(normaliseTrace(parseTrace(text)))).toBe(text);
  });

  it('is idempotent on a Quint trace, keeping its source, status and description', () => {
    const text = readFileSync(new URL('../fixtures/quint/drop.itf.json', import.meta.url), 'utf8');
    const once = formatItf(normaliseTrace(parseTrace(text)));
    expect(formatItf(normaliseTrace(parseTrace(once)))).toBe(once);
    expect(JSON.parse(once)['#meta']).toMatchObject({ source: 'drop.qnt', status: 'violation' });
    // #tup becomes a list: ITF's tuples are sequences to dropcheck.
    expect(JSON.parse(once).states[0].imms).toEqual({ '#set': [['t1', { '#bigint': '1' }]] });
  });
});
