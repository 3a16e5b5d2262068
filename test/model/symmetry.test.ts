// The sink symmetry must merge only states that are renamings of each other, and every class
// must be reachable: searched with and without it, the model gives the same verdicts, and the
// classes of the full state space are exactly the states the symmetric search keeps.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import { fingerprintHex } from '../../checker/fingerprint.ts';
import type { State } from '../../checker/model.ts';
import type { Value } from '../../checker/value.ts';
import model from '../../model/index.ts';
import { sinkSymmetry } from '../../model/symmetry.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';

/** Every reachable state, by a plain search without symmetry or invariants. */
function reachable(consts: DropConsts): DropState[] {
  const seen = new Map<string, DropState>();
  let frontier = [...model.init(consts)];
  for (const s of frontier) seen.set(fingerprintHex(s as Value), s);
  while (frontier.length > 0) {
    const next: DropState[] = [];
    for (const s of frontier) for (const a of model.actions) for (const { state } of a.successors(s, consts)) {
      const k = fingerprintHex(state as Value);
      if (!seen.has(k)) { seen.set(k, state); next.push(state); }
    }
    frontier = next;
  }
  return [...seen.values()];
}

const classKey = (s: DropState, consts: DropConsts) => [s, ...sinkSymmetry(s, consts)].map((x) => fingerprintHex(x as Value)).sort()[0]!;

describe('sink symmetry', () => {
  for (const drop of ['deferred-notify', 'tombstone-fetch'] as const) {
    it(`${drop}, 2 sinks: one state per renaming class, every image a reachable state, same verdicts`, () => {
      const consts = resolveConsts(model, { drop, sinks: '2', maxEpoch: '3' }) as DropConsts;
      const all = reachable(consts);
      const keys = new Set(all.map((s) => fingerprintHex(s as Value)));
      for (const s of all) for (const image of sinkSymmetry(s, consts)) expect(keys.has(fingerprintHex(image as Value))).toBe(true);
      const classes = new Set(all.map((s) => classKey(s, consts))).size;
      const sym = check(model, { consts, continueAfterViolation: true, symmetry: true, liveness: false }); // symmetry is for safety only
      const full = check(model, { consts, continueAfterViolation: true, liveness: false });
      expect(full.stats.distinctStates).toBe(all.length);
      expect(sym.stats.distinctStates).toBe(classes);
      expect(sym.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
      const verdicts = (o: typeof sym) => (o.result === 'violation' ? o.violations.map((v) => `${v.name}:${v.trace.length}`).sort() : []);
      expect(verdicts(sym)).toEqual(verdicts(full));
    });
  }

  it('has no images with one sink', () => {
    const consts = resolveConsts(model, {}) as DropConsts;
    expect([...sinkSymmetry([...model.init(consts)][0]! as DropState & State, consts)]).toEqual([]);
  });
});
