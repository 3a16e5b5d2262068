// `check --cluster`: the level-synchronous search (parallel/level-search.ts) with its seen-set,
// its frontier and its state log in a Redis Cluster, and its chunks expanded by any number of
// workers on any hosts (lease-worker.ts), this process among them unless told otherwise.
//
// The coordinator runs the very search the in-process engine runs: it hands each level to the
// cluster as chunks, gets back each chunk's result, and replays them in order, so the figures,
// the first violation and the traces are those of the in-process search whatever the number of
// workers and the chunk size. At each level boundary it saves the search in the cluster (the
// log's new entries, the counters, the level's segments): a coordinator that was interrupted or
// killed is continued from there with --resume.
import { randomUUID } from 'node:crypto';
import type { AnyModel } from '../model.ts';
import type { CheckOutcome } from '../check.ts';
import { InputError } from '../errors.ts';
import { StateLog } from '../state-log.ts';
import { Level, type Segment } from '../parallel/frontier.ts';
import { differences, type LevelSnapshot, type SearchIdentity } from '../parallel/checkpoint.ts';
import { cleanUp, identityOf, prepare, resumedFrom, type SearchOptions } from '../parallel/search.ts';
import { levelSearch, type LevelRequest } from '../parallel/level-search.ts';
import { SharedSeenSet } from '../parallel/shared-seen-set.ts';
import type { ChunkResult } from '../parallel/expand-chunk.ts';
import { call, connectCluster, type SearchCluster } from './connect.ts';
import { COORDINATOR_KEY, SEARCH_IDS_KEY, SearchKeys } from './keys.ts';
import { chooseShardTags, SeenShards } from './seen-shards.ts';
import { dropSearchData, readSearch, writeSearch, type SearchRecord } from './search-record.ts';
import { isRemote, packSegment, remoteSegment, writeSegment, type SegmentRef } from './segments.ts';
import { ChunkWork, type ChunkTask, type LevelTask } from './chunk-work.ts';
import { LeaseWorker } from './lease-worker.ts';
import { decodeChunkResult } from './chunk-result.ts';
import { refuseOnClusterResume } from './refuse-on-resume.ts';

export interface ClusterSearchOptions extends SearchOptions {
  /** redis://[:password@]host:port[,host:port...] */
  readonly cluster: string;
  /** A connection to it made already (the CLI connects before printing anything); closed when the search ends. */
  readonly connected?: SearchCluster;
  /** Continue the search the cluster holds instead of starting one. */
  readonly resumeCluster?: boolean;
  /** Expand no chunk in this process: only workers do. */
  readonly coordinateOnly?: boolean;
  /** How long a worker holds a chunk before another does it again (default 60 s). */
  readonly leaseMs?: number;
  /** States per chunk (default 2,000); the figures do not depend on it. */
  readonly chunkStates?: number;
  /** Called once the search is over, before its data is removed from the cluster. */
  readonly beforeDrop?: (held: HeldBytes) => void;
  /** Said once when no chunk was done for a while (nobody is working on the search). */
  readonly onIdle?: (line: string) => void;
  /** Said while waiting for the coordination lease of another coordinator (up to 30 s): a status, not a result. */
  readonly onWait?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/** What the cluster held at the end of a search. */
export interface HeldBytes {
  readonly seenSetBytes: number;
  /** Bytes of every node's used_memory, minus what they used before the search began. */
  readonly usedMemoryBytes: number;
}

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_CHUNK_STATES = 2000;
const COORDINATOR_LEASE_MS = 30_000;
const IDLE_HINT_MS = 10_000;
/** Log entries per list element. */
const LOG_PACK = 1 << 16;

/** The search at a level boundary, as the cluster keeps it: the log and the level by reference. */
type ClusterSnapshot = Omit<LevelSnapshot, 'log' | 'seen' | 'level'> & {
  readonly logSize: number;
  readonly logElements: number;
  readonly level: readonly SegmentRef[];
  /** Last task id used: a resumed coordinator numbers its tasks after it. */
  readonly task: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function usedMemory(cluster: SearchCluster): Promise<number> {
  const infos = await call(Promise.all(cluster.nodes('master').map((n) => n.info('memory'))), 'measuring the cluster');
  return infos.reduce((n, s) => n + Number(/used_memory:(\d+)/.exec(s)?.[1] ?? 0), 0);
}

export async function searchOnCluster(model: AnyModel, options: ClusterSearchOptions): Promise<CheckOutcome> {
  if (options.modelModule === undefined) throw new InputError('a search on a cluster needs the path of the model module (modelModule)');
  refuseOnClusterResume(model, { ...options, coverage: options.coverage !== undefined, resume: options.resumeCluster === true });
  const { expand, search: setup } = prepare(model, options);
  const identity = identityOf(model, options, expand, options.modelModule);
  const cluster = options.connected ?? await connectCluster(options.cluster, options.env);
  const token = randomUUID();
  try {
    await takeCoordination(cluster, token, options.onWait);
    return await (await Coordinator.create(cluster, token, model, options, expand, setup, identity)).run();
  } finally {
    cleanUp(expand);
    await cluster.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, COORDINATOR_KEY, token).catch(() => undefined);
    cluster.disconnect();
  }
}

/** Becomes the search's one coordinator, waiting out the lease of one that was killed. */
async function takeCoordination(cluster: SearchCluster, token: string, onWait?: (line: string) => void): Promise<void> {
  const end = Date.now() + COORDINATOR_LEASE_MS + 2000;
  for (let tries = 0; ; tries++) {
    if (await call(cluster.set(COORDINATOR_KEY, token, 'PX', COORDINATOR_LEASE_MS, 'NX'), 'taking the coordination') === 'OK') return;
    if (tries === 0) onWait?.(`Waiting for the previous coordinator's lease to run out (at most ${COORDINATOR_LEASE_MS / 1000} s): another coordinator holds it, or one that stopped did`);
    if (Date.now() > end) throw new InputError('another coordinator is running a search on this cluster: stop it (its search stays there, and `check --cluster URL --resume` continues it) or wait for it to end');
    await sleep(500);
  }
}

class Coordinator {
  private readonly work: ChunkWork;
  private readonly keys: SearchKeys;
  private readonly shards: SeenShards;
  private readonly worker: LeaseWorker;
  private task = 0;
  private logWritten = 0;
  private logElements = 0;
  private initCommitted = false;
  private boundaryRefs: SegmentRef[] = [];
  /** Keys of finished tasks, removed once the next boundary is saved. */
  private obsolete: string[] = [];
  private readonly uploaded = new WeakMap<Segment, SegmentRef>();
  private lastRenew = Date.now();
  private memoryBefore = 0;
  private rec!: SearchRecord;

