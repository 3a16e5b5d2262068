// A compact, deterministic byte encoding of state values, so that the search can hold its
// frontier in typed arrays instead of objects and move states between threads as bytes.
//
// decode(encode(v)) is a value equal to v (valueEquals, same fingerprint) that also iterates in
// the same order: plain objects keep their key order, and immutable maps and sets are rebuilt by
// inserting their entries in the order the original iterates them. Model code iterates states
// (`for (const [rm, st] of s.rmState)`), and that order decides which of two equally short
// traces the search finds first, so it must survive the round trip.
//
// Strings are numbers into a dictionary kept beside the encodings (one per segment of a level):
// states repeat a few names many times, and decoding then makes each string once per segment,
// not once per occurrence. Immutable Records carry their type (name, keys, default values), see
// record-types.ts for how a decoder finds the factory.
import { List, Map as IMap, OrderedMap, OrderedSet, Set as ISet, Record as IRecord, isImmutable } from 'immutable';
import type { Value } from '../value.ts';
import { ModelError } from '../errors.ts';
import { ByteReader, ByteWriter } from './byte-buffer.ts';
import { RecordTypes } from './record-types.ts';
import { forgetMemoizedHashes, memoizeHash } from '../fingerprint.ts';
import { BytesTable } from './bytes-table.ts';
import {
  immutableEnd, T_ARRAY, T_ASCII, T_BIGINT, T_FALSE, T_INT, T_LIST, T_MAP, T_NEG_INT, T_NULL_PROTO,
  T_OBJECT, T_ORDERED_MAP, T_ORDERED_SET, T_POS_INT, T_RECORD, T_SET, T_STR_REF, T_TRUE, T_UTF16,
} from './tags.ts';
/** Below this magnitude an integer is zigzag-coded (twice it is still exact in a double). */
const ZIGZAG_LIMIT = 2 ** 51;

const MAP_PROTO = Object.getPrototypeOf(IMap());
const SET_PROTO = Object.getPrototypeOf(ISet());
const LIST_PROTO = Object.getPrototypeOf(List());

/** The strings of a run of encodings, numbered in order of first use. */
export class StringDictionary {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];

  get size(): number { return this.list.length; }

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(s, id);
      this.list.push(s);
    }
    return id;
  }

  /**
   * Whether this dictionary numbers `strings` (a dictionary's strings, by number) as they are
   * numbered there: then bytes encoded under those strings are also bytes under this dictionary.
   */
  extends(strings: readonly string[]): boolean {
    if (strings.length > this.list.length) return false;
    for (let i = 0; i < strings.length; i++) if (this.list[i] !== strings[i]) return false;
    return true;
  }

  /** The strings, by number. */
  strings(): string[] {
    return this.list.slice();
  }

  /** The dictionary as bytes (read back by `readDictionary`). */
  write(w: ByteWriter): void {
    w.uvarint(this.list.length);
    for (const s of this.list) writeStringBytes(s, w);
  }
}

/** The strings of a dictionary written by `StringDictionary.write`, by number. */
function readDictionary(r: ByteReader): string[] {
  const n = r.uvarint();
  const out = new Array<string>(n);
  for (let i = 0; i < n; i++) out[i] = readStringBytes(r, r.byte());
  return out;
}

/**
 * The variables of a state (a plain object) as `decode` found them in its bytes: per variable its
 * name, its value as decoded, and where its entry (name, then value) and its value start; `count`
 * -1 when the state decoded last was not a plain object. A successor that shares a variable's
 * value with this state reuses the variable's bytes (`encode`), and verifying this state after
 * model code ran on it needs to encode again only the values that could be modified in place.
 */
export class StateEntries {
  count = -1;
  keys: string[] = [];
  values: Value[] = [];
  /** Entry i is bytes [entryStarts[i], entryStarts[i + 1]); its value starts at valueStarts[i]. */
  entryStarts = new Int32Array(33);
  valueStarts = new Int32Array(32);
  bytes: Uint8Array = new Uint8Array(0);

  reserve(n: number): void {
    if (n < this.valueStarts.length) return;
    this.entryStarts = new Int32Array(2 * n + 1);
    this.valueStarts = new Int32Array(2 * n);
  }
}

