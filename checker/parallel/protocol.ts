// Messages between the coordinator and its worker threads. States cross as segments of encoded
// bytes in SharedArrayBuffers; the seen-set is shared the same way; nothing else is large.
import type { Consts } from '../model.ts';
import type { ChunkResult } from './expand-chunk.ts';
import type { ChunkJob } from './level-search.ts';
import type { SeenSetBuffers } from './shared-seen-set.ts';

/** What a worker needs to expand states as the coordinator's search does. */
export interface WorkerSetup {
  /** Absolute path of the model module (loaded as --spec loads it). */
  readonly modelModule: string;
  readonly consts: Consts;
  /** Names of the invariants checked, in order. */
  readonly invariants: readonly string[];
  readonly symmetry: boolean;
  readonly checkDeadlock: boolean;
  readonly continuing: boolean;
  /** Names of the temporal properties whose predicates each new state is evaluated on (none: no graph is recorded). */
  readonly properties: readonly string[];
  /** Record every successor edge (temporal properties, --coverage). */
  readonly recordEdges: boolean;
  /** The frontier's shared memory budget and the folder blocks spill to past it. */
  readonly budget: SharedArrayBuffer;
  readonly spillDir?: string;
}

export type ToWorker =
  | { readonly type: 'setup'; readonly setup: WorkerSetup; readonly table: SeenSetBuffers }
  /** The seen-set grew: view it again. */
  | { readonly type: 'table'; readonly table: SeenSetBuffers }
  /** Blocks of a level the coordinator released, for the worker's next blocks (frontier.ts). */
  | { readonly type: 'spares'; readonly blocks: readonly Uint8Array[] }
  /** A level: the worker claims chunks from the shared `counter` (chunk-claims.ts) until none is left or the seen-set is crowded. */
  | { readonly type: 'level'; readonly jobs: readonly ChunkJob[]; readonly counter: SharedArrayBuffer; readonly atDepthLimit: boolean; readonly depth: number }
  /** The seen-set was grown: go on with the paused chunk, then claim more. */
  | { readonly type: 'continue' }
  /** Every thread is done with the level: resolve the chunks this worker claimed. */
  | { readonly type: 'resolve' };

export type FromWorker =
  | { readonly type: 'ready' }
  /** `done`: no chunk is left to claim and none of this worker's is paused. */
  | { readonly type: 'expanded'; readonly done: boolean }
  | { readonly type: 'resolved'; readonly results: readonly { readonly chunk: number; readonly result: ChunkResult }[] }
  /** Something failed outside model code (loading the module, a bug): the search cannot go on. */
  | { readonly type: 'failed'; readonly message: string };
