// A growable byte buffer with the primitive writes and reads the state encoding needs:
// unsigned LEB128 varints (lengths, indices) and zigzag varints for safe integers, which
// keep the small numbers states are made of to one or two bytes.

export class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity = 1 << 12) {
    this.bytes = new Uint8Array(capacity);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.length + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.bytes.subarray(0, this.length));
    this.bytes = b;
  }

  byte(b: number): void {
    if (this.length === this.bytes.length) this.reserve(1);
    this.bytes[this.length++] = b;
  }

  /** An unsigned integer below 2^53, 7 bits a byte. */
  uvarint(n: number): void {
    this.reserve(8);
    const bytes = this.bytes;
    let i = this.length;
    while (n >= 0x80) {
      bytes[i++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    bytes[i++] = n;
    this.length = i;
  }

  /** An integer of magnitude below 2^51, zigzag-coded so that small negative numbers stay short. */
  svarint(n: number): void {
    this.uvarint(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  append(src: Uint8Array): void {
    this.reserve(src.length);
    this.bytes.set(src, this.length);
    this.length += src.length;
  }

  /** The bytes written so far (a view: copy it before writing more). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

export class ByteReader {
  pos: number;

  constructor(readonly bytes: Uint8Array, start = 0) {
    this.pos = start;
  }

  byte(): number {
    return this.bytes[this.pos++]!;
  }

  uvarint(): number {
    const bytes = this.bytes;
    let b = bytes[this.pos++]!;
    if (b < 0x80) return b;
    let n = b & 0x7f;
    let scale = 0x80;
    for (;;) {
      b = bytes[this.pos++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  svarint(): number {
    const z = this.uvarint();
    // Halving by division: z may exceed 2^32, where `>>>` would cut it.
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}
