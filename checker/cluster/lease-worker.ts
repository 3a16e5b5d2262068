// A worker's side of a level: take the chunks of the current phase that nobody finished, each
// under a lease (a key that expires), and do them. A worker that dies leaves its lease to
// expire; another then does the chunk again, with the same result (offers and claims are
// idempotent, and a chunk's output is written in one transaction).
import { randomUUID } from 'node:crypto';
import { call, type SearchCluster } from './connect.ts';
import { ChunkWork, type ExpandedChunk, type LevelTask } from './chunk-work.ts';
import type { SearchKeys } from './keys.ts';

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
    const doneKey = this.keys.done(task.id, task.phase);
    const done = new Set(await call(this.cluster.smembers(doneKey), 'reading which chunks are done'));
    let did = false;
    for (let c = 0; c < task.chunks.length; c++) {
      if (stop()) break;
      if (done.has(String(c))) continue;
      const leased = await call(this.cluster.set(this.keys.lease(task.id, task.phase, c), this.id, 'PX', this.leaseMs, 'NX'), 'leasing a chunk');
      if (leased !== 'OK') continue;
      // Finished by another worker since the list was read (its lease then expired)?
      if (await call(this.cluster.sismember(doneKey, String(c)), 'reading which chunks are done')) continue;
      const tag = String(c);
      if (task.phase === 'A') {
        const x = await this.work.expand(task, task.chunks[c]!);
        await this.work.offer(x);
        this.expanded.set(tag, x);
      } else {
        const x = this.expanded.get(tag) ?? await this.work.expand(task, task.chunks[c]!);
        await this.work.resolve(task, c, x);
        this.expanded.delete(tag);
      }
      await call(this.cluster.sadd(doneKey, tag), 'marking a chunk done');
      did = true;
    }
    return did;
  }
}
