// The refinement mapping: what the executable store's observable state is, as a state of the
// protocol model. Sinks keep their names (s1, s2, ...); the store's table 500+i is the model's ti;
// each variable is read from the component that owns it in the store:
//   catalog, tombstones, registered  MetaService: live tables, dropped_tables, storage-version registrations
//   drops                            MetaService's DDL progress per job (absent = live); the teardown
//                                    path, when not DROP SINK (cancel, reset, create-failure, alter-connector)
//   epoch                            BarrierManager: last injected epoch
//   committedEpoch                   MetaService: last committed epoch
//   actors                           BackfillActor: status, last barrier, position, whether a row was
//                                    written; a failure's reason is the store's error in the model's words
//   memtable, imms                   LocalStateStore: unflushed progress rows; imms by epoch then table
//   synced                           LocalStateStore: per table, the progress row of the newest SST holding it
//   syncedEpoch, failedSync          Uploader: last synced epoch; the epoch whose task failed (fail-task)
//   discarded                        Uploader: tables a sync left out (its error log, kept as data)
//   cache                            CompactionCatalogCache: tables it resolves without asking meta
//   notifications                    NotificationChannel: catalog events published, not yet delivered
//   recovery (with its options)      RecoveryCoordinator: the global recovery's next step, the recoveries
//                                    counted (node crashes, per-database, meta restarts); drops taken
//                                    over by a recovery are MetaService's records marked preApplied
//   compactor (when there is one)    DedicatedCompactor: its cache and pending notifications, the failed
//                                    tables of its last task; Uploader: SSTs uploaded, not committed
//                                    (by epoch, those with data); MetaService: L0's tables
import { Map as IMap, Set as ISet } from 'immutable';
import type { Actor, CompactorState, DropProgress, DropState, Imm, Notification, RecoveryProgress } from '../model/state.ts';
import type { CatalogEvent } from '../store/types.ts';
import type { Store } from '../store/store.ts';
import { FIRST_TABLE_ID } from '../store/store.ts';
import { PROGRESS_KEY } from '../store/actors.ts';
import { RowNotFoundError } from '../store/types.ts';

/** The model's name of a store table id (501 -> t1). */
export const modelTable = (table: number): string => `t${table - FIRST_TABLE_ID + 1}`;
/** The store's id of a model table name (t1 -> 501). */
export const storeTable = (table: string): number => Number(table.slice(1)) + FIRST_TABLE_ID - 1;

const progressValue = (rows: ReadonlyMap<string, string>): number => Number(rows.get(PROGRESS_KEY));
const tableSet = (tables: Iterable<number>) => ISet([...tables].map(modelTable));

/** The model's wording of an actor failure, from the store's error. */
function failureReason(job: string, table: number, epoch: number, error: Error | undefined): string {
  if (error instanceof RowNotFoundError) return `row not found: sink ${job} read its progress row in table ${modelTable(table)} at epoch ${epoch}`;
  return `failed: ${error?.message ?? 'unknown error'}`;
}

export function modelStateOf(store: Store): DropState {
  const { meta, node, barriers } = store;
  const jobs = store.jobs();
  const actors: Record<string, Actor> = {};
  const drops: Record<string, DropProgress> = {};
  let memtable = IMap<string, number>();
  for (const job of jobs) {
    const a = node.actor(job)!;
    actors[job] = {
      status: a.status,
      epoch: a.epoch,
      pos: a.position,
      hasRow: a.hasRow,
      reason: a.status === 'failed' ? failureReason(job, a.progressTable, a.epoch, a.failure) : '',
    };
    const d = meta.dropProgress(job);
    drops[job] = d ? { phase: d.phase, stopEpoch: d.stopEpoch, ...(d.path !== undefined ? { path: d.path } : {}), ...(d.preApplied ? { preApplied: true } : {}) } : { phase: 'live', stopEpoch: 0 };
    if (node.store.hasUnflushed(a.progressTable)) memtable = memtable.set(modelTable(a.progressTable), progressValue(node.store.memtable(a.progressTable)));
  }
  const imms: Imm[] = node.store.imms()
    .map((i) => ({ table: modelTable(i.table), epoch: i.epoch, value: progressValue(i.rows) }))
    .sort((a, b) => a.epoch - b.epoch || (a.table < b.table ? -1 : a.table > b.table ? 1 : 0));
  let synced = IMap<string, number>();
  for (const sst of node.store.ssts()) for (const [table, rows] of sst.tables) if (rows.has(PROGRESS_KEY)) synced = synced.set(modelTable(table), progressValue(rows));
  const notifications = notificationsOf(node.notifications.pending());
  return {
    catalog: tableSet(meta.liveTables().map((t) => t.table)),
    tombstones: tableSet(meta.droppedTables().map((t) => t.table)),
    registered: tableSet(meta.registeredTables()),
    epoch: barriers.currentEpoch(),
    committedEpoch: meta.maxCommittedEpoch(),
    drops,
    actors,
    memtable,
    imms,
    synced,
    syncedEpoch: node.uploader.syncedEpoch(),
    failedSync: node.uploader.failedSync(),
    cache: tableSet(node.cache.tables()),
    notifications,
    discarded: IMap([...node.uploader.skippedTables()].map(([t, e]) => [modelTable(t), e] as [string, number])),
    ...(store.options.recovery ? { recovery: recoveryOf(store) } : {}),
    ...(store.compactor ? { compactor: compactorOf(store) } : {}),
  };
}

const notificationsOf = (events: readonly CatalogEvent[]): Notification[] => events.map((e) => ({ op: e.op === 'add' ? 'Add' : 'Delete', table: modelTable(e.table) }));

function recoveryOf(store: Store): RecoveryProgress {
  return { step: store.recovery.step(), ...store.recovery.counts };
}

function compactorOf(store: Store): CompactorState {
  const c = store.compactor!;
  const withData = store.node.uploader.uploadedSsts().filter((s) => s.tables.size > 0);
  return {
    cache: tableSet(c.cache.tables()),
    notifications: notificationsOf(c.notifications.pending()),
    uploaded: IMap(withData.map((s) => [s.epoch, tableSet(s.tables.keys())] as [number, ISet<string>])),
    l0: tableSet(new Set(store.meta.l0Ssts().flatMap((s) => s.tables))),
    failed: tableSet(c.failed()),
  };
}