  private constructor(
    private readonly cluster: SearchCluster,
    private readonly token: string,
    private readonly model: AnyModel,
    private readonly options: ClusterSearchOptions,
    private readonly expand: ReturnType<typeof prepare>['expand'],
    private readonly setup: ReturnType<typeof prepare>['search'],
    private readonly identity: SearchIdentity,
    rec: SearchRecord,
  ) {
    this.rec = rec;
    this.keys = new SearchKeys(rec.sid);
    this.shards = new SeenShards(cluster, this.keys, rec.shards);
    this.work = new ChunkWork(cluster, this.keys, this.shards, expand);
    this.worker = new LeaseWorker(cluster, this.keys, this.work, rec.leaseMs);
  }

  static async create(cluster: SearchCluster, token: string, model: AnyModel, options: ClusterSearchOptions, expand: ReturnType<typeof prepare>['expand'], setup: ReturnType<typeof prepare>['search'], identity: SearchIdentity): Promise<Coordinator> {
    const prior = await readSearch(cluster);
    if (options.resumeCluster) {
      if (prior === undefined || prior.status === 'done') throw new InputError('--resume: the cluster holds no unfinished search');
      const diff = differences(prior.identity, identity);
      if (diff.length > 0) throw new InputError(`--resume: the search on the cluster is another search: ${diff.join('; ')}`);
      await writeSearch(cluster, { ...prior, status: 'running' });
      return new Coordinator(cluster, token, model, options, expand, setup, identity, { ...prior, status: 'running' });
    }
    if (prior !== undefined) await dropSearchData(cluster, prior.sid);
    const memoryBefore = await usedMemory(cluster);
    const sid = await call(cluster.incr(SEARCH_IDS_KEY), 'starting a search');
    const shards = await chooseShardTags(cluster, sid);
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(Number.isSafeInteger(leaseMs) && leaseMs >= 100)) throw new InputError(`the lease must be at least 100 ms, got ${leaseMs}`);
    const rec: SearchRecord = {
      format: 'dropcheck-cluster-2', sid, status: 'running', identity, shards, leaseMs,
      properties: setup.temporal?.map((p) => p.name) ?? [], recordEdges: expand.recordEdges ?? false,
    };
    const c = new Coordinator(cluster, token, model, options, expand, setup, identity, rec);
    c.memoryBefore = memoryBefore;
    await c.shards.create();
    await writeSearch(cluster, rec);
    return c;
  }

