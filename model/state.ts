// The variables of the drop protocol: meta (catalog, tombstones, storage-version registrations,
// barrier manager, pending drops), the sinks' actors, and one compute node's local state store
// (memtables, imms, synced SST data, compaction-catalog cache, catalog notifications to it).
import { Map as IMap, Set as ISet } from 'immutable';

export type SinkId = string;
export type TableId = string;

/**
 * Where a sink's teardown is: scheduled = the Stop command waits for the next barrier; resetting =
 * a snapshot-backfill job's partial graph waits for its reset (no barrier); stopped = the writers
 * have stopped and the cleanup is owed; dropped = the teardown's code has run to its end.
 */
export type DropPhase = 'live' | 'scheduled' | 'resetting' | 'stopping' | 'stopped' | 'dropped' | RecoveryDropPhase;

/** The later teardown paths (model/paths.ts); a DROP SINK's record has no `path`. */
export type TeardownPathName = 'cancel' | 'reset' | 'create-failure' | 'alter-connector' | RecoveryPathName;

export type DropProgress = {
  readonly phase: DropPhase;
  /** The epoch of the barrier carrying this sink's Stop mutation (0 before it is injected). */
  readonly stopEpoch: number;
  /** Which teardown path, when it is not DROP SINK (absent then, so DROP SINK's states are unchanged). */
  readonly path?: TeardownPathName;
  /** Set when a recovery took over the teardown's command (model/recovery.ts); absent otherwise. */
  readonly preApplied?: true;
};

export type ActorStatus = 'running' | 'stopped' | 'failed';

/** The backfill actor of one sink (the sink's other executors do not touch its state table). */
export type Actor = {
  readonly status: ActorStatus;
  /** The last barrier the actor received (for a failed actor: the barrier it failed on). */
  readonly epoch: number;
  /** Backfill position: upstream snapshot rows read so far; the value of its progress row. */
  readonly pos: number;
  /** Whether a progress row was written before, so that the next barrier reads the old row first. */
  readonly hasRow: boolean;
  /** Why the actor failed; empty unless failed. */
  readonly reason: string;
};

/** An immutable memtable: a table's flushed writes of one epoch, in the read version until synced. */
export type Imm = {
  readonly table: TableId;
  readonly epoch: number;
  /** The progress row's value (the only key of a backfill progress table). */
  readonly value: number;
};

export type Notification = {
  readonly op: 'Add' | 'Delete';
  readonly table: TableId;
};

/**
 * The dedicated compactor (compactor=on): it compacts the committed SSTs of registered tables,
 * resolving each through a catalog cache of its own, fed by meta's notifications in a queue of its
 * own (its own subscription, delivered at its own pace).
 */
export type CompactorState = {
  /** Its compaction-catalog cache: tables it can resolve without asking meta. */
  readonly cache: ISet<TableId>;
  /** Catalog notifications broadcast by meta and not yet applied by the compactor, in order. */
  readonly notifications: readonly Notification[];
  /** SSTs synced but not committed yet: per sync epoch, the tables its SST holds. */
  readonly uploaded: IMap<number, ISet<TableId>>;
  /** Tables with committed SSTs the compactor has not compacted yet (L0). */
  readonly l0: ISet<TableId>;
  /** The tables the last task could not resolve (it failed); empty when it succeeded or none ran. */
  readonly failed: ISet<TableId>;
};

export type DropState = {
  // meta: catalog
  /** Live state tables in the catalog. */
  readonly catalog: ISet<TableId>;
  /** `dropped_tables`: deleted from the catalog, Stop barrier not completed yet. */
  readonly tombstones: ISet<TableId>;
  // meta: hummock manager
  /** Tables registered in the storage version. */
  readonly registered: ISet<TableId>;
  // meta: barrier manager
  /** The epoch of the last injected barrier (epoch counter). */
  readonly epoch: number;
  /** The last epoch whose synced SSTs meta committed into the storage version. */
  readonly committedEpoch: number;
  readonly drops: { readonly [sink: SinkId]: DropProgress };
  // compute node: actors
  readonly actors: { readonly [sink: SinkId]: Actor };
  // compute node: local state store and uploader
  /** Per-table mutable memtable: the value written since the last flush. */
  readonly memtable: IMap<TableId, number>;
  /** Imms in the read version and queued in the uploader, sorted by epoch then table. */
  readonly imms: readonly Imm[];
  /** Per table, the newest value in synced SSTs (the read version's data below the imms). */
  readonly synced: IMap<TableId, number>;
  /** The last epoch the node synced (shared-buffer compaction done, SST reported to meta). */
  readonly syncedEpoch: number;
  /** With `compaction=fail-task`: the epoch whose sync task failed (0 = none). */
  readonly failedSync: number;
  /** The compaction-catalog cache: tables the node can resolve without asking meta. */
  readonly cache: ISet<TableId>;
  /** Catalog notifications broadcast by meta and not yet applied by the node, in order. */
  readonly notifications: readonly Notification[];
  // history (observes the protocol, never guards it)
  /** Tables whose rows a compaction left out of its SST, with the epoch of the first such sync. */
  readonly discarded: IMap<TableId, number>;
  // the dedicated compactor: present only with compactor=on, so without it every state is what it was
  readonly compactor?: CompactorState;
  // recovery and meta restart (model/recovery.ts): present only when one of their budgets is not 0
  readonly recovery?: RecoveryProgress;
};

