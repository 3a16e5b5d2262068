// The sink symmetry must merge only states that are renamings of each other, and every class
// must be reachable: searched with and without it, the model gives the same verdicts, and the
// classes of the full state space are exactly the states the symmetric search keeps. The classes
// are counted here without the model's symmetry or fingerprints: each state's renamings are built
// from its canonical text by enumerating every permutation of the sink numbers.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { State } from '../../checker/model.ts';
import model from '../../model/index.ts';
import { sinkSymmetry } from '../../model/symmetry.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { canonicalText, referenceReachable } from '../support/reference-search.ts';

const permutations = (xs: readonly number[]): number[][] =>
  xs.length <= 1 ? [[...xs]] : xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const byText = (a: Json, b: Json) => { const x = JSON.stringify(a); const y = JSON.stringify(b); return x < y ? -1 : x > y ? 1 : 0; };

/** Canonical JSON again after a renaming: record keys, ITF sets and maps sorted; imms by epoch then table. */
function recanonical(j: Json, key = ''): Json {
  if (Array.isArray(j)) {
    const items = j.map((x) => recanonical(x));
    if (key === 'imms') return (items as { epoch: number; table: string }[]).sort((a, b) => a.epoch - b.epoch || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0)) as Json;
    return key === '#set' || key === '#map' ? items.sort(byText) : items;
  }
  if (j === null || typeof j !== 'object') return j;
  return Object.fromEntries(Object.keys(j).sort().map((k) => [k, recanonical(j[k]!, k)]));
}

/** Canonical texts of every renaming of `s` (itself included): sink si and table ti become sπ(i), tπ(i). */
function renamings(s: State, sinks: number): string[] {
  const text = canonicalText(s);
  return permutations(Array.from({ length: sinks }, (_, i) => i + 1)).map((perm) =>
    JSON.stringify(recanonical(JSON.parse(text.replace(/\b([st])(\d+)\b/g, (_, kind: string, n: string) => `${kind}${perm[Number(n) - 1]}`)) as Json)));
}

describe('sink symmetry', () => {
  const cases: Record<string, Record<string, string>> = {
    'deferred-notify': { drop: 'deferred-notify' },
    'tombstone-fetch': { drop: 'tombstone-fetch' },
    // Every later path at once (the teardown records carry a path, which renaming must keep).
    'every later path': { drop: 'tombstone-fetch', cancel: 'no-tombstone', createFailure: 'tombstone-stale', alterConnector: 'delete-before-stop' },
    'snapshot-backfill reset': { jobKind: 'snapshot-backfill', cleanup: 'post-collect', createFailure: 'no-tombstone' },
    // The compactor's cache, queue, uploads, L0 and failed tables name tables too (one barrier:
    // its interleavings multiply the states).
    'dedicated compactor with write stop': { drop: 'deferred-notify', compactor: 'on', writeStop: 'true', maxEpoch: '1' },
  };
  for (const [name, raw] of Object.entries(cases)) {
    it(`${name}, 2 sinks: one state per renaming class, every image a reachable state, same verdicts`, () => {
      const consts = resolveConsts(model, { sinks: '2', maxEpoch: '3', ...raw }) as DropConsts;
      const all = referenceReachable(model, consts);
      const keys = new Set(all.map(canonicalText));
      const classes = new Set<string>();
      const wrong: string[] = [];
      for (const s of all) {
        const names = renamings(s, 2);
        if (names[0] !== canonicalText(s)) wrong.push(`not canonical: ${names[0]}`); // the identity comes first
        // The model's images are exactly the other renamings, each a reachable state.
        const images = [...sinkSymmetry(s, consts)].map(canonicalText).sort();
        if (images.join('\n') !== names.slice(1).sort().join('\n')) wrong.push(`images differ from renamings: ${names[0]}`);
        for (const n of names) if (!keys.has(n)) wrong.push(`unreachable image: ${n}`);
        classes.add(names.sort()[0]!);
      }
      expect(wrong.slice(0, 3)).toEqual([]);
      // Symmetry is for invariants only (refused with temporal properties).
      const sym = check(model, { consts, continueAfterViolation: true, symmetry: true, liveness: false });
      const full = check(model, { consts, continueAfterViolation: true, liveness: false });
      expect(full.stats.distinctStates).toBe(all.length);
      expect(sym.stats.distinctStates).toBe(classes.size);
      expect(sym.stats.distinctStates).toBeLessThan(full.stats.distinctStates);
      const verdicts = (o: typeof sym) => (o.result === 'violation' ? o.violations.map((v) => `${v.name}:${v.trace.length}`).sort() : []);
      expect(verdicts(sym)).toEqual(verdicts(full));
      // Every path at once, with a Stop free to ride past the epoch budget: tens of thousands of
      // states through the reference search, a minute on a loaded machine.
    }, 240_000);
  }

  it('has no images with one sink', () => {
    const consts = resolveConsts(model, {}) as DropConsts;
    expect([...sinkSymmetry([...model.init(consts)][0]! as DropState & State, consts)]).toEqual([]);
  });
});
