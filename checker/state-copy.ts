// The one-thread engines (check, simulate) hand model code a record of their own for each state
// they keep, with the very values of the state the model built: `{ ...s, x }` in the model then
// always spreads a record built here, in one way. Spreading the model's own records, themselves
// spread from spreads, makes V8 (Node 20) give successors ever new hidden classes while their
// fields generalise (detached maps: 21 at depth 3 of TwoPhase, one with the copies), and the
// model's code then runs polymorphic: a search of TwoPhase with 7 RMs took 1.25x (plain data)
// to 1.33x (immutable.js) the CPU time it takes with the copies. The deep freeze the engines
// used before hid this (a spread of a non-extensible record starts a stable hidden class), but
// freezing cannot catch sloppy-mode writes. The values inside are shared, not copied: only the
// record of variables is new, which costs about what a successor's spread does.
import type { State } from './model.ts';

/** A new record with the variables of `s` (a plain record) and their very values, in the same order. */
export function recordCopy(s: State): State {
  const c: { [k: string]: unknown } = {};
  for (const k in s) c[k] = s[k];
  return c as State;
}

/**
 * Whether `s` still has the variables of `copy`, its record copy, holding the same values (by
 * reference): false once model code that kept `s` (an action that yielded it) wrote into it.
 */
export function sameRecord(s: State, copy: State): boolean {
  let n = 0;
  for (const k in s) {
    if (!Object.hasOwn(copy, k) || s[k] !== copy[k]) return false;
    n++;
  }
  for (const k in copy) if (Object.hasOwn(copy, k)) n--;
  return n === 0;
}
