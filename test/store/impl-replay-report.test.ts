// What `replay --impl` says, line by line, for each way a replay can end: reproduced with the
// store's own failure, reproduced up to a deadlock or an invariant's violation, every state
// reached without the claimed failure, a divergence, an action the store cannot perform, and a
// trace that cannot drive the store. In process, so that mutation testing sees the wording.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { PropertyViolation, TraceStep } from '../../checker/trace.ts';
import protocol from '../../model/index.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace } from '../../traces/read-trace.ts';
import { implReplay } from '../../store-mapping/impl-replay.ts';

function counterexample(raw: Record<string, string>, invariants: string[], checkDeadlock = false) {
  const consts = resolveConsts(protocol, raw);
  const o = check(protocol, { consts, invariants, checkDeadlock });
  if (o.result !== 'violation') throw new Error('expected a violation');
  return { consts, trace: o.violation.trace, violation: { kind: o.violation.kind, name: o.violation.name, reason: o.violation.reason } };
}

const asFile = (steps: readonly TraceStep[], consts: Record<string, string | number | boolean>, violation?: PropertyViolation) =>
  parseTrace(formatItf(traceToItf(steps, { model: protocol.name, params: consts, ...(violation ? { violation } : {}) })));

const defaults = 'drop=catalog-first, compaction=skip, sinks=1, rows=2, rateLimit=1, maxEpoch=5, cancel=off, jobKind=backfill, cleanup=issuer, createFailure=off, alterConnector=off, compactor=off, writeStop=false, recoveries=0, recovery=complete, dbRecoveries=0, dbRecoveryDirty=tombstone-and-cleanup, foregroundSinks=0, metaRestarts=0';

describe('replay --impl report', () => {
  it('reproduced with row not found: one line per state, the failure on the state where it happened', async () => {
    const { consts, trace, violation } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const r = await implReplay('t.json', asFile(trace, consts, violation), protocol.name, consts);
    const n = trace.length;
    expect(r.exitCode).toBe(0);
    expect(r.lines[0]).toBe(`replay --impl: driving the store through ${n} states (${defaults})`);
    expect(r.lines[1]).toBe('  State 1: <initial state>: same state');
    expect(r.lines[2]).toBe('  State 2: InjectBarrier: same state');
    expect(r.lines.slice(1, -2).every((l, i) => l.startsWith(`  State ${i + 1}: `) && l.endsWith(': same state'))).toBe(true);
    expect(r.lines.at(-2)).toMatch(new RegExp(`^  State ${n}: ReceiveBarrier\\(sink=s1, epoch=\\d\\): same state; store failure: row not found`));
    expect(r.lines.at(-1)).toMatch(new RegExp(`^replay --impl: ok: the store reproduces the trace \\(${n} states\\) and fails the same way: row not found`));
    expect(r.lines).toHaveLength(n + 2);
  });

  it('reproduced up to an invariant the store does not fail on by itself', async () => {
    const { consts, trace, violation } = counterexample({ drop: 'catalog-first' }, ['NoSilentDataLoss']);
    const r = await implReplay('t.json', asFile(trace, consts, violation), protocol.name, consts);
    expect(r.exitCode).toBe(0);
    expect(r.lines.at(-1)).toBe(`replay --impl: ok: the store reproduces the trace (${trace.length} states), ending in the state that violates NoSilentDataLoss`);
  });

  it('reproduced up to a deadlock of the model', async () => {
    const { consts, trace, violation } = counterexample({ drop: 'catalog-first', compaction: 'fail-task' }, ['NoSilentDataLoss'], true);
    expect(violation.kind).toBe('deadlock');
    const r = await implReplay('t.json', asFile(trace, consts, violation), protocol.name, consts);
    expect(r.exitCode).toBe(0);
    expect(r.lines.at(-1)).toBe(`replay --impl: ok: the store reproduces the trace (${trace.length} states), ending in the state where the model deadlocks`);
  });

  it('reproduced up to a lasso: the store follows the prefix and one lap, the model checks the cycle', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const lasso: PropertyViolation = { kind: 'liveness', name: 'DropCompletes', reason: 'the drop of s1 never completes' };
    const r = await implReplay('t.json', asFile(trace.slice(0, 3), consts, lasso), protocol.name, consts);
    expect(r.exitCode).toBe(0);
    expect(r.lines.at(-1)).toBe('replay --impl: ok: the store reproduces the trace (3 states), the prefix and one lap of the lasso on which DropCompletes fails');
  });

  it('reproduced, with no claim: just the count', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const r = await implReplay('t.json', asFile(trace.slice(0, 3), consts), protocol.name, consts);
    expect(r.exitCode).toBe(0);
    expect(r.lines.at(-1)).toBe('replay --impl: ok: the store reproduces the trace (3 states)');
  });

  it('every state reached but not the claimed row not found: exit 1, said so', async () => {
    const { consts, trace, violation } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const r = await implReplay('t.json', asFile(trace.slice(0, -1), consts, violation), protocol.name, consts);
    expect(r.exitCode).toBe(1);
    expect(r.replay.divergedAt).toBeUndefined();
    expect(r.replay.failure).toBeUndefined();
    expect(r.lines.at(-1)).toBe('replay --impl: the store reaches every state but does not fail the same way: the trace ends in row not found but no store actor failed that way');
  });

  it('an action the store cannot perform is the divergence, named with its state', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const foreign = [trace[0]!, { action: { name: 'Explode', params: {} }, state: trace[0]!.state }];
    const r = await implReplay('t.json', asFile(foreign, consts), protocol.name, consts);
    expect(r.exitCode).toBe(1);
    expect(r.replay.divergedAt).toBe(1);
    expect(r.lines.at(-2)).toBe('  State 2: Explode: the store cannot perform Explode: the store has no operation for action Explode');
    expect(r.lines.at(-1)).toBe('replay --impl: the store diverges at state 2 (Explode): the store cannot perform Explode: the store has no operation for action Explode');
  });

  it('a state that departs names the variables, and the first state can depart too', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const wrongStart = [{ state: { ...trace[0]!.state, committedEpoch: 1 } }];
    const r = await implReplay('t.json', asFile(wrongStart, consts), protocol.name, consts);
    expect(r.exitCode).toBe(1);
    expect(r.replay.steps[0]).toMatchObject({ index: 0, same: false, differingVars: ['committedEpoch'] });
    expect(r.lines.at(-1)).toBe('replay --impl: the store diverges at state 1 (the initial state): the store\'s state differs in committedEpoch');
  });

  it('refuses a trace whose states do not name their actions', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const unnamed = asFile(trace.slice(0, 3), consts);
    const actions = [...unnamed.actions];
    actions[2] = undefined;
    await expect(implReplay('t.json', { ...unnamed, actions }, protocol.name, consts)).rejects.toThrow('t.json: state 3 does not name the action that produced it, so the store cannot be driven');
  });
});

