// 64-bit fingerprints of state values, computed in one walk without building an encoding.
//
// Every value has a hash of its own, independent of where it sits, so that hashes of repeated
// parts can be cached: strings, since state values are mostly a few names repeated. Records, maps and
// sets combine their entries' hashes with a commutative sum, so insertion order never matters;
// sequences hash in order. Each entry's hash is finalised before it is summed so that sums of
// different entry sets do not cancel. Two 32-bit lanes with different seeds and multipliers give
// 64 bits from Math.imul arithmetic, which V8 compiles to plain integer instructions.
import { List, Map as IMap, Set as ISet, Record as IRecord, isImmutable } from 'immutable';
import type { Value } from './value.ts';
import { ModelError } from './errors.ts';

/** Second lane of the last hash computed (the first lane is the return value): avoids allocating a pair. */
let lane2 = 0;
/**
 * Set when a hash met something model code could modify in place: a plain object or array, or an
 * immutable.js collection still being built (`withMutations`, `asMutable`). Only ever set by
 * hashing, cleared by the caller that wants to know (see `entryHash`).
 */
let modifiableSeen = false;

const TAG_FALSE = 0x01, TAG_TRUE = 0x02, TAG_INT = 0x03, TAG_BIGINT = 0x04, TAG_STR = 0x05;
const TAG_SEQ = 0x06, TAG_REC = 0x07, TAG_MAP = 0x08, TAG_SET = 0x09;
const SEED_A = 0x9e3779b9 | 0, SEED_B = 0x7f4a7c15;

