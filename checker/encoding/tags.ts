// The tags of the state encoding (value-codec.ts), and what can be read from the bytes alone.

/** Tags of the encoding, as value-codec.ts writes them. */
export const T_FALSE = 0, T_TRUE = 1, T_INT = 2, T_BIGINT = 3, T_ASCII = 4, T_UTF16 = 5, T_STR_REF = 6;
export const T_ARRAY = 7, T_OBJECT = 8, T_NULL_PROTO = 9, T_LIST = 10, T_MAP = 11, T_ORDERED_MAP = 12;
export const T_SET = 13, T_ORDERED_SET = 14, T_RECORD = 15, T_NEG_INT = 16, T_POS_INT = 17;

function skipVarint(b: Uint8Array, p: number): number {
  while (b[p++]! >= 0x80);
  return p;
}

function readCount(b: Uint8Array, p: number): number {
  let n = 0, scale = 1, x: number;
  do {
    x = b[p++]!;
    n += (x & 0x7f) * scale;
    scale *= 0x80;
  } while (x >= 0x80);
  return n;
}

/**
 * Where the value encoded at `p` ends, when it is made of primitives and immutable.js maps, sets
 * and lists only; -1 when it holds anything else (a plain object or array, a Record).
 */
export function immutableEnd(b: Uint8Array, p: number): number {
  const tag = b[p++]!;
  switch (tag) {
    case T_FALSE: case T_TRUE: return p;
    case T_INT: case T_POS_INT: case T_NEG_INT: case T_STR_REF: return skipVarint(b, p);
    case T_BIGINT: return b[p] === T_STR_REF ? skipVarint(b, p + 1) : -1;
    case T_LIST: case T_SET: case T_ORDERED_SET: case T_MAP: case T_ORDERED_MAP: {
      let n = readCount(b, p);
      if (tag === T_MAP || tag === T_ORDERED_MAP) n *= 2;
      p = skipVarint(b, p);
      for (let i = 0; i < n && p >= 0; i++) p = immutableEnd(b, p);
      return p;
    }
    default: return -1;
  }
}
