// The sink's actors on the compute node. The backfill executor reads the upstream snapshot at
// most `rateLimit` rows per barrier and persists its progress in its own state table on every
// barrier: Insert the first time, then get_row(old) + Update{old,new}. A missing old row is the
// `row ... not found` of #20953. The sink actor consumes what backfill emits.
import type { Epoch, JobId, TableId } from './types.ts';
import { RowNotFoundError } from './types.ts';
import type { LocalStateStore } from './local-state-store.ts';

/** The key of the backfill progress row (one row per vnode in RisingWave; one here). */
export const PROGRESS_KEY = 'progress';

export type ActorStatus = 'running' | 'stopped' | 'failed';

export class SinkActor {
  delivered = 0;
  async write(rows: number): Promise<void> {
    this.delivered += rows;
  }
}

export class BackfillActor {
  /** Upstream rows read so far: the position persisted as progress. */
  position = 0;
  /** The last barrier received (for a failed actor: the one it failed on). */
  epoch: Epoch = 0;
  status: ActorStatus = 'running';
  failure: Error | undefined;
  /** Whether a progress row has been written (so the next write must read it first). */
  private persisted = false;

  constructor(
    readonly job: JobId,
    readonly progressTable: TableId,
    private readonly upstreamRows: number,
    private readonly rateLimit: number,
    private readonly store: LocalStateStore,
    private readonly sink: SinkActor,
  ) {}

  get finished(): boolean { return this.position >= this.upstreamRows; }

  /** Handles a barrier of `epoch` that does not stop this actor: read a chunk, persist progress. */
  async onBarrier(epoch: Epoch): Promise<void> {
    if (this.status !== 'running') return;
    this.epoch = epoch;
    try {
      const chunk = Math.min(this.rateLimit, this.upstreamRows - this.position);
      const next = this.position + chunk;
      if (this.persisted) {
        const old = await this.store.get(this.progressTable, PROGRESS_KEY);
        if (old === undefined) throw new RowNotFoundError(this.progressTable, PROGRESS_KEY);
      }
      await this.sink.write(chunk);
      this.store.insert(this.progressTable, PROGRESS_KEY, String(next));
      this.position = next;
      this.persisted = true;
    } catch (e) {
      this.status = 'failed';
      this.failure = e as Error;
      throw e;
    }
  }

  /** The barrier of `epoch` carries this actor's Stop. */
  stop(epoch: Epoch): void {
    if (this.status !== 'running') return;
    this.status = 'stopped';
    this.epoch = epoch;
  }

  /** The actor is torn down without a barrier (a partial-graph reset, or a recovery): it stops where it is. */
  reset(): void {
    if (this.status === 'running') this.status = 'stopped';
  }

  /**
   * A recovery rebuilds the actor of a live job (a failed one too) at the committed epoch, from the
   * progress row it reads back (none: it starts over).
   */
  restart(epoch: Epoch, progress: string | undefined): void {
    this.status = 'running';
    this.failure = undefined;
    this.epoch = epoch;
    this.position = progress === undefined ? 0 : Number(progress);
    this.persisted = progress !== undefined;
  }

  /** A recovery does not rebuild the actor of a job being torn down: it stays stopped, no later than the committed epoch. */
  halt(committed: Epoch): void {
    this.status = 'stopped';
    this.failure = undefined;
    this.epoch = Math.min(this.epoch, committed);
  }

  /** Whether a progress row was written before. */
  get hasRow(): boolean { return this.persisted; }
}
