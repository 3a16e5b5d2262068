// The fingerprint the search deduplicates by: the state's own, or with a symmetry, the smallest
// over the state's symmetric images, so that all states of one symmetry class share one.
import type { Consts, State, SymmetryIds } from './model.ts';
import { canonicalFingerprintHi, canonicalFingerprintLo } from './symmetry-canonical.ts';
import { fingerprintHi, fingerprintLo, fingerprintSuccessorHi } from './fingerprint.ts';

let classLo = 0;
// The state's own fingerprint, before any image: what a state is verified against later.
let ownHi = 0, ownLo = 0;

/**
 * A model's symmetry, when the search uses it: the function giving a state's images (each is
 * hashed), or the ids that canonicalise a state (see symmetry-canonical.ts).
 */
export type Symmetry = ((state: State, consts: Consts) => Iterable<State>) | { readonly ids: SymmetryIds } | undefined;

/**
 * The high half of the fingerprint of `s`'s class (`stateFingerprintLo()` gives the low half).
 * `successor` says whether `s` is a successor of the state last passed to `setParent`, which
 * lets it reuse that parent's hashes when there is no symmetry.
 */
export function stateFingerprintHi(symmetry: Symmetry, consts: Consts, s: State, successor: boolean): number {
  if (!symmetry) {
    const hi = successor ? fingerprintSuccessorHi(s) : fingerprintHi(s);
    classLo = fingerprintLo();
    return hi;
  }
  if (typeof symmetry === 'object') {
    const hi = canonicalFingerprintHi(symmetry.ids, consts, s);
    classLo = canonicalFingerprintLo();
    return hi;
  }
  let bestHi = fingerprintHi(s);
  let bestLo = fingerprintLo();
  ownHi = bestHi;
  ownLo = bestLo;
  for (const image of symmetry(s, consts)) {
    const hi = fingerprintHi(image);
    const lo = fingerprintLo();
    if (hi < bestHi || (hi === bestHi && lo < bestLo)) { bestHi = hi; bestLo = lo; }
  }
  classLo = bestLo;
  return bestHi;
}

/** The low half of the fingerprint computed by the last `stateFingerprintHi` call. */
export function stateFingerprintLo(): number {
  return classLo;
}

/**
 * With a symmetry, the high half of the fingerprint of the state itself (not of its class) last
 * passed to `stateFingerprintHi`, computed before the model's symmetry ran on it;
 * `stateOwnLo()` gives the low half.
 */
export function stateOwnHi(): number {
  return ownHi;
}

export function stateOwnLo(): number {
  return ownLo;
}
