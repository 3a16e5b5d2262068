// Names and shapes shared by the parts of the executable store.

/** A state table's id (RisingWave numbers them; the store does too). */
export type TableId = number;
/** A streaming job: here always a sink, named by the user. */
export type JobId = string;
export type Epoch = number;

/** How `DROP SINK` orders catalog deletion, notification and the Stop barrier (protocol.md). */
export type DropVariant = 'catalog-first' | 'deferred-notify' | 'tombstone-fetch' | 'stop-first';
/** What shared-buffer compaction does with a table it cannot resolve. */
export type CompactionMode = 'skip' | 'fail-task';

/**
 * The later teardown paths (protocol-history.md) and the variant of each this store runs: cancel of
 * a creating job, the kind of the jobs (snapshot-backfill jobs are reset, not stopped by a barrier),
 * who cleans up after a reset, a failed foreground CREATE's error arm, ALTER TABLE … DROP CONNECTOR.
 */
export interface TeardownOptions {
  readonly cancel: 'off' | 'no-tombstone' | 'tombstone';
  readonly jobKind: 'backfill' | 'snapshot-backfill';
  readonly cleanup: 'post-collect' | 'issuer';
  readonly createFailure: 'off' | 'no-tombstone' | 'tombstone-stale' | 'tombstone-leak' | 'cancel-and-cleanup';
  readonly alterConnector: 'off' | 'delete-after-unregister' | 'delete-before-stop' | 'tombstone';
}

/**
 * Recovery (protocol-history.md, "Recovery", "Per-database recovery"): what a global recovery does
 * with tombstones (#23216 completes them; before it they were kept), how a per-database recovery
 * cleans a dirty creating job (#25592 records a tombstone and cleans up; before it, delete only),
 * and which jobs were created in the foreground (their CREATE waits for the backfill).
 */
export interface RecoveryOptions {
  readonly recovery: 'complete' | 'keep-tombstones';
  readonly dirtyJobs: 'tombstone-and-cleanup' | 'delete-only';
  readonly foreground: readonly JobId[];
}

/** The dedicated compactor: whether write stop holds the flushes while its compaction fails (#16511), the jobs whose tables its cache knows. */
export interface CompactorOptions {
  readonly writeStop: boolean;
  readonly warm: readonly JobId[];
}

/** Every later path off: the store as it was before they existed. */
export const NO_LATER_PATHS: TeardownOptions = { cancel: 'off', jobKind: 'backfill', cleanup: 'issuer', createFailure: 'off', alterConnector: 'off' };

export const DROP_VARIANTS: readonly DropVariant[] = ['catalog-first', 'deferred-notify', 'tombstone-fetch', 'stop-first'];
export const COMPACTION_MODES: readonly CompactionMode[] = ['skip', 'fail-task'];

/** A catalog change meta broadcasts to compute nodes. */
export type CatalogEvent =
  | { readonly op: 'add'; readonly table: TableId; readonly job: JobId }
  | { readonly op: 'delete'; readonly table: TableId; readonly job: JobId };

/**
 * Every hop between two services goes through this function, so a test can decide when each
 * one completes (fast-check's scheduler); production code passes the call straight through.
 */
export type Hop = <T>(label: string, call: () => Promise<T>) => Promise<T>;
export const direct: Hop = (_label, call) => call();

/** The backfill executor's failure of #20953: its own progress row is gone. */
export class RowNotFoundError extends Error {
  override readonly name = 'RowNotFoundError';
  constructor(readonly table: TableId, readonly key: string) {
    super(`row not found: ${key} of table ${table}`);
  }
}

/** A compaction task that met a table it could not resolve, in fail-task mode. */
export class CompactionTaskError extends Error {
  override readonly name = 'CompactionTaskError';
  constructor(readonly table: TableId) {
    super(`compaction task failed: table ${table} not found`);
  }
}
