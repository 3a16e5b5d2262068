// The types of the immutable Records a state holds, for the state encoding. A Record is rebuilt
// by its factory, a function that cannot cross threads or files, so each Record is encoded with a
// descriptor of its type (name, keys, default values) and the decoder maps descriptors back to
// factories: the model's own for every type met in its initial states (learned the same way in
// every thread), otherwise a factory made from the descriptor. immutable.js compares Records by
// keys and values, so either kind of instance is equal to the original, hashes alike and behaves
// alike; only `instanceof` against the model's factory tells them apart. Because what a thread
// knows never depends on what it happened to encode, the result is the same in every thread.
import { Record as IRecord } from 'immutable';
import type { Value } from '../value.ts';
import { kindOf, recordEntries, seqItems } from '../value.ts';
import { ByteReader, ByteWriter } from './byte-buffer.ts';
import { ValueCodec } from './value-codec.ts';

export interface RecordType {
  /** Length-prefixed bytes written before each instance's field values. */
  readonly descriptor: Uint8Array;
  readonly keys: readonly string[];
  readonly factory: (fields: { [k: string]: Value }) => IRecord<any>;
}

interface RecordPrototype {
  readonly _keys: readonly string[];
  readonly _defaultValues: { readonly [k: string]: Value };
  readonly _name?: string;
  readonly constructor: (fields: { [k: string]: Value }) => IRecord<any>;
}

/** A key for a descriptor's bytes (without its length prefix). */
const bytesKey = (bytes: Uint8Array, start: number, end: number): string => {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]!);
  return s;
};

export class RecordTypes {
  /** Encoding side: the type of each Record prototype met. */
  private readonly byProto = new Map<object, RecordType>();
  /** Decoding side: the model's factories, by descriptor. */
  private readonly byKey = new Map<string, RecordType>();

  /** The type of a Record instance, with its descriptor. */
  describe(rec: IRecord<any>): RecordType {
    const proto = Object.getPrototypeOf(rec) as RecordPrototype;
    const known = this.byProto.get(proto);
    if (known) return known;
    const keys = [...proto._keys];
    // Name, keys and default values, as one self-contained plain value.
    const body = new ValueCodec(this).encodeAlone([proto._name ?? '', keys, keys.map((k) => proto._defaultValues[k] as Value)]);
    const descriptor = new ByteWriter(body.length + 4);
    descriptor.uvarint(body.length);
    descriptor.append(body);
    const type: RecordType = { descriptor: descriptor.view().slice(), keys, factory: (fields) => proto.constructor(fields) };
    this.byProto.set(proto, type);
    return type;
  }

  /** Learns the factory of every Record type in `v` (call it with the model's initial states). */
  learn(v: Value): void {
    switch (kindOf(v)) {
      case 'rec':
        if (IRecord.isRecord(v)) {
          const type = this.describe(v as IRecord<any>);
          const r = new ByteReader(type.descriptor);
          const n = r.uvarint();
          this.byKey.set(bytesKey(type.descriptor, r.pos, r.pos + n), type);
        }
        for (const [, x] of recordEntries(v as object)) this.learn(x);
        break;
      case 'seq': for (const x of seqItems(v as readonly Value[])) this.learn(x); break;
      case 'map': (v as unknown as { forEach(f: (x: Value, k: Value) => void): void }).forEach((x, k) => { this.learn(k); this.learn(x); }); break;
      case 'set': (v as unknown as { forEach(f: (x: Value) => void): void }).forEach((x) => { this.learn(x); }); break;
      default: break;
    }
  }

  /** Reads a descriptor at the reader's position and returns its type. */
  read(r: ByteReader): RecordType {
    const n = r.uvarint();
    const start = r.pos;
    r.pos += n;
    const key = bytesKey(r.bytes, start, start + n);
    const known = this.byKey.get(key);
    if (known) return known;
    const [name, keys, defaults] = new ValueCodec(this).decodeAlone(r.bytes.subarray(start, start + n)) as [string, string[], Value[]];
    const factory = IRecord(Object.fromEntries(keys.map((k, i) => [k, defaults[i]])), name === '' ? undefined : name);
    const type: RecordType = { descriptor: r.bytes.slice(start - uvarintLength(n), start + n), keys, factory: (fields) => factory(fields) };
    this.byKey.set(key, type);
    return type;
  }
}

function uvarintLength(n: number): number {
  let len = 1;
  while (n >= 0x80) { n = Math.floor(n / 0x80); len++; }
  return len;
}