  async run(): Promise<CheckOutcome> {
    const resume = this.options.resumeCluster ? await this.readSnapshot() : undefined;
    this.options.onStart?.(resume && resumedFrom(resume));
    this.initCommitted = resume !== undefined;
    const signal = this.options.signal;
    const chunkStates = this.options.chunkStates ?? DEFAULT_CHUNK_STATES;
    let pending: LevelSnapshot | undefined;
    const local = SharedSeenSet.create();
    const run = levelSearch({
      ...this.setup, chunks: (n) => Math.ceil(n / chunkStates), seen: () => local,
      ...(resume ? { resume } : {}),
      atBoundary: (snapshot) => {
        pending = snapshot();
        return signal?.aborted ? 'stop' : undefined;
      },
    });
    let outcome: CheckOutcome;
    try {
      let step = run.next();
      for (;;) {
        if (pending) { await this.saveBoundary(pending); pending = undefined; }
        if (step.done) { outcome = step.value; break; }
        step = run.next(await this.expandLevel(step.value));
      }
    } catch (e) {
      // A fault in model code ends the search as it ends in process; the cluster's own failures
      // (InputError) leave it as it was: it may be resumed once the cluster is whole again.
      if (!(e instanceof InputError)) await this.finish();
      throw e;
    }
    if (outcome.result === 'interrupted') await writeSearch(this.cluster, { ...this.rec, status: 'interrupted' });
    else await this.finish();
    return outcome;
  }

  /** The search is over: workers stop, and its data leaves the cluster. */
  private async finish(): Promise<void> {
    if (this.options.beforeDrop) {
      const seenSetBytes = await this.shards.byteLength();
      this.options.beforeDrop({ seenSetBytes, usedMemoryBytes: (await usedMemory(this.cluster)) - this.memoryBefore });
    }
    await writeSearch(this.cluster, { ...this.rec, status: 'done' });
    await dropSearchData(this.cluster, this.rec.sid);
  }

  /** The search as saved at its last level boundary. */
  private async readSnapshot(): Promise<LevelSnapshot> {
    const raw = await call(this.cluster.get(this.keys.snapshot), 'reading the saved search');
    if (raw === null) throw new InputError('--resume: the search on the cluster never reached a level boundary: start it again');
    const snap = JSON.parse(raw) as ClusterSnapshot;
    const task = await call(this.cluster.get(this.keys.task), 'reading the saved search');
    this.task = Math.max(snap.task, task === null ? 0 : (JSON.parse(task) as LevelTask).id);
    const elements = await call(this.cluster.lrangeBuffer(this.keys.log, 0, snap.logElements - 1), 'reading the state log');
    await call(this.cluster.ltrim(this.keys.log, 0, snap.logElements - 1), 'reading the state log');
    const log = new StateLog();
    for (const e of elements) for (let at = 0; at < e.length && log.size < snap.logSize; at += 12) log.append(e.readUInt32BE(at), e.readUInt32BE(at + 4), e.readInt32BE(at + 8));
    if (log.size !== snap.logSize) throw new InputError('--resume: the state log on the cluster is incomplete (a node lost its data)');
    this.logWritten = log.size;
    this.logElements = snap.logElements;
    this.boundaryRefs = [...snap.level];
    const level = new Level();
    for (const ref of snap.level) level.push(remoteSegment(ref));
    return {
      generated: snap.generated, depth: snap.depth, peakQueue: snap.peakQueue, constraintCut: snap.constraintCut,
      levelBase: snap.levelBase, elapsedMs: snap.elapsedMs, found: snap.found,
      log, seen: SharedSeenSet.create(), level,
    };
  }

  /** The cluster's reference to a segment of the level, uploading it if it is still local (the initial states). */
  private async refOf(segment: Segment, index: number): Promise<SegmentRef> {
    if (isRemote(segment)) return segment.ref;
    let ref = this.uploaded.get(segment);
    if (ref === undefined) {
      ref = { key: this.keys.segment(0, index), count: segment.count };
      await writeSegment(this.cluster, ref.key, packSegment(this.expand.codec, segment));
      this.uploaded.set(segment, ref);
    }
    return ref;
  }

  /** Saves the search at a level boundary, then drops what only earlier levels needed. */
  private async saveBoundary(snap: LevelSnapshot): Promise<void> {
    const refs = await Promise.all(snap.level.segments.map((s, i) => this.refOf(s, i)));
    const log = snap.log;
    if (!this.initCommitted) {
      const n = log.size;
      await this.shards.commit(Array.from({ length: n }, (_, i) => log.hiOf(i)), Array.from({ length: n }, (_, i) => log.loOf(i)));
      this.initCommitted = true;
    }
    const elements: Buffer[] = [];
    for (let first = this.logWritten; first < log.size; first += LOG_PACK) {
      const n = Math.min(LOG_PACK, log.size - first);
      const b = Buffer.alloc(12 * n);
      for (let j = 0; j < n; j++) {
        b.writeUInt32BE(log.hiOf(first + j) >>> 0, 12 * j);
        b.writeUInt32BE(log.loOf(first + j) >>> 0, 12 * j + 4);
        b.writeInt32BE(log.parentOf(first + j), 12 * j + 8);
      }
      elements.push(b);
    }
    if (elements.length > 0) await call(this.cluster.rpush(this.keys.log, ...elements), 'saving the state log');
    this.logWritten = log.size;
    this.logElements += elements.length;
    const { found, log: _l, seen: _s, level: _v, ...counters } = snap;
    const saved: ClusterSnapshot = { ...counters, found, logSize: log.size, logElements: this.logElements, level: refs, task: this.task };
    await call(this.cluster.set(this.keys.snapshot, JSON.stringify(saved)), 'saving the search');
    const current = new Set(refs.map((r) => r.key));
    const gone = [...this.boundaryRefs.map((r) => r.key).filter((k) => !current.has(k)), ...this.obsolete];
    if (gone.length > 0) await call(Promise.all(gone.map((k) => this.cluster.unlink(k))), 'dropping a finished level');
    this.boundaryRefs = refs;
    this.obsolete = [];
  }

