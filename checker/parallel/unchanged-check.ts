// The parallel search's guard against model code that modifies the states it is given (see
// checker/mutation-guard.ts for why it matters). Decoded states are not frozen: in sloppy-mode
// code a write to a frozen object is silently ignored, and the search would explore a model other
// than the one written. Instead a state is encoded again once model code has run on it, and the
// bytes are compared with those it was decoded from or recorded with; the encoding is
// self-delimiting, so equal bytes from the recorded start mean an equal value. On a difference,
// the culprit is named by re-running model code on fresh decodes, as the one-thread engine does.
import type { AnyModel, Consts, InvariantSpec, State } from '../model.ts';
import type { Symmetry } from '../state-fingerprint.ts';
import type { ModelError } from '../errors.ts';
import type { Value } from '../value.ts';
import { ByteWriter } from '../encoding/byte-buffer.ts';
import { StringDictionary, type StateEntries, type ValueCodec } from '../encoding/value-codec.ts';
import { immutableEnd } from '../encoding/tags.ts';
import { findMutation, guarded, unexplainedChange } from '../mutation-guard.ts';
import { invariantReason } from '../state-contract.ts';

/** Whether `v` encodes (strings numbered in `dictionary`) to the bytes recorded in `bytes` from `start`. */
export function encodesAs(codec: ValueCodec, v: Value, dictionary: StringDictionary, scratch: ByteWriter, bytes: Uint8Array, start: number): boolean {
  scratch.length = 0;
  try {
    codec.encode(v, scratch, dictionary);
  } catch {
    return false; // model code put something that is not a value into it
  }
  const n = scratch.length;
  if (start + n > bytes.length) return false;
  const fresh = scratch.bytes;
  for (let i = 0; i < n; i++) if (fresh[i] !== bytes[start + i]) return false;
  return true;
}

/**
 * Whether `s`, decoded with `entries`, still holds what was decoded: every variable the value
 * decoded for it, and those whose value could be modified in place (`modifiable`) encoding again
 * to their bytes; `dictionary` numbers strings as the bytes do. Cheaper than encoding the whole
 * state again: values of immutable collections and primitives are verified by reference.
 */
export function entriesUnchanged(codec: ValueCodec, s: State, entries: StateEntries, modifiable: (i: number) => boolean, dictionary: StringDictionary, scratch: ByteWriter): boolean {
  if (typeof s !== 'object' || s === null || Object.getPrototypeOf(s) !== Object.prototype) return false;
  const { count, keys, values, valueStarts, bytes } = entries;
  let i = 0;
  for (const k in s) {
    const v = (s as { readonly [k: string]: Value })[k] as Value;
    if (i === count || keys[i] !== k || values[i] !== v) return false;
    if (modifiable(i) && !encodesAs(codec, v, dictionary, scratch, bytes, valueStarts[i]!)) return false;
    i++;
  }
  return i === count;
}

/** Whether the value encoded in `bytes` from `start` holds something model code could modify in place (a plain object or array), as far as its bytes tell. */
export function mayBeModified(bytes: Uint8Array, start: number): boolean {
  return immutableEnd(bytes, start) < 0;
}

/**
 * Numbers strings as a segment's dictionary did, so that a state decoded from the segment encodes
 * again to its very bytes; one per segment, built when first needed.
 */
export class SegmentDictionaries {
  private readonly bySegment = new Map<readonly string[], StringDictionary>();

  of(strings: readonly string[]): StringDictionary {
    let d = this.bySegment.get(strings);
    if (d === undefined) {
      d = new StringDictionary();
      for (const s of strings) d.id(s);
      this.bySegment.set(strings, d);
    }
    return d;
  }
}

/** The located error for a state at `depth` whose expansion (its actions) changed it; `fresh` is it as recorded. */
export function expansionMutation(model: AnyModel, consts: Consts, fresh: State, invariants: readonly InvariantSpec<any, any>[], symmetry: Symmetry, depth: number): ModelError {
  try {
    findMutation(model, consts, [{ state: fresh }], { invariants, constraint: false, ...(symmetry ? { symmetry } : {}) }, (k) => `on a state at depth ${depth + k - 1}`);
  } catch (e) {
    return e as ModelError;
  }
  return unexplainedChange(`a state at depth ${depth}`);
}

/**
 * The located error for a successor of a state at `depth` that changed after it was hashed (the
 * state constraint, its invariants); `parent` is the state expanded, as recorded: every action
 * is run again on a copy of it, and the constraint and the invariants on copies of what they yield.
 */
export function successorMutation(model: AnyModel, consts: Consts, parent: State, invariants: readonly InvariantSpec<any, any>[], symmetry: Symmetry, depth: number): ModelError {
  try {
    findMutation(model, consts, [{ state: parent }], { invariants, constraint: true, ...(symmetry ? { symmetry } : {}) }, (k) => `on a state at depth ${depth + k - 1}`);
  } catch (e) {
    return e as ModelError;
  }
  return unexplainedChange(`a state at depth ${depth + 1}`);
}

/** The located error for a new state at `depth` that changed while its invariants ran; `fresh` is it as recorded. */
export function invariantMutation(consts: Consts, fresh: State, invariants: readonly InvariantSpec<any, any>[], depth: number): ModelError {
  const where = `on a state at depth ${depth}`;
  try {
    for (const inv of invariants) guarded(fresh, () => `invariant ${inv.name}, ${where}`, (c) => invariantReason(inv, c, consts));
  } catch (e) {
    return e as ModelError;
  }
  return unexplainedChange(`a state at depth ${depth}`);
}