/** The model's behaviour from its first initial state along `labels` (each must be enabled). */
function behaviour(raw: Record<string, string>, labels: { name: string; params: Record<string, string | number> }[]) {
  const consts = resolveConsts(protocol, raw);
  const steps: TraceStep[] = [{ state: [...protocol.init(consts as never)][0]! }];
  for (const label of labels) {
    const next = [...protocol.actions.find((a) => a.name === label.name)!.successors(steps.at(-1)!.state as never, consts as never)]
      .find((x) => JSON.stringify(x.params ?? {}) === JSON.stringify(label.params));
    if (!next) throw new Error(`${label.name} is not enabled`);
    steps.push({ action: label, state: next.state });
  }
  return { consts, steps };
}

describe('replay --impl on hand-picked behaviours', () => {
  it('two sinks flushing one epoch in reverse order: the mapping orders imms by epoch, then table', async () => {
    const { consts, steps } = behaviour({ drop: 'tombstone-fetch', sinks: '2' }, [
      { name: 'InjectBarrier', params: {} },
      { name: 'ReceiveBarrier', params: { sink: 's1', epoch: 1 } },
      { name: 'ReceiveBarrier', params: { sink: 's2', epoch: 1 } },
      { name: 'FlushMemtable', params: { sink: 's2', epoch: 1 } },
      { name: 'FlushMemtable', params: { sink: 's1', epoch: 1 } },
    ]);
    expect((steps.at(-1)!.state.imms as { table: string }[]).map((i) => i.table)).toEqual(['t1', 't2']);
    const r = await implReplay('t.json', asFile(steps, consts), protocol.name, consts);
    expect(r.lines.at(-1)).toBe('replay --impl: ok: the store reproduces the trace (6 states)');
  });

  it('the store\'s failure is reported once, on the state where it happened, not on later ones', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const last = trace.at(-1)!.state;
    const inject = [...protocol.actions.find((a) => a.name === 'InjectBarrier')!.successors(last as never, consts as never)][0]!;
    const longer = [...trace, { action: { name: 'InjectBarrier', params: {} }, state: inject.state }];
    const r = await implReplay('t.json', asFile(longer, consts), protocol.name, consts);
    expect(r.exitCode).toBe(0);
    expect(r.lines.at(-3)).toMatch(/; store failure: row not found/);
    expect(r.lines.at(-2)).toBe(`  State ${longer.length}: InjectBarrier: same state`);
  });

  it('the behaviour\'s closing stutter (Settled) changes nothing in the store', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const settled = [...trace.slice(0, 2), { action: { name: 'Settled', params: {} }, state: trace[1]!.state }];
    const r = await implReplay('t.json', asFile(settled, consts), protocol.name, consts);
    expect(r.lines.at(-1)).toBe('replay --impl: ok: the store reproduces the trace (3 states)');
    expect(Object.keys(r.replay)).not.toContain('failure');
  });

  it('a parameter of the wrong type cannot drive the store', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const bad = [trace[0]!, { action: { name: 'DropSink', params: { sink: 1 } }, state: trace[0]!.state }];
    const r = await implReplay('t.json', asFile(bad, consts), protocol.name, consts);
    expect(r.lines.at(-1)).toBe('replay --impl: the store diverges at state 2 (DropSink(sink=1)): the store cannot perform DropSink(sink=1): DropSink needs a string parameter sink');
  });

  it('every variable that departs is named', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const r = await implReplay('t.json', asFile([{ state: { ...trace[0]!.state, committedEpoch: 1, syncedEpoch: 1 } }], consts), protocol.name, consts);
    expect(r.lines.at(-1)).toBe('replay --impl: the store diverges at state 1 (the initial state): the store\'s state differs in committedEpoch, syncedEpoch');
  });
});