  /**
   * The level's chunks as the cluster names them: one per job of the search, which cut the level
   * into chunks of about `chunkStates` states (its results are walked job by job).
   */
  private async chunksOf(request: LevelRequest): Promise<ChunkTask[]> {
    const segments = new Map<Segment, number>();
    const chunks: ChunkTask[] = [];
    for (const job of request.jobs) {
      const slices = [];
      for (const slice of job.slices) {
        if (!segments.has(slice.segment)) segments.set(slice.segment, segments.size);
        const ref = await this.refOf(slice.segment, segments.get(slice.segment)!);
        slices.push({ key: ref.key, from: slice.from, to: slice.to });
      }
      chunks.push({ startPos: job.startPos, slices });
    }
    return chunks;
  }

  private async expandLevel(request: LevelRequest): Promise<ChunkResult[]> {
    const chunks = await this.chunksOf(request);
    const id = ++this.task;
    const task: LevelTask = { id, phase: 'A', depth: request.depth, atDepthLimit: request.atDepthLimit, chunks };
    await this.runPhase(task);
    await this.runPhase({ ...task, phase: 'B' });
    // The level's phases are over: a worker late for one of its chunks now knows it (before the
    // level's states are removed at the next boundary), and none is leased any more.
    await call(this.cluster.set(this.keys.current, `${id}:over`), 'closing a level');
    const blobs = await call(Promise.all(chunks.map((_, c) => this.cluster.getBuffer(this.keys.result(id, c)))), 'reading the chunks\' results');
    const results = blobs.map((b, c) => {
      if (b === null) throw new InputError('the cluster lost a chunk\'s result (a node lost its data)');
      return decodeChunkResult(b, this.keys.segment(id, c));
    });
    this.obsolete.push(...chunks.map((_, c) => this.keys.result(id, c)), this.keys.done(id, 'A'), this.keys.done(id, 'B'));
    return results;
  }

  /** Publishes the task's phase and works on it (unless only coordinating) until every chunk is done. */
  private async runPhase(task: LevelTask): Promise<void> {
    await call(this.cluster.multi().set(this.keys.task, JSON.stringify(task)).set(this.keys.current, `${task.id}:${task.phase}`).exec(), 'publishing a level');
    const doneKey = this.keys.done(task.id, task.phase);
    let lastProgress = Date.now();
    let lastDone = -1;
    let hinted = false;
    let told = false;
    for (;;) {
      // An interrupt ends the search at the next level boundary, which needs this phase done:
      // say so, and how to stop at once, rather than seem to ignore it while no worker is at work.
      if (!told && this.options.signal?.aborted && this.options.onIdle) {
        told = true;
        this.options.onIdle('Interrupted: the search stops once this level is done (by this process or the workers); interrupt again to stop now, and `check --cluster URL --resume` continues it from its last finished level');
      }
      await this.renew();
      const did = this.options.coordinateOnly ? false : await this.worker.run(task);
      const done = await call(this.cluster.scard(doneKey), 'waiting for the workers');
      if (done === task.chunks.length) return;
      if (done !== lastDone) { lastDone = done; lastProgress = Date.now(); }
      if (!hinted && Date.now() - lastProgress > IDLE_HINT_MS && this.options.onIdle) {
        hinted = true;
        this.options.onIdle('Waiting for workers: no chunk was done for 10 s (start some with: dropcheck worker --cluster URL)');
      }
      if (!did) await sleep(5);
    }
  }

  /** Keeps the coordination while the search runs. */
  private async renew(): Promise<void> {
    if (Date.now() - this.lastRenew < COORDINATOR_LEASE_MS / 4) return;
    this.lastRenew = Date.now();
    const held = await call(this.cluster.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0", 1, COORDINATOR_KEY, this.token, COORDINATOR_LEASE_MS), 'keeping the coordination');
    if (held !== 1) throw new InputError('this coordinator lost the search to another one (its lease ran out)');
  }
}

