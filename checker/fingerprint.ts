// 64-bit fingerprints of state values, computed in one walk without building an encoding.
//
// The fingerprint is a function of the value alone: records, maps and sets combine their
// entries' hashes with a commutative sum, so the order in which fields, keys or elements were
// inserted never matters, while sequences hash in order. Each entry's hash is finalised before
// it is summed so that sums of different entry sets do not cancel. The two 32-bit lanes use
// different seeds and multipliers, giving a 64-bit fingerprint from 32-bit integer arithmetic
// (Math.imul), which is what V8 makes fast.
import { List, Map as IMap, Set as ISet, Record as IRecord, isImmutable } from 'immutable';
import type { Value } from './value.ts';
import { ModelError } from './errors.ts';

/** Second lane of the last hash computed (the first lane is the return value): avoids allocating a pair. */
let lane2 = 0;

const TAG_FALSE = 0x01, TAG_TRUE = 0x02, TAG_INT = 0x03, TAG_BIGINT = 0x04, TAG_STR = 0x05;
const TAG_SEQ = 0x06, TAG_REC = 0x07, TAG_MAP = 0x08, TAG_SET = 0x09;

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

function hashString(s: string, a: number, b: number): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    a = mixA(a, c);
    b = mixB(b, c);
  }
  a = mixA(a, n);
  lane2 = mixB(b, n);
  return a;
}

function hashInt(v: number, a: number, b: number): number {
  const lo = v | 0;
  const hi = Math.floor(v / 4294967296) | 0;
  a = mixA(mixA(a, lo), hi);
  lane2 = mixB(mixB(b, lo), hi);
  return a;
}

/** Hash of `v`, chained from lanes (a, b): returns lane 1 and leaves lane 2 in `lane2`. */
function hashInto(v: Value, a: number, b: number): number {
  switch (typeof v) {
    case 'string': return hashString(v, mixA(a, TAG_STR), mixB(b, TAG_STR));
    case 'number':
      if (!Number.isSafeInteger(v)) throw new ModelError(`state holds the non-integer number ${v}`);
      return hashInt(v, mixA(a, TAG_INT), mixB(b, TAG_INT));
    case 'boolean': {
      const t = v ? TAG_TRUE : TAG_FALSE;
      lane2 = mixB(b, t);
      return mixA(a, t);
    }
    case 'bigint': return hashString(v.toString(16), mixA(a, TAG_BIGINT), mixB(b, TAG_BIGINT));
    case 'object': {
      if (Array.isArray(v)) {
        a = mixA(a, TAG_SEQ); b = mixB(b, TAG_SEQ);
        const n = v.length;
        for (let i = 0; i < n; i++) { a = hashInto(v[i] as Value, a, b); b = lane2; }
        lane2 = mixB(b, n);
        return mixA(a, n);
      }
      if (isImmutable(v)) return hashImmutable(v, a, b);
      if (v === null || (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null)) {
        throw new ModelError(`state holds ${v === null ? 'null' : `a ${(v as object).constructor?.name ?? 'object'}`}, which is not a state value`);
      }
      return hashRecord(v as { readonly [k: string]: Value }, a, b);
    }
    default:
      throw new ModelError(`state holds ${v === undefined ? 'undefined' : `a ${typeof v}`}, which is not a state value`);
  }
}

/** Records hash like maps from field name to value: field order is irrelevant. */
function hashRecord(obj: { readonly [k: string]: Value }, a: number, b: number): number {
  let sa = 0, sb = 0, n = 0;
  for (const k in obj) {
    const ka = hashString(k, 0x3c6ef372, 0x1f83d9ab);
    const va = hashInto(obj[k] as Value, ka, lane2);
    sa = (sa + fmix(va)) | 0;
    sb = (sb + fmix(lane2 ^ 0x5be0cd19)) | 0;
    n++;
  }
  a = mixA(mixA(mixA(a, TAG_REC), n), sa);
  lane2 = mixB(mixB(mixB(b, TAG_REC), n), sb);
  return a;
}

function hashImmutable(v: object, a: number, b: number): number {
  if (IMap.isMap(v)) {
    let sa = 0, sb = 0;
    (v as IMap<Value, Value>).forEach((val, key) => {
      const ka = hashInto(key, 0x3c6ef372, 0x1f83d9ab);
      const va = hashInto(val, ka, lane2);
      sa = (sa + fmix(va)) | 0;
      sb = (sb + fmix(lane2 ^ 0x5be0cd19)) | 0;
    });
    const n = (v as IMap<Value, Value>).size;
    a = mixA(mixA(mixA(a, TAG_MAP), n), sa);
    lane2 = mixB(mixB(mixB(b, TAG_MAP), n), sb);
    return a;
  }
  if (ISet.isSet(v)) {
    let sa = 0, sb = 0;
    (v as ISet<Value>).forEach((x) => {
      const xa = hashInto(x, 0x6a09e667, 0x510e527f);
      sa = (sa + fmix(xa)) | 0;
      sb = (sb + fmix(lane2 ^ 0x5be0cd19)) | 0;
    });
    const n = (v as ISet<Value>).size;
    a = mixA(mixA(mixA(a, TAG_SET), n), sa);
    lane2 = mixB(mixB(mixB(b, TAG_SET), n), sb);
    return a;
  }
  if (List.isList(v)) {
    a = mixA(a, TAG_SEQ); b = mixB(b, TAG_SEQ);
    (v as List<Value>).forEach((x) => { a = hashInto(x, a, b); b = lane2; });
    const n = (v as List<Value>).size;
    lane2 = mixB(b, n);
    return mixA(a, n);
  }
  if (IRecord.isRecord(v)) return hashRecord((v as IRecord<any>).toObject() as { [k: string]: Value }, a, b);
  throw new ModelError(`state holds an immutable ${(v as object).constructor?.name ?? 'collection'}, which is not a state value (use List, Map, Set or Record)`);
}

/** A 64-bit fingerprint as two unsigned 32-bit halves. */
export interface Fingerprint { readonly hi: number; readonly lo: number }

/**
 * Fingerprints `v` and passes both 32-bit halves to `sink` without allocating: the checker's
 * inner loop calls this once per generated state.
 */
export function fingerprintInto<R>(v: Value, sink: (hi: number, lo: number) => R): R {
  const a = fmix(hashInto(v, 0x9e3779b9, 0x7f4a7c15));
  const b = fmix(lane2);
  return sink(a >>> 0, b >>> 0);
}

let lastLo = 0;

/**
 * The high 32 bits of `v`'s fingerprint; `fingerprintLo()` then gives the low 32 bits.
 * Allocation-free, for the checker's inner loop.
 */
export function fingerprintHi(v: Value): number {
  const a = fmix(hashInto(v, 0x9e3779b9, 0x7f4a7c15));
  lastLo = fmix(lane2) >>> 0;
  return a >>> 0;
}

/** The low 32 bits of the fingerprint computed by the last `fingerprintHi` call. */
export function fingerprintLo(): number {
  return lastLo;
}

/** The fingerprint of a value (allocates; for tests and tools, not the inner loop). */
export function fingerprint(v: Value): Fingerprint {
  return fingerprintInto(v, (hi, lo) => ({ hi, lo }));
}

/** The fingerprint as 16 hex digits. */
export function fingerprintHex(v: Value): string {
  return fingerprintInto(v, (hi, lo) => hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0'));
}
