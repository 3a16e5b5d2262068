// Values <-> ITF JSON (the Informal Trace Format of Apalache and Quint).
// Sets and maps are written in a canonical order so that equal states give identical bytes.
import { List, Map as IMap, Set as ISet, Record as IRecord } from 'immutable';
import { kindOf, recordEntries, seqItems, type Value } from '../checker/value.ts';

export type ItfJson =
  | boolean
  | number
  | string
  | ItfJson[]
  | { [key: string]: ItfJson };

const compareJson = (a: ItfJson, b: ItfJson): number => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** The ITF form of a state value. */
export function toItf(v: Value): ItfJson {
  switch (kindOf(v)) {
    case 'bool': case 'str': return v as boolean | string;
    case 'int': return v as number;
    case 'bigint': return { '#bigint': (v as bigint).toString() };
    case 'seq': return seqItems(v as readonly Value[]).map(toItf);
    case 'rec': {
      const out: { [k: string]: ItfJson } = {};
      for (const [k, x] of recordEntries(v as object)) out[k] = toItf(x);
      return out;
    }
    case 'map': {
      const entries: ItfJson[] = [...(v as IMap<Value, Value>).entries()].map(([k, x]) => [toItf(k), toItf(x)]);
      return { '#map': entries.sort(compareJson) };
    }
    case 'set': return { '#set': [...(v as ISet<Value>)].map(toItf).sort(compareJson) };
    default: throw new TypeError(`not a state value: ${String(v)}`);
  }
}

/** Longer #bigint strings are refused: parsing them costs time quadratic in their length. */
const MAX_BIGINT_DIGITS = 10_000;

/** Why an ITF value could not be read, with the JSON path where it went wrong. */
export class ItfValueError extends Error {
  override readonly name = 'ItfValueError';
}

/**
 * The state value an ITF JSON value denotes. Plain JSON numbers must be safe integers
 * (larger ones must be written as `#bigint`); `#tup` becomes a sequence; `#bigint` becomes a
 * bigint.
 */
export function fromItf(j: unknown, path = '$'): Value {
  switch (typeof j) {
    case 'boolean': case 'string': return j;
    case 'number':
      if (!Number.isSafeInteger(j)) throw new ItfValueError(`${path}: ${j} is not an integer within 2^53 (write larger integers as {"#bigint": "..."})`);
      return j;
    case 'object': {
      if (j === null) throw new ItfValueError(`${path}: null is not an ITF value`);
      if (Array.isArray(j)) return j.map((x, i) => fromItf(x, `${path}[${i}]`));
      const obj = j as Record<string, unknown>;
      const tags = Object.keys(obj).filter((k) => k.startsWith('#'));
      if (tags.length === 0) {
        const out: Record<string, Value> = {};
        for (const k of Object.keys(obj)) setField(out, k, fromItf(obj[k], `${path}.${k}`));
        return out;
      }
      if (tags.length !== 1 || Object.keys(obj).length !== 1) throw new ItfValueError(`${path}: an object with a # tag must have exactly one key, found ${Object.keys(obj).join(', ')}`);
      const tag = tags[0]!;
      const body = obj[tag];
      switch (tag) {
        case '#bigint': {
          if (typeof body !== 'string' || !/^-?\d+$/.test(body)) throw new ItfValueError(`${path}: #bigint needs a string of decimal digits`);
          if (body.length > MAX_BIGINT_DIGITS) throw new ItfValueError(`${path}: #bigint has more than ${MAX_BIGINT_DIGITS} digits`);
          // Always a bigint, even when small: a model's bigint 5n and number 5 are different
          // values (and fingerprints), and dropcheck writes only bigints as #bigint.
          return BigInt(body);
        }
        case '#tup':
          if (!Array.isArray(body)) throw new ItfValueError(`${path}: #tup needs an array`);
          return body.map((x, i) => fromItf(x, `${path}.#tup[${i}]`));
        case '#set':
          if (!Array.isArray(body)) throw new ItfValueError(`${path}: #set needs an array`);
          return ISet(body.map((x, i) => fromImmutableElement(fromItf(x, `${path}.#set[${i}]`))));
        case '#map':
          if (!Array.isArray(body)) throw new ItfValueError(`${path}: #map needs an array of [key, value] pairs`);
          return IMap(body.map((pair, i) => {
            if (!Array.isArray(pair) || pair.length !== 2) throw new ItfValueError(`${path}.#map[${i}]: expected a [key, value] pair`);
            return [fromImmutableElement(fromItf(pair[0], `${path}.#map[${i}][0]`)), fromItf(pair[1], `${path}.#map[${i}][1]`)] as [Value, Value];
          }));
        case '#unserializable':
          if (typeof body !== 'string') throw new ItfValueError(`${path}: #unserializable needs a string`);
          return `<unserializable: ${body}>`;
        default:
          throw new ItfValueError(`${path}: unknown ITF tag ${tag}`);
      }
    }
    default:
      throw new ItfValueError(`${path}: ${typeof j} is not an ITF value`);
  }
}

/**
 * Sets a field as an own data property: a field named `__proto__` (legal in JSON) must stay a
 * field, not replace the object's prototype.
 */
export function setField(obj: Record<string, Value>, key: string, value: Value): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

const recordFactories = new Map<string, IRecord.Factory<any>>();

/**
 * Set elements and map keys are compared by immutable.js, which compares plain arrays and
 * objects by reference: turn them into immutable Lists and Records (still sequences and
 * records to the engine) so that equal values are one element.
 */
function fromImmutableElement(v: Value): Value {
  const kind = kindOf(v);
  if (kind === 'seq' && Array.isArray(v)) return List((v as Value[]).map(fromImmutableElement));
  if (kind === 'rec' && !IRecord.isRecord(v)) {
    const entries = recordEntries(v as object);
    const shape = JSON.stringify(entries.map(([k]) => k));
    let factory = recordFactories.get(shape);
    if (!factory) {
      factory = IRecord(Object.fromEntries(entries.map(([k]) => [k, undefined])));
      recordFactories.set(shape, factory);
    }
    return factory(Object.fromEntries(entries.map(([k, x]) => [k, fromImmutableElement(x)])));
  }
  return v;
}
