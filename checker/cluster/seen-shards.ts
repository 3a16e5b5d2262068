// The seen-set in the cluster: fingerprints split into shards (hashes), each shard's hash tag
// chosen so that it lives on a given node, spread evenly. A chunk's candidates are sent as one
// packed batch per shard (scripts.ts), and the answers come back as one string per shard.
import { InputError } from '../errors.ts';
import { call, type SearchCluster } from './connect.ts';
import type { SearchKeys } from './keys.ts';
import { RECORD_BYTES } from './scripts.ts';

/** Shards per master node: enough to even out the load, few enough for few calls per batch. */
const SHARDS_PER_NODE = 4;

const shardOf = (hi: number, lo: number, shards: number): number => ((hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0) % shards;

/** Hash tags, SHARDS_PER_NODE per master, each landing in that master's slots. */
export async function chooseShardTags(cluster: SearchCluster, sid: number): Promise<string[]> {
  const slots = (await call(cluster.cluster('SLOTS'), 'reading the cluster\'s slots')) as unknown as [number, number, [string, number]][];
  const owners = new Map<string, [number, number][]>();
  for (const [from, to, [host, port]] of slots) {
    const id = `${host}:${port}`;
    owners.set(id, [...(owners.get(id) ?? []), [from, to]]);
  }
  const masters = [...owners.keys()].sort();
  const tags: string[] = [];
  for (let i = 0; i < masters.length * SHARDS_PER_NODE; i++) {
    const ranges = owners.get(masters[i % masters.length]!)!;
    for (let n = 0; ; n++) {
      if (n > 10_000) throw new InputError('cannot place the seen-set\'s shards on the cluster\'s nodes');
      const tag = `f${sid}.${i}.${n}`;
      const slot = (await call(cluster.cluster('KEYSLOT', tag), 'placing the seen-set\'s shards')) as number;
      if (ranges.some(([a, b]) => slot >= a && slot <= b)) { tags.push(tag); break; }
    }
  }
  return tags;
}

export class SeenShards {
  private readonly keys: string[];

  constructor(private readonly cluster: SearchCluster, keys: SearchKeys, tags: readonly string[]) {
    this.keys = tags.map((t) => keys.shard(t));
  }

  /** Marks every shard as present (see scripts.ts): done once, when the search starts. */
  async create(): Promise<void> {
    await call(Promise.all(this.keys.map((k) => this.cluster.hset(k, 'm', '1'))), 'creating the seen-set');
  }

  /** Offers candidates (hi, lo, key per candidate). */
  async offer(his: ArrayLike<number>, los: ArrayLike<number>, keys: ArrayLike<number>): Promise<void> {
    const batches = this.split(his, los, keys);
    await call(Promise.all(batches.map((b, s) => (b.length === 0 ? undefined : this.cluster.dcOffer(this.keys[s]!, b.buffer())))), 'offering fingerprints');
  }

  /** Claims candidates after every offer of the level (`depth`): one boolean per candidate, in order. */
  async claim(his: ArrayLike<number>, los: ArrayLike<number>, keys: ArrayLike<number>, depth: number): Promise<boolean[]> {
    const batches = this.split(his, los, keys);
    const answers = await call(Promise.all(batches.map((b, s) => (b.length === 0 ? '' : this.cluster.dcClaim(this.keys[s]!, b.buffer(), depth)))), 'claiming fingerprints');
    return this.merge(his, los, answers);
  }

  /** Whether each fingerprint was ever offered. */
  async has(his: ArrayLike<number>, los: ArrayLike<number>): Promise<boolean[]> {
    const batches = this.split(his, los);
    const answers = await call(Promise.all(batches.map((b, s) => (b.length === 0 ? '' : this.cluster.dcHas(this.keys[s]!, b.buffer())))), 'looking fingerprints up');
    return this.merge(his, los, answers);
  }

  /** Commits fingerprints (the initial states'). */
  async commit(his: ArrayLike<number>, los: ArrayLike<number>): Promise<void> {
    const batches = this.split(his, los);
    await call(Promise.all(batches.map((b, s) => (b.length === 0 ? undefined : this.cluster.dcCommit(this.keys[s]!, b.buffer())))), 'committing fingerprints');
  }

  /** Bytes the cluster holds for the seen-set (MEMORY USAGE of each shard). */
  async byteLength(): Promise<number> {
    const sizes = await call(Promise.all(this.keys.map((k) => this.cluster.memory('USAGE', k, 'SAMPLES', '0'))), 'measuring the seen-set');
    return sizes.reduce<number>((n, s) => n + Number(s ?? 0), 0);
  }

  private split(his: ArrayLike<number>, los: ArrayLike<number>, keys?: ArrayLike<number>): Batch[] {
    const batches = this.keys.map(() => new Batch(keys ? RECORD_BYTES : 8));
    for (let i = 0; i < his.length; i++) batches[shardOf(his[i]!, los[i]!, this.keys.length)]!.add(his[i]!, los[i]!, keys?.[i]);
    return batches;
  }

  /** Answers in candidate order from the per-shard answer strings. */
  private merge(his: ArrayLike<number>, los: ArrayLike<number>, answers: string[]): boolean[] {
    const next = this.keys.map(() => 0);
    const out = new Array<boolean>(his.length);
    for (let i = 0; i < his.length; i++) {
      const s = shardOf(his[i]!, los[i]!, this.keys.length);
      out[i] = answers[s]!.charCodeAt(next[s]!++) === 49; // '1'
    }
    return out;
  }
}

/** One shard's packed records. */
class Batch {
  private bytes: Buffer = Buffer.alloc(0);
  length = 0;

  constructor(private readonly recordBytes: number) {}

  add(hi: number, lo: number, key: number | undefined): void {
    const at = this.length * this.recordBytes;
    if (at + this.recordBytes > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.recordBytes * 64, this.bytes.length * 2));
      this.bytes.copy(grown);
      this.bytes = grown;
    }
    this.bytes.writeUInt32BE(hi >>> 0, at);
    this.bytes.writeUInt32BE(lo >>> 0, at + 4);
    if (key !== undefined) this.bytes.writeUInt32BE(key >>> 0, at + 8);
    this.length++;
  }

  buffer(): Buffer { return this.bytes.subarray(0, this.length * this.recordBytes); }
}
