// `dropcheck worker --cluster URL`: waits for a search on the cluster, checks that it is of this
// worker's model module, works on its levels' chunks until it is over, then returns. A worker
// holds nothing the search needs: it can be started, stopped or killed at any time.
import type { AnyModel } from '../model.ts';
import { call, connectCluster } from './connect.ts';
import { SearchKeys } from './keys.ts';
import { SeenShards } from './seen-shards.ts';
import { checkSameModel, readSearch, workerSetup } from './search-record.ts';
import { ChunkWork, type LevelTask } from './chunk-work.ts';
import { LeaseWorker } from './lease-worker.ts';

export interface ServeOptions {
  readonly url: string;
  readonly model: AnyModel;
  /** The model's module file, compared by content with the search's. */
  readonly module: string;
  readonly signal?: AbortSignal;
  readonly say?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
  /** Fault tests: wait this long between claiming a chunk's new states and writing them. */
  readonly pauseBeforeOutputMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Pause between looks at the cluster when there is nothing to do. */
const IDLE_MS = 10;
const WAITING_MS = 200;

/** Serves one search; resolves with its id when it is over (or undefined when stopped before one began). */
export async function serveCluster(o: ServeOptions): Promise<number | undefined> {
  const cluster = await connectCluster(o.url, o.env);
  try {
    let joined: { sid: number; keys: SearchKeys; worker: LeaseWorker } | undefined;
    let waitingSaid = false;
    while (!o.signal?.aborted) {
      const rec = await readSearch(cluster);
      if (joined !== undefined && (rec === undefined || rec.sid !== joined.sid || rec.status === 'done')) return joined.sid;
      if (rec === undefined || rec.status === 'done') {
        if (!waitingSaid) { o.say?.('Waiting for a search on the cluster'); waitingSaid = true; }
        await sleep(WAITING_MS);
        continue;
      }
      if (joined === undefined) {
        checkSameModel(rec, o.model, o.module);
        const keys = new SearchKeys(rec.sid);
        const setup = workerSetup(rec, o.model);
        const work = new ChunkWork(cluster, keys, new SeenShards(cluster, keys, rec.shards), setup, o.pauseBeforeOutputMs);
        joined = { sid: rec.sid, keys, worker: new LeaseWorker(cluster, keys, work, rec.leaseMs) };
        o.say?.(`Joined search ${rec.sid}: ${rec.identity.model} ${Object.entries(rec.identity.consts).map(([k, v]) => `${k}=${v}`).join(' ')}`.trimEnd());
      }
      const raw = rec.status === 'running' ? await call(cluster.get(joined.keys.task), 'reading the level') : null;
      let did = false;
      try {
        did = raw !== null && await joined.worker.run(JSON.parse(raw) as LevelTask, () => o.signal?.aborted ?? false);
      } catch (e) {
        // A chunk redone by another worker after this one's lease ran out may have been the
        // last: the search can be over, its data removed under this worker. That is no failure.
        // (A level that went on under it is the lease worker's affair.)
        const now = await readSearch(cluster);
        if (now === undefined || now.sid !== joined.sid || now.status === 'done') return joined.sid;
        throw e;
      }
      if (!did) await sleep(rec.status === 'running' ? IDLE_MS : WAITING_MS);
    }
    return joined?.sid;
  } finally {
    cluster.disconnect();
  }
}