/** Encodes and decodes values; one per thread (it caches record-type lookups). */
export class ValueCodec {
  private dictionary: StringDictionary = new StringDictionary();
  private strings: readonly string[] = [];
  /** Immutable collections decoded under `strings`, shared by the states that hold them. */
  private readonly decoded = new BytesTable();
  private readonly decodedValues: Value[] = [];

  constructor(readonly recordTypes: RecordTypes = new RecordTypes()) {}

  /**
   * Appends `v`'s encoding to `w`, its strings numbered in `dictionary`. With `base`, a state
   * decoded from bytes whose strings `dictionary` numbers alike (see `StringDictionary.extends`),
   * a variable of `v` holding the very value `base` decoded for it in the same place is copied as
   * bytes: the same bytes encoding it anew would give.
   */
  encode(v: Value, w: ByteWriter, dictionary: StringDictionary, base?: StateEntries): void {
    this.dictionary = dictionary;
    if (base !== undefined && base.count >= 0 && typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
      this.writeObject(v as { readonly [k: string]: Value }, T_OBJECT, w, base);
      return;
    }
    this.write(v, w);
  }

  /**
   * The value encoded in `bytes` from `start`, whose strings are `strings`. Plain arrays and
   * objects are not frozen: sloppy-mode code would write to them silently in vain, so the search
   * encodes a state again after model code ran on it instead (parallel/unchanged-check.ts).
   */
  decode(bytes: Uint8Array, start: number, strings: readonly string[], entries?: StateEntries): Value {
    if (strings !== this.strings) {
      this.strings = strings;
      this.forgetShared();
    }
    const r = new ByteReader(bytes, start);
    if (entries === undefined) return this.read(r);
    entries.count = -1;
    if (bytes[start] !== T_OBJECT) return this.read(r);
    r.pos++;
    const n = r.uvarint();
    entries.reserve(n);
    const obj: { [k: string]: Value } = {};
    for (let i = 0; i < n; i++) {
      entries.entryStarts[i] = r.pos;
      const k = this.readString(r, r.byte());
      entries.valueStarts[i] = r.pos;
      const v = this.read(r);
      obj[k] = v;
      entries.keys[i] = k;
      entries.values[i] = v;
    }
    entries.entryStarts[n] = r.pos;
    entries.bytes = bytes;
    entries.count = n;
    return obj;
  }

  /** A self-contained encoding of one value: its dictionary, then the value. */
  encodeAlone(v: Value): Uint8Array {
    const dictionary = new StringDictionary();
    const body = new ByteWriter(64);
    this.encode(v, body, dictionary);
    const w = new ByteWriter(body.length + 16);
    dictionary.write(w);
    w.append(body.view());
    return w.view().slice();
  }

  /** The value of an `encodeAlone` encoding. */
  decodeAlone(bytes: Uint8Array): Value {
    const r = new ByteReader(bytes);
    const strings = readDictionary(r);
    return this.decode(bytes, r.pos, strings);
  }

  private write(v: Value, w: ByteWriter): void {
    switch (typeof v) {
      case 'boolean': w.byte(v ? T_TRUE : T_FALSE); return;
      case 'number':
        if (!Number.isSafeInteger(v)) throw new ModelError(`state holds the non-integer number ${v}`);
        if (Math.abs(v) < ZIGZAG_LIMIT) { w.byte(T_INT); w.svarint(v); return; }
        // Near 2^53 doubling would round: the sign goes in the tag instead.
        w.byte(v < 0 ? T_NEG_INT : T_POS_INT); w.uvarint(Math.abs(v)); return;
      case 'string': this.writeString(v, w); return;
      case 'bigint': {
        w.byte(T_BIGINT);
        this.writeString(v.toString(16), w);
        return;
      }
      case 'object': {
        if (v === null) throw new ModelError('state holds null, which is not a state value');
        const proto = Object.getPrototypeOf(v);
        if (proto === Object.prototype || proto === null) {
          this.writeObject(v as { readonly [k: string]: Value }, proto === null ? T_NULL_PROTO : T_OBJECT, w);
          return;
        }
        if (Array.isArray(v)) {
          w.byte(T_ARRAY);
          w.uvarint(v.length);
          for (const x of v) this.write(x as Value, w);
          return;
        }
        if (proto === MAP_PROTO || (isImmutable(v) && IMap.isMap(v))) {
          const m = v as IMap<Value, Value>;
          w.byte(OrderedMap.isOrderedMap(m) ? T_ORDERED_MAP : T_MAP);
          w.uvarint(m.size);
          m.forEach((x, k) => { this.write(k, w); this.write(x, w); });
          return;
        }
        if (proto === SET_PROTO || (isImmutable(v) && ISet.isSet(v))) {
          const s = v as ISet<Value>;
          w.byte(OrderedSet.isOrderedSet(s) ? T_ORDERED_SET : T_SET);
          w.uvarint(s.size);
          s.forEach((x) => { this.write(x, w); });
          return;
        }
        if (proto === LIST_PROTO || List.isList(v)) {
          const l = v as List<Value>;
          w.byte(T_LIST);
          w.uvarint(l.size);
          l.forEach((x) => { this.write(x, w); });
          return;
        }
        if (IRecord.isRecord(v)) {
          w.byte(T_RECORD);
          const type = this.recordTypes.describe(v as IRecord<any>);
          w.append(type.descriptor);
          for (const k of type.keys) this.write((v as IRecord<any>).get(k) as Value, w);
          return;
        }
        throw new ModelError(`state holds a ${(v as object).constructor?.name ?? 'object'}, which is not a state value`);
      }
      default:
        throw new ModelError(`state holds ${v === undefined ? 'undefined' : `a ${typeof v}`}, which is not a state value`);
    }
  }

