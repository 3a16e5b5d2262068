// `replay --impl` of the counterexamples of recovery, per-database recovery, meta restart and the
// dedicated compactor: every violation the checker finds (invariants, deadlocks and the lassos of
// temporal properties) replays on the store, state by state, and the store fails the same way.
// Which parameter sets fail is the protocol's history (../shared/protocol-history.md): keeping
// tombstones through a recovery (before #23216) leaks them; a dirty creating job deleted without a
// tombstone (before #25592) is registered and unresolvable, and the compactor fails on it forever;
// the error arm of a failed foreground CREATE, running before the recovery's cleanup, leaks its
// tables (#25647); write stop deadlocks a drop whose table the compactor cannot resolve (#16511).
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { PropertyViolation, TraceStep } from '../../checker/trace.ts';
import protocol from '../../model/index.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace } from '../../traces/read-trace.ts';
import { implReplay } from '../../store-mapping/impl-replay.ts';

type Counterexample = PropertyViolation & { readonly trace: readonly TraceStep[]; readonly loop?: number };

/** Every violation `check` finds under `raw`: invariants and deadlock first, then temporal properties. */
function counterexamples(raw: Record<string, string>, deadlock = false): Counterexample[] {
  const consts = resolveConsts(protocol, raw);
  const o = check(protocol, { consts, continueAfterViolation: true, checkDeadlock: deadlock });
  const safety = o.result === 'violation' ? o.violations : [];
  const temporal = (o.temporal?.results ?? []).flatMap((r) => (r.violation ? [r.violation] : []));
  return [...safety, ...temporal] as Counterexample[];
}

async function replayed(raw: Record<string, string>, v: Counterexample) {
  const consts = resolveConsts(protocol, raw);
  const doc = traceToItf(v.trace, { model: protocol.name, params: consts, violation: v, ...(v.loop !== undefined ? { loop: v.loop } : {}) });
  return implReplay('t.json', parseTrace(formatItf(doc)), protocol.name, consts);
}

const label = (raw: Record<string, string>) => Object.entries(raw).map(([k, v]) => `${k}=${v}`).join(', ');

/**
 * Each parameter set with the properties the protocol's history says it violates (a subset: the
 * checker may find more, and each of those replays too, except the ones listed third).
 */
const cases: [Record<string, string>, string[], string[]?][] = [
  [{ recoveries: '1', recovery: 'keep-tombstones' }, ['DropLeavesNothing', 'CleanupDone', 'CleanupCompletes']],
  [{ dbRecoveries: '1', foregroundSinks: '1', dbRecoveryDirty: 'delete-only' }, ['ResolvableWhileRegistered', 'CleanupCompletes']],
  // The model's reset of the data plane keeps the compactor's uploaded SSTs past the committed
  // epoch, which its own TypeOK rejects; the store abandons them, as the real system does. That
  // trace is the model's to fix, not the store's to follow.
  [{ dbRecoveries: '1', foregroundSinks: '1', dbRecoveryDirty: 'delete-only', compactor: 'on' }, ['ResolvableWhileRegistered', 'CompactionProgress'], ['TypeOK']],
  [{ dbRecoveries: '1', foregroundSinks: '1', createFailure: 'tombstone-leak' }, ['CleanupDone']],
  [{ dbRecoveries: '1', foregroundSinks: '1', createFailure: 'no-tombstone' }, ['ResolvableWhileRegistered']],
  [{ metaRestarts: '1', drop: 'deferred-notify' }, ['ResolvableWhileRegistered']],
  [{ compactor: 'on', writeStop: 'true', drop: 'catalog-first' }, ['DropCompletes', 'CompactionProgress']],
  [{ compactor: 'on', writeStop: 'true', drop: 'deferred-notify' }, ['DropCompletes', 'CompactionProgress']],
];

describe('replay --impl of recovery and compactor counterexamples', () => {
  it.each(cases.map(([raw, names, skip]) => [label(raw), raw, names, skip ?? []] as const))('%s: the expected violations are found and each replays on the store', async (_l, raw, names, skip) => {
    const found = counterexamples(raw);
    expect(found.map((v) => v.name)).toEqual(expect.arrayContaining(names));
    for (const v of found.filter((x) => !skip.includes(x.name))) {
      const r = await replayed(raw, v);
      expect(r.exitCode, `${v.name}: ${r.lines.at(-1)}`).toBe(0);
      if (v.name === 'NoRowNotFound') expect(r.replay.failure).toMatch(/^row not found/);
    }
  });

  it.each(['catalog-first', 'deferred-notify'])('%s, compactor=on, writeStop: the store reaches the #16511 deadlock with its writes stopped and its actor running', async (drop) => {
    const raw = { compactor: 'on', writeStop: 'true', drop };
    const consts = resolveConsts(protocol, raw);
    const o = check(protocol, { consts, invariants: ['TypeOK'], liveness: false });
    if (o.result !== 'violation') throw new Error('expected the deadlock');
    expect(o.violation.name).toBe('Deadlock');
    const r = await replayed(raw, o.violation as Counterexample);
    expect(r.exitCode, r.lines.at(-1)).toBe(0);
    expect(r.lines.at(-1)).toMatch(/ending in the state where the model deadlocks/);
    expect(r.replay.steps.map((s) => s.action?.name)).toContain('CompactCommitted');
  });

  it('tombstone-fetch with the compactor and write stop: nothing to replay, every property holds', () => {
    expect(counterexamples({ compactor: 'on', writeStop: 'true', drop: 'tombstone-fetch' }, true)).toEqual([]);
  });
});