// ---- Recovery, per-database recovery and meta restart (model/recovery.ts, database-recovery.ts,
// meta-restart.ts). Every field and value here is absent at the default budgets (all 0), so the
// states of the model without recovery are what they were.

/**
 * `recovering`: a global recovery reset the data plane and took over this sink's queued or
 * in-flight teardown; its purge step ends it (`dropped`).
 */
export type RecoveryDropPhase = 'recovering';

/** The teardown path of a foreground CREATE's dirty job, cleaned by a per-database recovery. */
export type RecoveryPathName = 'dirty-job';

/** Where a global recovery is: none under way, or its next step (drain the tombstones, purge registrations). */
export type RecoveryStep = 'none' | 'drain' | 'purge';

export type RecoveryProgress = {
  readonly step: RecoveryStep;
  /** Budgets used so far: global recoveries from outside (node crashes), per-database recoveries, meta restarts. */
  readonly recoveries: number;
  readonly dbRecoveries: number;
  readonly metaRestarts: number;
};

export const sinkIds = (n: number): SinkId[] => Array.from({ length: n }, (_, i) => `s${i + 1}`);

/** The progress state table of a sink: one per sink, `s3` owns `t3`. */
export const tableOf = (sink: SinkId): TableId => `t${sink.slice(1)}`;
export const sinkOf = (table: TableId): SinkId => `s${table.slice(1)}`;

/** Every subset of `items`, smallest first (deterministic order). */
export function subsets<T>(items: readonly T[]): T[][] {
  let out: T[][] = [[]];
  for (const x of items) out = [...out, ...out.map((s) => [...s, x])];
  return out;
}

/**
 * The sinks are created and backfilling, no barrier injected yet. The compaction-catalog cache
 * starts with any subset of the tables (cold for a table the node never compacted, warm otherwise).
 */
export function initialStates(sinks: number): DropState[] {
  const ids = sinkIds(sinks);
  const tables = ids.map(tableOf);
  return subsets(tables).map((warm) => ({
    catalog: ISet(tables),
    tombstones: ISet<TableId>(),
    registered: ISet(tables),
    epoch: 0,
    committedEpoch: 0,
    drops: Object.fromEntries(ids.map((s) => [s, { phase: 'live', stopEpoch: 0 } as DropProgress])),
    actors: Object.fromEntries(ids.map((s) => [s, { status: 'running', epoch: 0, pos: 0, hasRow: false, reason: '' } as Actor])),
    memtable: IMap<TableId, number>(),
    imms: [],
    synced: IMap<TableId, number>(),
    syncedEpoch: 0,
    failedSync: 0,
    cache: ISet(warm),
    notifications: [],
    discarded: IMap<TableId, number>(),
  }));
}

/** The sinks of the last actors record met, as iterated, and in id order. */
let lastKeys: readonly string[] = [];
let lastOrder: readonly SinkId[] = [];

/**
 * The sinks of a state, in id order. Memoised on the last actors record's keys, which every state
 * of a model shares, rather than per record: a state decoded by the search has records of its own,
 * and a weak map of them only burdened the garbage collector.
 */
export function sinksOf(s: DropState): readonly SinkId[] {
  const keys = Object.keys(s.actors);
  let same = keys.length === lastKeys.length;
  for (let i = 0; same && i < keys.length; i++) same = keys[i] === lastKeys[i];
  if (!same) {
    lastKeys = keys;
    lastOrder = [...keys].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  }
  return lastOrder;
}