  /**
   * A plain object: its key count, then key and value in key order. The count is written after
   * the entries, in a byte kept for it (or the entries move up when it needs more), so that no
   * key array is allocated: states are mostly small objects.
   */
  private writeObject(obj: { readonly [k: string]: Value }, tag: number, w: ByteWriter, base?: StateEntries): void {
    w.byte(tag);
    const countAt = w.length;
    w.byte(0);
    let n = 0;
    for (const k in obj) {
      const v = obj[k] as Value;
      if (base !== undefined && n < base.count && base.keys[n] === k && base.values[n] === v) {
        const from = base.entryStarts[n]!, to = base.entryStarts[n + 1]!;
        w.reserve(to - from);
        const src = base.bytes, dst = w.bytes;
        let p = w.length;
        for (let i = from; i < to; i++) dst[p++] = src[i]!;
        w.length = p;
      } else {
        this.writeString(k, w);
        this.write(v, w);
      }
      n++;
    }
    if (n < 0x80) { w.bytes[countAt] = n; return; }
    const entries = w.bytes.slice(countAt + 1, w.length);
    w.length = countAt;
    w.uvarint(n);
    w.append(entries);
  }

  private writeString(s: string, w: ByteWriter): void {
    w.byte(T_STR_REF);
    w.uvarint(this.dictionary.id(s));
  }

  private read(r: ByteReader): Value {
    const tag = r.bytes[r.pos]!;
    // T_LIST .. T_ORDERED_SET: the immutable.js collections.
    if (tag >= T_LIST && tag <= T_ORDERED_SET) return this.readShared(r);
    return this.readFresh(r);
  }

  /**
   * A collection that may be shared: the one decoded before from the same bytes, when it holds
   * only primitives and immutable collections. A level's states repeat the same small maps and
   * sets thousands of times, and rebuilding an immutable.js collection entry by entry costs far
   * more than recognising its bytes. Nothing model code could modify in place is shared (a plain
   * object or array is decoded anew every time), and an immutable collection cannot be changed
   * through its API (`asMutable` copies); equal bytes decode to equal values iterating in the
   * same order, so sharing changes nothing a model can observe but identity.
   */
  private readShared(r: ByteReader): Value {
    const bytes = r.bytes, start = r.pos;
    const end = immutableEnd(bytes, start);
    if (end < 0) return this.readFresh(r);
    const known = this.decoded.indexOf(bytes, start, end);
    if (known >= 0) {
      r.pos = end;
      return this.decodedValues[known]!;
    }
    const v = this.readFresh(r);
    if (this.decoded.full) this.forgetShared();
    this.decodedValues[this.decoded.add(bytes, start, end)] = v;
    // Hashed once here: every state that holds it would hash it again.
    memoizeHash(v);
    return v;
  }

  /** Stops sharing what was decoded: the values, and the hashes kept for them, are released. */
  private forgetShared(): void {
    this.decoded.clear();
    this.decodedValues.length = 0;
    forgetMemoizedHashes();
  }

