// Messages between the coordinator and its worker threads. States cross as segments of encoded
// bytes in SharedArrayBuffers; the seen-set is shared the same way; nothing else is large.
import type { Consts } from '../model.ts';
import type { ChunkResult } from './expand-chunk.ts';
import type { SegmentSlice } from './interfaces.ts';

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
  | { readonly type: 'setup'; readonly setup: WorkerSetup; readonly table: SharedArrayBuffer; readonly header: SharedArrayBuffer }
  | { readonly type: 'table'; readonly table: SharedArrayBuffer; readonly header: SharedArrayBuffer }
  /** Blocks of a level the coordinator released, for the worker's next blocks (frontier.ts). */
  | { readonly type: 'spares'; readonly blocks: readonly Uint8Array[] }
  | { readonly type: 'expand'; readonly chunk: number; readonly slices: readonly SegmentSlice[]; readonly startPos: number; readonly atDepthLimit: boolean; readonly depth: number }
  | { readonly type: 'continue'; readonly chunk: number }
  | { readonly type: 'resolve'; readonly chunk: number };

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'expanded'; readonly chunk: number; readonly done: boolean }
  | { readonly type: 'resolved'; readonly chunk: number; readonly result: ChunkResult }
  /** Something failed outside model code (loading the module, a bug): the search cannot go on. */
  | { readonly type: 'failed'; readonly message: string };
