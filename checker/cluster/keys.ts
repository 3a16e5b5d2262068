// Names of everything a search keeps in the cluster. The control keys share the hash tag
// {dropcheck} (one slot: they are small and read together); each seen-set shard has its own
// tag, chosen to land on a given node (seen-shards.ts), and each chunk's output has its own, so
// the frontier spreads over the nodes. Every key of search `sid` starts with `dropcheck:<sid>:`
// so that one scan finds them all when the search is dropped.

/** Which search the cluster holds, and its coordinator's lease. */
export const SEARCH_KEY = 'dropcheck:{dropcheck}:search';
export const COORDINATOR_KEY = 'dropcheck:{dropcheck}:coordinator';
export const SEARCH_IDS_KEY = 'dropcheck:{dropcheck}:ids';

export const searchPrefix = (sid: number): string => `dropcheck:${sid}:`;

export class SearchKeys {
  readonly prefix: string;
  constructor(readonly sid: number) { this.prefix = searchPrefix(sid); }
  /** The level being expanded: its chunks and phase. */
  get task(): string { return `${this.prefix}{dropcheck}:task`; }
  /** The phase being worked on, "<task>:<phase>": chunks of another are no longer leased. */
  get current(): string { return `${this.prefix}{dropcheck}:current`; }
  /** The search at its last level boundary (counters, violations, the level's segments). */
  get snapshot(): string { return `${this.prefix}{dropcheck}:snapshot`; }
  /** The state log: packed (hi, lo, parent) records, many per element. */
  get log(): string { return `${this.prefix}{dropcheck}:log`; }
  done(task: number, phase: Phase): string { return `${this.prefix}{dropcheck}:done:${task}:${phase}`; }
  lease(task: number, phase: Phase, chunk: number): string { return `${this.prefix}{dropcheck}:lease:${task}:${phase}:${chunk}`; }
  shard(tag: string): string { return `${this.prefix}{${tag}}`; }
  /** The new states a chunk found, encoded, packed many to a list element. */
  segment(task: number, chunk: number): string { return `${this.prefix}{t${task}.${chunk}}:seg`; }
  /** What the coordinator needs of a chunk's expansion (fingerprints, parents, events). */
  result(task: number, chunk: number): string { return `${this.prefix}{t${task}.${chunk}}:result`; }
}

/** A: expand and offer; B: claim and write the new states. */
export type Phase = 'A' | 'B';
