// Replay: every counterexample dropcheck writes is a behaviour of its model (write, read,
// replay), and a trace that is not one is caught at the step where it goes wrong.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTraceToReplay } from '../../cli/commands/replay.ts';
import { evaluateMatrix, writeMatrixTraces, type MatrixRow } from '../../cli/commands/matrix.ts';
import { check, type CheckOutcome } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel, Consts } from '../../checker/model.ts';
import type { PropertyViolation, TraceStep } from '../../checker/trace.ts';
import dieHard from '../../examples/die-hard.ts';
import protocol from '../../model/index.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace, traceSteps, type LoadedTrace } from '../../traces/read-trace.ts';
import { replayTrace } from '../../traces/replay.ts';
import { runCliAsync } from '../support/run-cli.ts';

const model = protocol as AnyModel;

function violations(m: AnyModel, consts: Consts): Extract<CheckOutcome, { result: 'violation' }>['violations'] {
  const o = check(m, { consts, continueAfterViolation: true, checkDeadlock: m.checkDeadlock ?? true });
  return o.result === 'violation' ? o.violations : [];
}

/** What `check` writes, read back as `replay` reads it. */
function writeAndRead(m: AnyModel, consts: Consts, v: PropertyViolation & { trace: readonly TraceStep[] }): LoadedTrace {
  const text = formatItf(traceToItf(v.trace, { model: m.name, params: consts, violation: v, producedBy: 'check' }));
  return parseTrace(text, `${m.name}-${v.name}`);
}

function dieHardTrace(): LoadedTrace {
  const consts = resolveConsts(dieHard);
  return writeAndRead(dieHard, consts, violations(dieHard, consts)[0]!);
}

describe('replay of the protocol matrix counterexamples', () => {
  // The files `dropcheck matrix` writes, read and replayed as `dropcheck replay FILE` does.
  let rows: MatrixRow[];
  let files: Map<string, string>;
  beforeAll(() => {
    rows = evaluateMatrix(model);
    files = writeMatrixTraces(model, rows, mkdtempSync(join(tmpdir(), 'dropcheck-matrix-traces-')));
  });

  it('has counterexamples to replay, in the variants that race', () => {
    const keys = [...files.keys()];
    expect(keys.some((k) => k.startsWith('catalog-first/'))).toBe(true);
    expect(keys).toContain('deferred-notify/skip/NoRowNotFound');
  });

  it('replays every one against the built-in model the trace names, and writes it back byte for byte', async () => {
    for (const [key, path] of files) {
      const { trace, model: m, consts } = await loadTraceToReplay(path, undefined);
      expect(m.name).toBe(model.name);
      const outcome = replayTrace(m, consts, trace);
      expect(outcome, `${key}: ${outcome.summary}`).toMatchObject({ ok: true });
      const [drop, compaction, property] = key.split('/');
      const cell = rows.find((r) => r.drop === drop && r.compaction === compaction)!.cells.find((c) => c.property === property)!;
      const rewritten = traceToItf(traceSteps(trace), { model: m.name, params: consts, violation: trace.meta.violation!, producedBy: 'matrix', ...(trace.loop !== undefined ? { loop: trace.loop } : {}) });
      expect(formatItf(rewritten), key).toBe(readFileSync(path, 'utf8'));
      expect(trace.states).toHaveLength(cell.violation!.trace.length);
    }
  });

  it('replay exits 0 on the #20953 counterexample', async () => {
    const r = await runCliAsync(['replay', files.get('deferred-notify/skip/NoRowNotFound')!]);
    expect(r.stdout).toMatch(/^replay: ok: \d+ states, NoRowNotFound violated: row not found/);
    expect(r.status).toBe(0);
  });
});

describe('replay of traces that are not behaviours', () => {
  it('accepts the DieHard solution and reports the claim', () => {
    expect(replayTrace(dieHard, {}, dieHardTrace())).toEqual({ ok: true, summary: '7 states, NotSolved violated: the big jug holds 4 gallons' });
  });

  it('names the step after a removed step', () => {
    const t = dieHardTrace();
    const cut: LoadedTrace = { ...t, states: t.states.filter((_, i) => i !== 3), actions: t.actions.filter((_, i) => i !== 3) };
    const o = replayTrace(dieHard, {}, cut);
    expect(o.ok).toBe(false);
    if (o.ok) return;
    expect(o.step).toBe(3);
    expect(o.summary).toMatch(/^step 4 \(BigToSmall\): BigToSmall from state 3 does not produce this state \(differs in big, small\)$/);
  });

  it('names the step and the variable when one value is altered', () => {
    const t = dieHardTrace();
    const states = t.states.map((s, i) => (i === 4 ? { ...s, small: 1 } : s));
    const o = replayTrace(dieHard, {}, { ...t, states });
    expect(o).toMatchObject({ ok: false, step: 4, differingVars: ['small'], details: ['~ small: 2 -> 1'] });
    if (!o.ok) expect(o.summary).toMatch(/^step 5 \(BigToSmall\): .*differs in small/);
  });

  it('rejects a first state that is not initial, an unknown action and a claim that does not hold', () => {
    const t = dieHardTrace();
    expect(replayTrace(dieHard, {}, { ...t, states: [{ big: 1, small: 0 }, ...t.states.slice(1)] })).toMatchObject({ ok: false, step: 0, differingVars: ['big'] });
    const renamed = t.actions.map((a, i) => (i === 2 && a ? { ...a, name: 'Teleport' } : a));
    expect(replayTrace(dieHard, {}, { ...t, actions: renamed })).toMatchObject({ ok: false, step: 2, summary: 'step 3 (Teleport): the model has no action Teleport' });
    const short: LoadedTrace = { ...t, states: t.states.slice(0, 6), actions: t.actions.slice(0, 6) };
    expect(replayTrace(dieHard, {}, short)).toMatchObject({ ok: false, step: 6, summary: expect.stringMatching(/^end of trace: invariant NotSolved holds/) });
  });

  it('checks that a lasso closes', () => {
    // Fill the big jug, then empty it: back to the start.
    const lasso: LoadedTrace = { meta: {}, vars: ['big', 'small'], states: [{ big: 0, small: 0 }, { big: 5, small: 0 }], actions: [undefined, { name: 'FillBigJug', params: {} }], loop: 0 };
    expect(replayTrace(dieHard, {}, lasso)).toMatchObject({ ok: true });
    const t = dieHardTrace();
    expect(replayTrace(dieHard, {}, { ...t, loop: 2 })).toMatchObject({ ok: false, summary: expect.stringMatching(/no action leads from the last state back to state 3/) });
  });
});
