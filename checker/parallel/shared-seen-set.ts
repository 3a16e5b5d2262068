// The seen-set of the level-synchronous search, shared by every thread: the fingerprints of the
// states numbered so far (committed-table.ts, 8 bytes a slot, written only between levels) and
// those offered while the current level is expanded, with the keys that decide which candidate
// is the new state (level-table.ts, 12 bytes a slot, cleared after each level). A candidate
// whose fingerprint is committed is a duplicate of an earlier level at once; any other is
// offered to the level table. Splitting them keeps the 4-byte key of the level-synchronous
// protocol off the table that holds every state: 8 bytes a slot instead of 12.
import type { SeenSet } from './interfaces.ts';
import { CommittedTable } from './committed-table.ts';
import { COMMITTED, LevelTable } from './level-table.ts';

/** The key of a candidate whose parent is at `position` in its level. */
export const candidateKey = (position: number): number => position + 2;
/** Largest level the keys can number (a level has fewer states than this). */
export const MAX_LEVEL_SIZE = 0xffffffff - 3;

/** What another thread needs to view the seen-set. */
export interface SeenSetBuffers {
  readonly committed: SharedArrayBuffer;
  readonly level: SharedArrayBuffer;
  readonly levelHeader: SharedArrayBuffer;
}

export class SharedSeenSet implements SeenSet {
  constructor(private readonly committed: CommittedTable, private readonly level: LevelTable) {}

  /** A seen-set with room for `capacity` committed fingerprints before it grows. */
  static create(capacity = 1): SharedSeenSet {
    return new SharedSeenSet(CommittedTable.create(capacity), LevelTable.create());
  }

  /** Another thread's view of the set (it offers, claims and reads; only the coordinator commits or grows). */
  static view(b: SeenSetBuffers): SharedSeenSet {
    return new SharedSeenSet(new CommittedTable(b.committed), new LevelTable(b.level, b.levelHeader));
  }

  get buffers(): SeenSetBuffers {
    return { committed: this.committed.shared, level: this.level.buffer, levelHeader: this.level.headerBuffer };
  }

  /** Fingerprints committed and offered in the current level. */
  get size(): number { return this.committed.size + this.level.size; }

  /** Committed fingerprints the table has room for now (what a checkpoint restores it with). */
  get capacity(): number { return this.committed.capacity; }

  get byteLength(): number { return this.committed.byteLength + this.level.byteLength; }

  /** Whether the level table is fuller than a search should let it get before it is grown. */
  get crowded(): boolean { return this.level.crowded; }

  /**
   * Offers a candidate's fingerprint with its key; false when it is certainly not new (committed
   * at an earlier level, or offered with a smaller or equal key), true when it may be (`claim`
   * decides once the level is done).
   */
  offer(hi: number, lo: number, key: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    if (this.committed.has(hi, lo)) return false;
    return this.level.offer(hi, lo, key);
  }

  /** After every offer of the level: true when this candidate is the new state. */
  claim(hi: number, lo: number, key: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    return this.level.claim(hi, lo, key);
  }

  /** Adds a fingerprint as committed; true when it was not there (initial states; one thread, between levels). */
  addCommitted(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    return this.committed.add(hi, lo);
  }

  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1;
    return this.committed.has(hi, lo) || this.level.has(hi, lo);
  }

  /**
   * The set with the level table doubled (while no worker uses it). This object is spent: use
   * the one returned (it may share this one's buffers, grown).
   */
  grown(): SharedSeenSet {
    return new SharedSeenSet(this.committed, this.level.grown());
  }

  /**
   * Once a level's candidates are all claimed (one thread, while no other uses the set): moves
   * the level's fingerprints to the committed table and empties the level table. Returns the set
   * to use from now on: a new object when the committed table grew (other threads must view it
   * again), this one otherwise.
   */
  endLevel(): SharedSeenSet {
    const capacity = this.committed.capacity;
    const committed = this.committed;
    this.level.drain((hi, lo) => { committed.add(hi, lo); });
    return committed.capacity === capacity ? this : new SharedSeenSet(committed, this.level);
  }

  /** Calls `each` with every committed fingerprint (a checkpoint, at a level boundary). */
  forEachCommitted(each: (hi: number, lo: number) => void): void {
    this.committed.forEach(each);
  }

  /** A set holding the fingerprints of `words`: (hi, lo, key) triples, EMPTY keys skipped (a checkpoint's). */
  static restore(words: Uint32Array, capacity: number): SharedSeenSet {
    const set = SharedSeenSet.create(capacity);
    for (let j = 0; j + 3 <= words.length; j += 3) if (words[j + 2] !== 0) set.addCommitted(words[j]!, words[j + 1]!);
    return set;
  }
}

/** The key a checkpoint saves a committed fingerprint with. */
export const COMMITTED_KEY = COMMITTED;
