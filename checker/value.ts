// The values a model's state is made of. The engine fingerprints, compares and serialises
// exactly these; anything else in a state is a modelling error reported by `assertValue`.
import { List, Map as IMap, Set as ISet, Record as IRecord, is, isImmutable } from 'immutable';
import { fingerprintHex } from './fingerprint.ts';

/**
 * A state value:
 * - `boolean`, `string`, integer `number` (a safe integer) or `bigint`;
 * - a plain array (a sequence; ITF list) or an immutable `List`;
 * - a plain object (a record; ITF record) or an immutable `Record` instance;
 * - an immutable `Map` (ITF `#map`) or `Set` (ITF `#set`): order of insertion never matters.
 *
 * Elements of immutable Sets and keys of immutable Maps are compared by immutable.js, which
 * compares plain objects and arrays by reference: inside them use primitives or immutable
 * values (List, Map, Set, Record), never plain objects or arrays.
 */
export type Value =
  | boolean
  | number
  | bigint
  | string
  | readonly Value[]
  | { readonly [field: string]: Value }
  | List<Value>
  | IMap<Value, Value>
  | ISet<Value>
  | IRecord<any>;

export type ValueKind = 'bool' | 'int' | 'bigint' | 'str' | 'seq' | 'rec' | 'map' | 'set';

/** The kind of a value, or undefined when it is not a Value. */
export function kindOf(v: unknown): ValueKind | undefined {
  switch (typeof v) {
    case 'boolean': return 'bool';
    case 'number': return Number.isSafeInteger(v) ? 'int' : undefined;
    case 'bigint': return 'bigint';
    case 'string': return 'str';
    case 'object': {
      if (v === null) return undefined;
      if (Array.isArray(v)) return 'seq';
      if (isImmutable(v)) {
        if (IMap.isMap(v)) return 'map';
        if (ISet.isSet(v)) return 'set';
        if (List.isList(v)) return 'seq';
        if (IRecord.isRecord(v)) return 'rec';
        return undefined;
      }
      if (IRecord.isRecord(v)) return 'rec';
      const proto = Object.getPrototypeOf(v);
      return proto === Object.prototype || proto === null ? 'rec' : undefined;
    }
    default: return undefined;
  }
}

/** Entries of a record value, in field-name order (the canonical order). */
export function recordEntries(v: object): [string, Value][] {
  const obj: Record<string, Value> = IRecord.isRecord(v) ? (v as IRecord<any>).toObject() : (v as Record<string, Value>);
  return Object.keys(obj).sort().map((k) => [k, obj[k] as Value]);
}

/** Elements of a sequence value. */
export function seqItems(v: readonly Value[] | List<Value>): readonly Value[] {
  return Array.isArray(v) ? v : (v as List<Value>).toArray();
}

/**
 * Why `v` is not a Value, naming the path to the first offending part (`msgs[3].at`), or
 * undefined when it is one. Cycles are named too, rather than overflowing the stack. This is
 * the slow, explaining walk: the fingerprint walk refuses the same values without the path.
 */
export function valueProblem(v: unknown, path: string): string | undefined {
  return problemIn(v, path, new Map());
}

/** `enclosing`: the objects being walked, with their paths. */
function problemIn(v: unknown, path: string, enclosing: Map<object, string>): string | undefined {
  const kind = kindOf(v);
  if (kind === undefined) {
    const what = typeof v === 'number' ? `the non-integer number ${v}` : v === null ? 'null' : v === undefined ? 'undefined' : `a ${typeof v === 'object' ? (Object.getPrototypeOf(v)?.constructor?.name ?? 'object') : typeof v}`;
    return `${path} is ${what}, which is not a state value (booleans, integers, strings, arrays, plain objects and immutable List/Map/Set/Record)`;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const outer = enclosing.get(v);
  if (outer !== undefined) return `${path} is ${outer} again (a cycle), which no state value holds`;
  enclosing.set(v, path);
  let problem: string | undefined;
  const visit = (x: unknown, p: string): boolean => (problem = problemIn(x, p, enclosing)) !== undefined;
  switch (kind) {
    case 'seq': seqItems(v as readonly Value[]).some((x, i) => visit(x, `${path}[${i}]`)); break;
    case 'rec': recordEntries(v as object).some(([k, x]) => visit(x, `${path}.${k}`)); break;
    case 'map': [...(v as IMap<unknown, unknown>).entries()].some(([k, x]) => visit(k, `${path} key`) || visit(x, `${path}[${String(k)}]`)); break;
    case 'set': [...(v as ISet<unknown>)].some((x) => visit(x, `${path} element`)); break;
    default: break;
  }
  enclosing.delete(v);
  return problem;
}

/** Throws a descriptive error naming `path` when `v` is not a Value. */
export function assertValue(v: unknown, path: string): asserts v is Value {
  const problem = valueProblem(v, path);
  if (problem !== undefined) throw new TypeError(problem);
}

/** Structural equality of two values (immutable collections compare by content, any order). */
export function valueEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  switch (ka) {
    case 'seq': {
      const xa = seqItems(a as readonly Value[]);
      const xb = seqItems(b as readonly Value[]);
      return xa.length === xb.length && xa.every((x, i) => valueEquals(x, xb[i] as Value));
    }
    case 'rec': {
      const ea = recordEntries(a as object);
      const eb = recordEntries(b as object);
      return ea.length === eb.length && ea.every(([k, x], i) => k === eb[i]![0] && valueEquals(x, eb[i]![1]));
    }
    case 'map': {
      const ma = a as IMap<Value, Value>;
      const mb = b as IMap<Value, Value>;
      if (ma.size !== mb.size) return false;
      if (is(ma, mb)) return true; // immutable.js's equality is exact when it says yes
      return sameElements([...ma.entries()], [...mb.entries()], ([k, x], [k2, y]) => valueEquals(k, k2) && valueEquals(x, y));
    }
    case 'set': {
      const sa = a as ISet<Value>;
      const sb = b as ISet<Value>;
      if (sa.size !== sb.size) return false;
      if (is(sa, sb)) return true;
      return sameElements([...sa], [...sb], valueEquals);
    }
    default: return false; // primitives: `===` above already said no
  }
}

