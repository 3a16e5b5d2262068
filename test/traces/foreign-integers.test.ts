import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import dieHard from '../../examples/die-hard.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace } from '../../traces/read-trace.ts';
import { replayTrace } from '../../traces/replay.ts';

function dieHardTraceJson(): { [k: string]: unknown } {
  const o = check(dieHard, { consts: {} });
  if (o.result !== 'violation') throw new Error('DieHard must fail');
  return JSON.parse(formatItf(traceToItf(o.violation.trace, { model: 'DieHard', params: {}, violation: o.violation, producedBy: 'check' })));
}

/** Every plain JSON integer outside #meta written as {"#bigint": "..."}, as Quint writes them. */
function allBigints(j: unknown, key = ''): unknown {
  if (key === '#meta') return j;
  if (typeof j === 'number') return { '#bigint': String(j) };
  if (Array.isArray(j)) return j.map((x) => allBigints(x));
  if (typeof j === 'object' && j !== null) return Object.fromEntries(Object.entries(j).map(([k, v]) => [k, allBigints(v, k)]));
  return j;
}

describe('replay of traces written by other tools', () => {
  it('takes #bigint integers as the numbers a TypeScript model holds', () => {
    const doc = dieHardTraceJson();
    const foreign = { ...(allBigints(doc) as object), '#meta': { ...(doc['#meta'] as object), source: 'another tool' } };
    expect(replayTrace(dieHard, {}, parseTrace(JSON.stringify(foreign)))).toMatchObject({ ok: true });
    // dropcheck's own traces keep bigints exact: there, {"#bigint": "4"} is not the number 4.
    const own = { ...(allBigints(doc) as object), '#meta': doc['#meta'] };
    expect(replayTrace(dieHard, {}, parseTrace(JSON.stringify(own)))).toMatchObject({ ok: false, step: 0 });
  });

  it('fails when the trace claims a reason the model does not give', () => {
    const doc = dieHardTraceJson();
    const meta = doc['#meta'] as { violation: { reason: string } };
    expect(replayTrace(dieHard, {}, parseTrace(JSON.stringify(doc)))).toMatchObject({ ok: true });
    meta.violation.reason = 'the jugs overflowed';
    const r = replayTrace(dieHard, {}, parseTrace(JSON.stringify(doc)));
    expect(r).toMatchObject({ ok: false, step: 7 });
    expect(r.summary).toMatch(/the model gives the reason "the big jug holds 4 gallons", not the trace's "the jugs overflowed"/);
  });
});
