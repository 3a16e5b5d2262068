// The three stores of a search, behind small interfaces: the in-process implementations are
// the default, and a networked one (a fingerprint table and frontiers sharded across machines)
// can replace them without touching the search.
import type { Segment } from './frontier.ts';

/** The fingerprints of the states found; see shared-seen-set.ts for the protocol of the keys. */
export interface SeenSet {
  /** Offers a candidate of the level being expanded: false when it is certainly not new. */
  offer(hi: number, lo: number, key: number): boolean;
  /** Once the whole level was offered: true for the candidate that is the new state. */
  claim(hi: number, lo: number, key: number): boolean;
  /** Whether the fingerprint was ever offered. */
  has(hi: number, lo: number): boolean;
  readonly size: number;
  readonly byteLength: number;
}

/** A BFS level: encoded states in order, stored as segments (one per chunk that produced them). */
export interface LevelStore {
  readonly size: number;
  /** Appends the segment of the next chunk's new states. */
  push(segment: Segment): void;
  /** The segments and offsets that hold states [start, end), in order. */
  slice(start: number, end: number): SegmentSlice[];
}

/** Part of a segment: its states [from, to). */
export interface SegmentSlice {
  readonly segment: Segment;
  readonly from: number;
  readonly to: number;
}

/** Every distinct state as (fingerprint, parent index): what traces are rebuilt from. */
export interface StateIndex {
  readonly size: number;
  readonly byteLength: number;
  append(hi: number, lo: number, parent: number): number;
  parentOf(i: number): number;
  hiOf(i: number): number;
  loOf(i: number): number;
  pathTo(i: number): number[];
}
