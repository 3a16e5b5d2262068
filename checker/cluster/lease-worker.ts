// A worker's side of a level: take the chunks of the current phase that nobody finished, each
// under a lease (a key that expires), and do them. A worker that dies leaves its lease to
// expire; another then does the chunk again, with the same result (offers and claims are
// idempotent, and a chunk's output is written in one transaction).
//
// A worker that is late (its lease ran out while it worked, and the level or the whole search
// moved on) leaves nothing behind once the search is over: leases are given only for the phase
// being worked on while the search runs, a chunk is marked done only while the search is not
// over, and a chunk's output written once it is over is removed again (chunk-work.ts).
import { randomUUID } from 'node:crypto';
import { call, type SearchCluster } from './connect.ts';
import { ChunkWork, type ExpandedChunk, type LevelTask } from './chunk-work.ts';
import { SEARCH_KEY, type SearchKeys } from './keys.ts';

export class LeaseWorker {
  readonly id = randomUUID();
  /** Chunks this worker expanded in phase A, kept for its phase B. */
  private readonly expanded = new Map<string, ExpandedChunk>();
  private task = -1;

  constructor(
    private readonly cluster: SearchCluster,
    private readonly keys: SearchKeys,
    private readonly work: ChunkWork,
    private readonly leaseMs: number,
  ) {}

  /** Does every chunk of the task's phase it can lease; true when it did any. */
  async run(task: LevelTask, stop: () => boolean = () => false): Promise<boolean> {
    if (task.id !== this.task) {
      this.expanded.clear();
      this.task = task.id;
    }
    const keys = this.keys;
    const doneKey = keys.done(task.id, task.phase);
    const done = new Set(await call(this.cluster.smembers(doneKey), 'reading which chunks are done'));
    let did = false;
    for (let c = 0; c < task.chunks.length; c++) {
      if (stop()) break;
      if (done.has(String(c))) continue;
      const lease = keys.lease(task.id, task.phase, c);
      const leased = await call(this.cluster.dcLease(SEARCH_KEY, keys.current, lease, keys.sid, `${task.id}:${task.phase}`, this.id, this.leaseMs), 'leasing a chunk');
      if (leased !== 1) continue;
      // Finished by another worker since the list was read (its lease then expired)?
      if (await call(this.cluster.sismember(doneKey, String(c)), 'reading which chunks are done')) continue;
      const tag = String(c);
      try {
        await this.doChunk(task, c, tag);
      } catch (e) {
        // Late: another worker did the chunk meanwhile and the level went on, its states gone
        // from under this one. No failure, and nothing to add. Otherwise the data is lost.
        if (await this.late(task, doneKey, tag)) continue;
        throw e;
      }
      await call(this.cluster.dcDone(SEARCH_KEY, doneKey, lease, keys.sid, tag, this.id), 'marking a chunk done');
      did = true;
    }
    return did;
  }

  private async doChunk(task: LevelTask, c: number, tag: string): Promise<void> {
    if (task.phase === 'A') {
      const x = await this.work.expand(task, task.chunks[c]!);
      await this.work.offer(x);
      this.expanded.set(tag, x);
    } else {
      const x = this.expanded.get(tag) ?? await this.work.expand(task, task.chunks[c]!);
      await this.work.resolve(task, c, x);
      this.expanded.delete(tag);
    }
  }

  /** Whether the chunk was done by another worker, or its phase is over. */
  private async late(task: LevelTask, doneKey: string, tag: string): Promise<boolean> {
    const [doneByOther, current] = await call(Promise.all([this.cluster.sismember(doneKey, tag), this.cluster.get(this.keys.current)]), 'reading which chunks are done');
    return doneByOther === 1 || current !== `${task.id}:${task.phase}`;
  }
}