/** Below this size, comparing every pair is cheaper than bucketing by fingerprint. */
const PAIRWISE_LIMIT = 16;

/**
 * Whether every element of `xs` equals some element of `ys` (same length, no duplicates: the
 * elements of a set or the entries of a map). Large collections are bucketed by fingerprint,
 * so the comparison takes linear time instead of quadratic.
 */
function sameElements<T extends Value>(xs: readonly T[], ys: readonly T[], eq: (x: T, y: T) => boolean): boolean {
  if (xs.length <= PAIRWISE_LIMIT) return xs.every((x) => ys.some((y) => eq(x, y)));
  const buckets = new Map<string, T[]>();
  for (const y of ys) {
    const key = fingerprintHex(y);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(y);
    else buckets.set(key, [y]);
  }
  return xs.every((x) => buckets.get(fingerprintHex(x))?.some((y) => eq(x, y)) ?? false);
}

/** Deep-freezes plain arrays and objects in a value (immutable collections are already immutable). */
export function deepFreeze<V extends Value>(v: V): V {
  switch (kindOf(v)) {
    case 'seq':
      if (Array.isArray(v)) Object.freeze(v);
      seqItems(v as readonly Value[]).forEach(deepFreeze);
      break;
    case 'rec':
      if (!IRecord.isRecord(v)) Object.freeze(v);
      for (const [, x] of recordEntries(v as object)) deepFreeze(x);
      break;
    case 'map':
      (v as IMap<Value, Value>).forEach((x, k) => { deepFreeze(k); deepFreeze(x); });
      break;
    case 'set':
      (v as ISet<Value>).forEach((x) => { deepFreeze(x); });
      break;
    default:
      break;
  }
  return v;
}

/**
 * A copy of `v` that shares nothing model code could modify: plain arrays and objects are copied
 * at every depth; immutable collections are kept unless they hold plain values.
 */
export function cloneValue<V extends Value>(v: V): V {
  if (isImmutable(v) && (v as { __ownerID?: unknown }).__ownerID !== undefined) return cloneMutable(v as object) as V;
  switch (kindOf(v)) {
    case 'seq':
      if (Array.isArray(v)) return (v as readonly Value[]).map(cloneValue) as unknown as V;
      return cloneEntries(v as unknown as List<Value>) as unknown as V;
    case 'rec':
      if (IRecord.isRecord(v)) return cloneEntries(v as unknown as IRecord<any>) as unknown as V;
      return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, cloneValue(x as Value)])) as V;
    case 'map': return cloneEntries(v as unknown as IMap<Value, Value>) as unknown as V;
    case 'set': {
      const set = v as unknown as ISet<Value>;
      return (set.some((x) => cloneValue(x) !== x) ? set.map(cloneValue) : set) as unknown as V;
    }
    default: return v;
  }
}

/** An immutable List, Map or Record with its plain members copied (itself when it has none). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- List, Map and Record share set(k, v)
function cloneEntries(c: any): any {
  let out = c;
  const entries: [unknown, unknown][] = IRecord.isRecord(c) ? Object.entries((c as IRecord<any>).toObject()) : [...(c as IMap<unknown, Value>).entries()];
  for (const [k, x] of entries) {
    const copy = cloneValue(x as Value);
    if (copy !== x) out = out.set(k, copy);
  }
  return out;
}

/**
 * A copy of a collection left mutable (`asMutable`), itself mutable, so that code modifying the
 * original in place modifies the copy the same way.
 */
function cloneMutable(v: object): unknown {
  if (List.isList(v)) return List((v as List<Value>).toArray().map(cloneValue)).asMutable();
  if (ISet.isSet(v)) return ISet((v as ISet<Value>).toArray().map(cloneValue)).asMutable();
  if (IMap.isMap(v)) return IMap([...(v as IMap<Value, Value>).entries()].map(([k, x]) => [cloneValue(k), cloneValue(x)])).asMutable();
  return v;
}
