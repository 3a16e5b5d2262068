// Symmetry reduction without building every image: a state's ids are sorted by their
// signatures (what the state says about each id, without naming ids), the state is renamed
// into that order and hashed once. Ids whose signatures tie can go in any order among
// themselves, so each order of each tie is tried and the smallest fingerprint kept: still far
// fewer images than all n! permutations, usually one.
//
// Sound: renaming a state by π permutes its ids' signatures by π, so every state of a class
// has the same set of sorted renamings, hence the same smallest fingerprint; and two states of
// different classes never share a renaming. So the classes, and their number, are exactly
// those of the method that hashes every image.
import type { AnyModel, Consts, State, SymmetryIds } from './model.ts';
import type { Symmetry } from './state-fingerprint.ts';
import { fingerprintHi, fingerprintLo } from './fingerprint.ts';

let canonicalLo = 0;

/** Orders of `xs` (all of them). */
function orders(xs: readonly number[]): number[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The high half of the canonical fingerprint of `s` (`canonicalFingerprintLo()` gives the low half). */
export function canonicalFingerprintHi(ids: SymmetryIds, consts: Consts, s: State): number {
  const n = ids.count(consts);
  const sigHi = new Array<number>(n);
  const sigLo = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    sigHi[i] = fingerprintHi(ids.signature(s, i, consts));
    sigLo[i] = fingerprintLo();
  }
  const sorted = Array.from({ length: n }, (_, i) => i).sort((a, b) => sigHi[a]! - sigHi[b]! || sigLo[a]! - sigLo[b]!);
  // Runs of equal signatures: each may be ordered any way.
  const groups: number[][] = [];
  for (const i of sorted) {
    const last = groups.at(-1);
    if (last && sigHi[last[0]!] === sigHi[i] && sigLo[last[0]!] === sigLo[i]) last.push(i);
    else groups.push([i]);
  }
  let bestHi = Infinity;
  let bestLo = Infinity;
  const perm = new Array<number>(n);
  const visit = (g: number, position: number): void => {
    if (g === groups.length) {
      const hi = fingerprintHi(ids.rename(s, perm, consts));
      const lo = fingerprintLo();
      if (hi < bestHi || (hi === bestHi && lo < bestLo)) { bestHi = hi; bestLo = lo; }
      return;
    }
    for (const order of orders(groups[g]!)) {
      order.forEach((id, k) => { perm[id] = position + k; });
      visit(g + 1, position + order.length);
    }
  };
  visit(0, 0);
  canonicalLo = bestLo;
  return bestHi;
}

export function canonicalFingerprintLo(): number {
  return canonicalLo;
}

/** The symmetry a search uses for `model`: its ids when it declares them (cheaper), else its images. */
export function searchSymmetry(model: AnyModel): Symmetry {
  if (model.symmetryIds) return { ids: model.symmetryIds };
  return model.symmetry?.bind(model);
}