  private readFresh(r: ByteReader): Value {
    const tag = r.byte();
    switch (tag) {
      case T_FALSE: return false;
      case T_TRUE: return true;
      case T_INT: return r.svarint();
      case T_POS_INT: return r.uvarint();
      case T_NEG_INT: return -r.uvarint();
      case T_BIGINT: {
        const hex = this.readString(r, r.byte());
        return hex.startsWith('-') ? -BigInt(`0x${hex.slice(1)}`) : BigInt(`0x${hex}`);
      }
      case T_STR_REF: return this.readString(r, tag);
      case T_OBJECT: case T_NULL_PROTO: {
        const n = r.uvarint();
        const obj: { [k: string]: Value } = tag === T_OBJECT ? {} : Object.create(null);
        for (let i = 0; i < n; i++) {
          const k = this.readString(r, r.byte());
          obj[k] = this.read(r);
        }
        return obj;
      }
      case T_ARRAY: {
        const n = r.uvarint();
        const a: Value[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.read(r);
        return a;
      }
      case T_LIST: {
        const n = r.uvarint();
        const a: Value[] = new Array(n);
        for (let i = 0; i < n; i++) a[i] = this.read(r);
        return List(a);
      }
      // Built by inserting in order, as IMap(entries) and ISet(items) would, without their
      // intermediate pairs and sequence wrappers: a map or a set decoded is the same value,
      // iterating in the same order.
      case T_MAP: case T_ORDERED_MAP: {
        const n = r.uvarint();
        const m = (tag === T_MAP ? IMap<Value, Value>() : OrderedMap<Value, Value>()).asMutable();
        for (let i = 0; i < n; i++) {
          const k = this.read(r);
          m.set(k, this.read(r));
        }
        return m.asImmutable();
      }
      case T_SET: case T_ORDERED_SET: {
        const n = r.uvarint();
        const s = (tag === T_SET ? ISet<Value>() : OrderedSet<Value>()).asMutable();
        for (let i = 0; i < n; i++) s.add(this.read(r));
        return s.asImmutable();
      }
      case T_RECORD: {
        const type = this.recordTypes.read(r);
        const fields: { [k: string]: Value } = {};
        for (const k of type.keys) fields[k] = this.read(r);
        return type.factory(fields) as Value;
      }
      default:
        throw new Error(`corrupt state encoding: tag ${tag} at byte ${r.pos - 1}`);
    }
  }

  private readString(r: ByteReader, tag: number): string {
    if (tag !== T_STR_REF) throw new Error(`corrupt state encoding: expected a string at byte ${r.pos - 1}`);
    return this.strings[r.uvarint()]!;
  }
}

function writeStringBytes(s: string, w: ByteWriter): void {
  const n = s.length;
  let ascii = true;
  for (let i = 0; i < n; i++) if (s.charCodeAt(i) >= 0x80) { ascii = false; break; }
  w.byte(ascii ? T_ASCII : T_UTF16);
  w.uvarint(n);
  // UTF-16 code units as they are: lone surrogates survive, which UTF-8 would not promise.
  w.reserve(ascii ? n : 2 * n);
  const bytes = w.bytes;
  let p = w.length;
  if (ascii) for (let i = 0; i < n; i++) bytes[p++] = s.charCodeAt(i);
  else for (let i = 0; i < n; i++) { const c = s.charCodeAt(i); bytes[p++] = c & 0xff; bytes[p++] = c >>> 8; }
  w.length = p;
}

function readStringBytes(r: ByteReader, tag: number): string {
  const n = r.uvarint();
  const bytes = r.bytes;
  let p = r.pos;
  let s: string;
  if (tag === T_ASCII) {
    s = latin1(bytes, p, n);
    p += n;
  } else if (tag === T_UTF16) {
    const units = new Array<number>(n);
    for (let i = 0; i < n; i++, p += 2) units[i] = bytes[p]! | (bytes[p + 1]! << 8);
    s = String.fromCharCode.apply(null, units);
  } else {
    throw new Error(`corrupt string dictionary: tag ${tag} at byte ${r.pos - 1}`);
  }
  r.pos = p;
  return s;
}

function latin1(bytes: Uint8Array, start: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(start + i, start + Math.min(n, i + 4096)) as unknown as number[]);
  return s;
}
