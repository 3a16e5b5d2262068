// `replay --impl`: the checker's counterexample replayed against the executable store.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { PropertyViolation, TraceStep } from '../../checker/trace.ts';
import protocol from '../../model/index.ts';
import type { DropConsts } from '../../model/params.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace } from '../../traces/read-trace.ts';
import { implReplay } from '../../store-mapping/impl-replay.ts';
import { replayOnStore } from '../../store-mapping/replay-on-store.ts';

function counterexample(raw: Record<string, string>, invariants?: string[]) {
  const consts = resolveConsts(protocol, raw);
  const o = check(protocol, { consts, ...(invariants ? { invariants } : {}) });
  if (o.result !== 'violation') throw new Error('expected a violation');
  return { consts, trace: o.violation.trace, violation: o.violation };
}

const asFile = (steps: readonly TraceStep[], consts: Record<string, string | number | boolean>, violation?: PropertyViolation) =>
  parseTrace(formatItf(traceToItf(steps, { model: protocol.name, params: consts, ...(violation ? { violation } : {}) })));

describe('replay --impl', () => {
  it('the BFS counterexample of catalog-first fails in the store at the same step with row not found', async () => {
    const { consts, trace, violation } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const r = await implReplay('t.json', asFile(trace, consts, violation), protocol.name, consts);
    expect(r.exitCode).toBe(0);
    const failedAt = r.replay.steps.findIndex((s) => s.failure !== undefined);
    expect(failedAt).toBe(trace.length - 1);
    expect(r.replay.steps[failedAt]!.failure).toMatch(/^row not found/);
    expect(r.lines.at(-1)).toMatch(/ok: the store reproduces the trace \(\d+ states\) and fails the same way: row not found/);
  });

  it('names the step where a tampered state departs from the store', async () => {
    const { consts, trace, violation } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const tampered = trace.map((s, i) => (i === 4 ? { ...s, state: { ...s.state, epoch: 4 } } : s));
    const r = await implReplay('t.json', asFile(tampered, consts, violation), protocol.name, consts);
    expect(r.exitCode).toBe(1);
    expect(r.replay.divergedAt).toBe(4);
    expect(r.lines.at(-1)).toMatch(/diverges at state 5 .*differs in epoch/);
  });

  it('reports an action the store cannot perform as a divergence', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const skipped = [trace[0]!, ...trace.slice(2)]; // the first InjectBarrier is missing
    const r = await implReplay('t.json', asFile(skipped, consts), protocol.name, consts);
    expect(r.exitCode).toBe(1);
    expect(r.replay.steps.at(-1)!.same).toBe(false);
  });

  it('with the planted compaction bug, the store departs from the fixed variant at the sync', async () => {
    const consts = resolveConsts(protocol, { drop: 'tombstone-fetch' }) as unknown as DropConsts;
    // A behaviour of the fixed variant: write, flush, sync the progress row of a cold table.
    const { trace } = counterexample({ drop: 'catalog-first' }, ['NoRowNotFound']);
    const labels = trace.slice(1).map((s) => s.action!).filter((a) => a.name !== 'DropSink').slice(0, 5);
    const steps: TraceStep[] = [trace[0]!];
    for (const label of labels) {
      const next = [...protocol.actions.find((a) => a.name === label.name)!.successors(steps.at(-1)!.state as never, consts)].find((x) => JSON.stringify(x.params ?? {}) === JSON.stringify(label.params));
      steps.push({ action: label, state: next!.state });
    }
    expect((await replayOnStore(consts, steps)).reproduced).toBe(true);
    const buggy = await replayOnStore(consts, steps, undefined, { plantedBug: 'skip-live-table' });
    expect(buggy.reproduced).toBe(false);
    expect(buggy.steps.at(-1)!.action?.name).toBe('SyncEpoch');
  });

  it('refuses a trace of another model', async () => {
    const { consts, trace } = counterexample({ drop: 'catalog-first' });
    await expect(implReplay('t.json', asFile(trace, consts), 'DieHard', consts)).rejects.toThrow(/--impl replays traces of the DropSink model/);
  });
});