function mixA(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixB(h: number, k: number): number {
  k = Math.imul(k, 0x85ebca6b);
  k = (k << 17) | (k >>> 15);
  k = Math.imul(k, 0xc2b2ae35);
  h ^= k;
  h = (h << 11) | (h >>> 21);
  return (Math.imul(h, 9) + 0x2b3c4d5e) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

// ---- strings: hashed once, then looked up (bounded, so a model of many strings still works) ----
const STRING_CACHE_LIMIT = 1 << 16;
const stringSlot = new Map<string, number>();
const stringLanes = new Int32Array(2 * STRING_CACHE_LIMIT);

function hashString(s: string): number {
  const slot = stringSlot.get(s);
  if (slot !== undefined) {
    lane2 = stringLanes[2 * slot + 1]!;
    return stringLanes[2 * slot]!;
  }
  let a = mixA(SEED_A, TAG_STR), b = mixB(SEED_B, TAG_STR);
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    a = mixA(a, c);
    b = mixB(b, c);
  }
  a = fmix(mixA(a, n));
  b = fmix(mixB(b, n));
  if (stringSlot.size < STRING_CACHE_LIMIT) {
    const i = stringSlot.size;
    stringSlot.set(s, i);
    stringLanes[2 * i] = a;
    stringLanes[2 * i + 1] = b;
  }
  lane2 = b;
  return a;
}

function hashInt(v: number): number {
  const lo = v | 0;
  const hi = Math.floor(v / 4294967296) | 0;
  lane2 = fmix(mixB(mixB(mixB(SEED_B, TAG_INT), lo), hi));
  return fmix(mixA(mixA(mixA(SEED_A, TAG_INT), lo), hi));
}

/** Hash of `v`: returns lane 1 and leaves lane 2 in `lane2`. */
function hashValue(v: Value): number {
  switch (typeof v) {
    case 'string': return hashString(v);
    case 'number':
      if (!Number.isSafeInteger(v)) throw new ModelError(`state holds the non-integer number ${v}`);
      return hashInt(v);
    case 'boolean':
      lane2 = v ? 0x6b43a9b5 : 0x1d8e4e27;
      return v ? TAG_TRUE * 0x2545f491 : TAG_FALSE * 0x2545f491;
    case 'bigint': {
      const a = hashString(v.toString(16));
      const b = lane2;
      lane2 = fmix(mixB(b, TAG_BIGINT));
      return fmix(mixA(a, TAG_BIGINT));
    }
    case 'object': {
      if (v === null) throw new ModelError('state holds null, which is not a state value');
      // Prototype identity first: one load and compare for the common kinds.
      const proto = Object.getPrototypeOf(v);
      if (proto === Object.prototype) { modifiableSeen = true; return hashRecord(v as { readonly [k: string]: Value }); }
      if (proto === MAP_PROTO) {
        if (isMutableCollection(v)) modifiableSeen = true;
        else if (memo.size !== 0 && memo.has(v)) return memoized(v);
        return hashMap(v as IMap<Value, Value>);
      }
      if (proto === SET_PROTO) {
        if (isMutableCollection(v)) modifiableSeen = true;
        else if (memo.size !== 0 && memo.has(v)) return memoized(v);
        return hashSet(v as ISet<Value>);
      }
      if (Array.isArray(v)) { modifiableSeen = true; return hashSeq(v); }
      if (isImmutable(v)) { if (isMutableCollection(v)) modifiableSeen = true; return hashImmutable(v); }
      if (v === null || (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)) {
        throw new ModelError(`state holds ${v === null ? 'null' : `a ${(v as object).constructor?.name ?? 'object'}`}, which is not a state value`);
      }
      modifiableSeen = true;
      return hashRecord(v as { readonly [k: string]: Value });
    }
    default:
      throw new ModelError(`state holds ${v === undefined ? 'undefined' : `a ${typeof v}`}, which is not a state value`);
  }
}

function hashSeq(items: readonly Value[]): number {
  let a = mixA(SEED_A, TAG_SEQ), b = mixB(SEED_B, TAG_SEQ);
  const n = items.length;
  for (let i = 0; i < n; i++) {
    a = mixA(a, hashValue(items[i] as Value));
    b = mixB(b, lane2);
  }
  lane2 = fmix(mixB(b, n));
  return fmix(mixA(a, n));
}

// Running sums of entry hashes for the collection being hashed (collections nest, so callers save them).
let sumA = 0, sumB = 0;

function addEntry(key: Value, val: Value): void {
  const ka = hashValue(key);
  const kb = lane2;
  const va = hashValue(val);
  sumA = (sumA + fmix(mixA(mixA(SEED_A, ka), va))) | 0;
  sumB = (sumB + fmix(mixB(mixB(SEED_B, kb), lane2))) | 0;
}

function addElement(x: Value): void {
  const xa = hashValue(x);
  sumA = (sumA + fmix(mixA(SEED_A ^ TAG_SET, xa))) | 0;
  sumB = (sumB + fmix(mixB(SEED_B ^ TAG_SET, lane2))) | 0;
}

const entryCallback = (val: Value, key: Value): void => { addEntry(key, val); };
const elementCallback = (x: Value): void => { addElement(x); };

function closeCollection(tag: number, n: number, savedA: number, savedB: number): number {
  const a = fmix(mixA(mixA(mixA(SEED_A, tag), n), sumA));
  lane2 = fmix(mixB(mixB(mixB(SEED_B, tag), n), sumB));
  sumA = savedA;
  sumB = savedB;
  return a;
}

/** Records hash like maps from field name to value: field order is irrelevant. */
function hashRecord(obj: { readonly [k: string]: Value }): number {
  const savedA = sumA, savedB = sumB;
  sumA = 0; sumB = 0;
  let n = 0;
  for (const k in obj) {
    addEntry(k, obj[k] as Value);
    n++;
  }
  return closeCollection(TAG_REC, n, savedA, savedB);
}

// Immutable collections are hashed afresh each time: a WeakMap cache of their hashes made whole
// searches slower (its ephemeron entries burden every garbage collection), and a hidden property
// would modify the model's values. The exception: collections the state decoder shares between
// the states of a level (encoding/decoded-values.ts) are hashed once, when decoded, and their
// hashes kept in a bounded map that holds them only as long as the decoder does.
const MEMO_LIMIT = 1 << 16;
const memo = new Map<object, number>();
let memoLanes = new Int32Array(1 << 10);

function memoized(v: object): number {
  const i = memo.get(v)!;
  lane2 = memoLanes[2 * i + 1]!;
  return memoLanes[2 * i]!;
}

/** Forgets the hashes kept by `memoizeHash` (the values are no longer shared), releasing the values. */
export function forgetMemoizedHashes(): void {
  memo.clear();
}

/**
 * Keeps the hash of `v`, an immutable.js map or set holding nothing modifiable in place, which
 * will be hashed again and again (it is shared by many states): later hashes look it up.
 */
export function memoizeHash(v: Value): void {
  if (typeof v !== 'object' || v === null || memo.has(v)) return;
  const proto = Object.getPrototypeOf(v);
  if (proto !== MAP_PROTO && proto !== SET_PROTO) return;
  if (memo.size === MEMO_LIMIT) memo.clear();
  modifiableSeen = false;
  const a = hashValue(v);
  if (modifiableSeen) return;
  const i = memo.size;
  if (2 * i + 1 >= memoLanes.length) memoLanes = grown(memoLanes, 2 * i + 1);
  memoLanes[2 * i] = a;
  memoLanes[2 * i + 1] = lane2;
  memo.set(v, i);
}
const MAP_PROTO = Object.getPrototypeOf(IMap());
const SET_PROTO = Object.getPrototypeOf(ISet());

function hashMap(v: IMap<Value, Value>): number {
  const savedA = sumA, savedB = sumB;
  sumA = 0; sumB = 0;
  v.forEach(entryCallback);
  return closeCollection(TAG_MAP, v.size, savedA, savedB);
}

function hashSet(v: ISet<Value>): number {
  const savedA = sumA, savedB = sumB;
  sumA = 0; sumB = 0;
  v.forEach(elementCallback);
  return closeCollection(TAG_SET, v.size, savedA, savedB);
}

function hashImmutable(v: object): number {
  const savedA = sumA, savedB = sumB;
  if (IMap.isMap(v)) {
    sumA = 0; sumB = 0;
    (v as IMap<Value, Value>).forEach(entryCallback);
    return closeCollection(TAG_MAP, (v as IMap<Value, Value>).size, savedA, savedB);
  }
  if (ISet.isSet(v)) {
    sumA = 0; sumB = 0;
    (v as ISet<Value>).forEach(elementCallback);
    return closeCollection(TAG_SET, (v as ISet<Value>).size, savedA, savedB);
  }
  if (List.isList(v)) return hashSeq((v as List<Value>).toArray());
  if (IRecord.isRecord(v)) return hashRecord((v as IRecord<any>).toObject() as { [k: string]: Value });
  throw new ModelError(`state holds an immutable ${(v as object).constructor?.name ?? 'collection'}, which is not a state value (use List, Map, Set or Record)`);
}

// ---- incremental fingerprints of successors, and what a state was when it was found ----
// A state is a record, and its hash is a sum over its variables' entry hashes. A successor
// built as `{ ...s, x: newX }` shares every other variable with its parent by reference, so
// the checker registers the parent it is expanding and successors rehash only the variables
// whose values are not the parent's very objects. The result is identical to a full hash.
//
// Fingerprinting a state also captures its entries as they were (name, value, entry hash, and
// whether the value holds anything modifiable in place), and the checker keeps them
// (`StateRecords`) for the states it will expand: registering such a state as a parent then
// costs no hashing, and verifying it unmodified compares its variables with that record,
// rehashing only the values that held a plain object or array when they were hashed (the
// others are immutable.js collections of immutable things, or primitives: a change to them
// shows in the reference).

/** Registers of the parent: its variables, their values and entry hashes, as recorded. */
let parentKeys: string[] = [];
let parentVals: Value[] = [];
let parentA = new Int32Array(16);
let parentB = new Int32Array(16);
/** Per parent variable: 1 when its value held something modifiable in place (see `modifiableSeen`). */
let parentF = new Uint8Array(16);
let parentN = -1; // -1: no usable parent registered

/**
 * The entry hashes of the record last fingerprinted by `fingerprintSuccessorHi` (`lastN` -1: it
 * was not a record), and its variables and values when `holdEntries` was called on it.
 */
let lastA = new Int32Array(16);
let lastB = new Int32Array(16);
let lastF = new Uint8Array(16);
let lastN = -1;
let heldKeys: string[] = [];
let heldVals: Value[] = [];
let held: unknown;

function grown<T extends Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>>(a: T, n: number): T {
  if (n < a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(2 * n + 16);
  b.set(a);
  return b;
}

/** The hash of one variable of a record; `modifiableSeen` then says whether its value holds something modifiable. */
function entryHash(key: string, val: Value): number {
  modifiableSeen = false;
  const ka = hashValue(key);
  const kb = lane2;
  const va = hashValue(val);
  lane2 = fmix(mixB(mixB(SEED_B, kb), lane2));
  return fmix(mixA(mixA(SEED_A, ka), va));
}

/** A plain record (the only kind of state): its entries can be hashed one by one. */
const isRecordState = (t: unknown): t is { readonly [k: string]: Value } => {
  if (typeof t !== 'object' || t === null) return false;
  const proto = Object.getPrototypeOf(t);
  return proto === Object.prototype || proto === null;
};

/** Registers `s` as the parent of the successors about to be fingerprinted, hashing it from scratch. */
export function setParent(s: Value): void {
  if (!isRecordState(s)) { parentN = -1; return; }
  let n = 0;
  for (const k in s) {
    parentA = grown(parentA, n);
    parentB = grown(parentB, n);
    parentF = grown(parentF, n);
    const v = s[k] as Value;
    parentKeys[n] = k;
    parentVals[n] = v;
    parentA[n] = entryHash(k, v);
    parentB[n] = lane2;
    parentF[n] = modifiableSeen ? 1 : 0;
    n++;
  }
  parentN = n;
}

/** Captures the entries of `s`, a state with no parent (an initial state), for `StateRecords.keep`. */
export function captureEntries(s: Value): void {
  parentN = -1;
  fingerprintSuccessorHi(s);
}

/** Stands for a value not known: no state holds it, so no variable is taken as known by mistake. */
const UNKNOWN = Object.freeze({}) as Value;

/**
 * Like `captureEntries`, with the entries of the variables `known` marks (1) given: their hash
 * lanes in `a` and `b`, and in `f` whether their values hold something modifiable in place (see
 * `entryHash`); only the other variables are hashed. Variable i is the i-th `s` iterates.
 */
export function captureEntriesKnowing(s: Value, known: Uint8Array, a: Int32Array, b: Int32Array, f: Uint8Array): void {
  if (!isRecordState(s)) { captureEntries(s); return; }
  // The known entries pose as a parent that `s` shares them with.
  let n = 0;
  for (const k in s) {
    parentA = grown(parentA, n);
    parentB = grown(parentB, n);
    parentF = grown(parentF, n);
    parentKeys[n] = k;
    parentVals[n] = known[n] === 1 ? s[k] as Value : UNKNOWN;
    parentA[n] = a[n]!;
    parentB[n] = b[n]!;
    parentF[n] = f[n]!;
    n++;
  }
  parentN = n;
  fingerprintSuccessorHi(s);
  parentN = -1;
}

/** Copies the entries captured last (hash lanes, modifiable flags) into `a`, `b`, `f`; returns how many (-1: the state was not a record). */
export function capturedEntries(a: Int32Array, b: Int32Array, f: Uint8Array): number {
  for (let i = 0; i < lastN; i++) {
    a[i] = lastA[i]!;
    b[i] = lastB[i]!;
    f[i] = lastF[i]!;
  }
  return lastN;
}

/**
 * Holds the variables and values of the state last fingerprinted, for `StateRecords.keep`: to
 * call before model code runs on it when it may be kept after (the constraint runs first).
 */
export function holdEntries(): void {
  if (lastN < 0) return;
  let i = 0;
  for (const k in lastState as { readonly [k: string]: Value }) {
    heldKeys[i] = k;
    heldVals[i] = (lastState as { readonly [k: string]: Value })[k] as Value;
    i++;
  }
  held = lastState;
}

/**
 * The entries of the states a search will expand, as each was when it was fingerprinted: a
 * state is kept (`keep`) right after `fingerprintSuccessorHi` hashed it, before any other model
 * code runs on it. Every state of a model has the same number of variables.
 */
export class StateRecords {
  private entries: unknown[] = [];
  private hashes = new Int32Array(64);
  /** Per entry: 1 when its value held something modifiable in place when it was hashed. */
  private modifiable = new Uint8Array(32);
  private width = -1;
  size = 0;

  /** Whether `t` can be kept now: it is the record last passed to `fingerprintSuccessorHi`. */
  canKeep(t: Value): boolean {
    return lastN >= 0 && lastState === t;
  }

  /**
   * Keeps the entries of `t`, the record last passed to `fingerprintSuccessorHi`: its variables
   * as held by `holdEntries`, or else as they are now, when no model code ran on it since.
   */
  keep(t: Value): void {
    if (lastN < 0 || lastState !== t) throw new Error('internal: a state is kept only right after it was fingerprinted');
    if (this.width < 0) this.width = lastN;
    if (lastN !== this.width) throw new Error('internal: states kept with different numbers of variables');
    const at = this.size * lastN;
    this.hashes = grown(this.hashes, 2 * (at + lastN));
    this.modifiable = grown(this.modifiable, at + lastN);
    const entries = this.entries, hashes = this.hashes, modifiable = this.modifiable;
    if (held === t) {
      for (let i = 0; i < lastN; i++) {
        entries[2 * (at + i)] = heldKeys[i];
        entries[2 * (at + i) + 1] = heldVals[i];
      }
      held = undefined;
    } else {
      let i = 0;
      for (const k in t as { readonly [k: string]: Value }) {
        entries[2 * (at + i)] = k;
        entries[2 * (at + i) + 1] = (t as { readonly [k: string]: Value })[k];
        i++;
      }
    }
    for (let i = 0; i < lastN; i++) {
      hashes[2 * (at + i)] = lastA[i]!;
      hashes[2 * (at + i) + 1] = lastB[i]!;
      modifiable[at + i] = lastF[i]!;
    }
    this.size++;
  }

  /**
   * Registers state `index`, `s`, as the parent from its record, without hashing it. False (and
   * nothing registered) when its variables are no longer those recorded: it was modified.
   */
  registerParent(s: Value, index: number): boolean {
    parentN = -1;
    if (!isRecordState(s)) return false;
    const n = this.width, at = index * n, entries = this.entries, hashes = this.hashes, modifiable = this.modifiable;
    parentA = grown(parentA, n);
    parentB = grown(parentB, n);
    parentF = grown(parentF, n);
    let i = 0;
    for (const k in s) {
      if (i === n || entries[2 * (at + i)] !== k) return false;
      parentKeys[i] = k;
      parentVals[i] = entries[2 * (at + i) + 1] as Value;
      parentA[i] = hashes[2 * (at + i)]!;
      parentB[i] = hashes[2 * (at + i) + 1]!;
      parentF[i] = modifiable[at + i]!;
      i++;
    }
    if (i !== n) return false;
    parentN = n;
    return true;
  }

  /**
   * Whether state `index`, `s`, is still as recorded: the same variables holding the same values,
   * those that held something modifiable in place when hashed rehashed (a primitive can only
   * change by a new value, which its reference shows; an immutable.js collection only through a
   * plain value it holds, or while it is still being built, and hashing it said whether it did).
   * With `parentVerifiedAfter`, a value that is the registered parent's very object (in the
   * same variable) is not rehashed: the caller verifies the parent after this, which rehashes it.
   */
  unchanged(s: Value, index: number, parentVerifiedAfter = false): boolean {
    if (!isRecordState(s)) return false;
    const n = this.width, at = index * n, entries = this.entries, hashes = this.hashes, modifiable = this.modifiable;
    let i = 0;
    try {
      for (const k in s) {
        const v = s[k] as Value;
        if (i === n || entries[2 * (at + i)] !== k || entries[2 * (at + i) + 1] !== v) return false;
        if (modifiable[at + i] === 1 && !(parentVerifiedAfter && i < parentN && parentVals[i] === v && parentF[i] === 1)
          && (entryHash(k, v) !== hashes[2 * (at + i)] || lane2 !== hashes[2 * (at + i) + 1])) return false;
        i++;
      }
    } catch {
      return false; // it now holds something that is not a value
    }
    return i === n;
  }

  /** Whether variable `i` of state `index` held something modifiable in place when it was hashed. */
  modifiableAt(index: number, i: number): boolean {
    return this.modifiable[index * this.width + i] === 1;
  }

  /** Whether a value of state `index` held something modifiable in place when it was hashed. */
  holdsModifiable(index: number): boolean {
    const n = this.width, at = index * n;
    for (let i = 0; i < n; i++) if (this.modifiable[at + i] === 1) return true;
    return false;
  }

  /** Empties the records, keeping their storage (states kept from now on may have another number of variables). */
  clear(): void {
    this.entries.length = 0;
    this.size = 0;
    this.width = -1;
  }
}

/** A collection being built with `withMutations`/`asMutable` (immutable.js marks it with an owner). */
function isMutableCollection(v: object): boolean {
  return (v as { __ownerID?: unknown }).__ownerID !== undefined;
}

/** Whether the successor last fingerprinted has its parent's variables, in the same order. */
let keysAsParent = false;
/** The state last passed to `fingerprintSuccessorHi`. */
let lastState: unknown;

/**
 * True when the successor last passed to `fingerprintSuccessorHi` is a plain object with exactly
 * its parent's variable names in the parent's order: the common case, which needs no further
 * check that the action kept the set of variables.
 */
export function successorKeysAsParent(): boolean {
  return keysAsParent;
}

/**
 * Like `fingerprintHi`, reusing the registered parent's hashes of variables the successor shares,
 * and capturing the successor's entries for `StateRecords.keep`.
 */
export function fingerprintSuccessorHi(t: Value): number {
  lastState = t;
  if (!isRecordState(t)) {
    keysAsParent = false;
    lastN = -1;
    return fingerprintHi(t);
  }
  lastN = -1; // until the walk is through: it may throw on a value that is not one
  let sa = 0, sb = 0, i = 0;
  let sameKeys = parentN >= 0;
  for (const k in t) {
    const v = t[k] as Value;
    if (i === lastA.length) {
      lastA = grown(lastA, i);
      lastB = grown(lastB, i);
      lastF = grown(lastF, i);
    }
    let a: number, b: number;
    if (i < parentN && parentKeys[i] === k && parentVals[i] === v) {
      a = parentA[i]!;
      b = parentB[i]!;
      lastF[i] = parentF[i]!;
    } else {
      if (i >= parentN || parentKeys[i] !== k) sameKeys = false;
      a = entryHash(k, v);
      b = lane2;
      lastF[i] = modifiableSeen ? 1 : 0;
    }
    lastA[i] = a;
    lastB[i] = b;
    sa = (sa + a) | 0;
    sb = (sb + b) | 0;
    i++;
  }
  lastN = i;
  keysAsParent = sameKeys && i === parentN;
  const a = fmix(mixA(mixA(mixA(SEED_A, TAG_REC), i), sa));
  lastLo = fmix(mixB(mixB(mixB(SEED_B, TAG_REC), i), sb)) >>> 0;
  return a >>> 0;
}

/** A 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint { readonly hi: number; readonly lo: number }

let lastLo = 0;

/**
 * The high 32 bits of `v`'s fingerprint; `fingerprintLo()` then gives the low 32 bits.
 * Allocation-free, for the checker's inner loop.
 */
export function fingerprintHi(v: Value): number {
  const a = hashValue(v);
  lastLo = lane2 >>> 0;
  return a >>> 0;
}

/** The low 32 bits of the fingerprint computed by the last `fingerprintHi` call. */
export function fingerprintLo(): number {
  return lastLo;
}

/** The fingerprint of a value (allocates; for tests and tools, not the inner loop). */
export function fingerprint(v: Value): Fingerprint {
  const hi = fingerprintHi(v);
  return { hi, lo: lastLo };
}

/** The fingerprint as 16 hex digits. */
export function fingerprintHex(v: Value): string {
  const { hi, lo } = fingerprint(v);
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}
