// Global recovery (../shared/protocol-history.md, "Recovery"), in the order of today's code: the
// data plane is reset (uncommitted memtables and imms dropped, actors of live jobs restarted from
// the committed epoch, failed ones too), queued drops are pre-applied without a barrier and
// in-flight ones finished, their tombstones kept (before #23216) or completed; then every tombstone
// is drained with a Delete (#23216), then registrations of tables not in the catalog are purged
// (#15355, #17274). The first of these is one step (`Recover`); the drain and the purge are steps
// of their own, weakly fair once the recovery has started, so that what happens between them (the
// first open question) is observable. While a recovery is under way the barrier queue is blocked
// and DDL waits ("the cluster is recovering").
import { Set as ISet } from 'immutable';
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import { recoveryBudgets } from './recovery-params.ts';
import type { DropProgress, DropState, RecoveryProgress, SinkId, TableId } from './state.ts';
import { sinksOf, tableOf } from './state.ts';

type Action = ActionSpec<DropState, DropConsts>;

/** Whether any recovery budget is not 0: only then do states carry the `recovery` variable. */
export const recoveryModelled = (consts: DropConsts): boolean => recoveryBudgets.some((k) => consts[k] > 0);

/** The initial states, with the recovery variable when a budget allows a recovery. */
export function withRecoveryVariable(states: readonly DropState[], consts: DropConsts): DropState[] {
  if (!recoveryModelled(consts)) return [...states];
  const recovery: RecoveryProgress = { step: 'none', recoveries: 0, dbRecoveries: 0, metaRestarts: 0 };
  return states.map((s) => ({ ...s, recovery }));
}

/** Whether a global recovery has started and not yet purged. */
export const recoveryUnderWay = (s: DropState): boolean => s.recovery !== undefined && s.recovery.step !== 'none';

export const failedSink = (s: DropState): SinkId | undefined => sinksOf(s).find((sink) => s.actors[sink]!.status === 'failed');

/**
 * Whether an actor failure is followed by a global recovery: whenever global recovery is modelled
 * (`recoveries` > 0). The system's own recoveries are not counted against the budget, which bounds
 * the node crashes: each actor failure needs a teardown of its own (only a torn-down table becomes
 * unresolvable, and a recovery does not rebuild a torn-down job's actors), so they are bounded by
 * the sinks, and a failure is never left unrepaired because a bound ran out.
 */
export const recoveryFollowsFailure = (s: DropState, consts: DropConsts): boolean => s.recovery !== undefined && consts.recoveries > 0;

/** Teardowns whose command a recovery finds queued (no barrier yet) or in flight (on a barrier, or a reset not yet done). */
export const queued = (d: DropProgress): boolean => d.phase === 'scheduled';
export const inFlight = (d: DropProgress): boolean => d.phase === 'stopping' || d.phase === 'resetting';

/**
 * The data plane resets to the committed epoch: memtables and imms are dropped, the barriers after
 * the committed epoch are abandoned (the next one injected is committed + 1), and every actor of a
 * live job restarts from what it reads (a failed one too); other jobs' actors are not rebuilt.
 * Synced SSTs stay readable: the model does not version SST data by epoch, so a restarted actor
 * resumes from the newest synced progress (a simplification, see the README).
 */
export function resetDataPlane(s: DropState): DropState {
  const committed = s.committedEpoch;
  const actors = Object.fromEntries(sinksOf(s).map((sink) => {
    const a = s.actors[sink]!;
    if (s.drops[sink]!.phase !== 'live') return [sink, { ...a, status: 'stopped' as const, epoch: Math.min(a.epoch, committed), reason: '' }];
    const row = s.synced.get(tableOf(sink));
    return [sink, { status: 'running' as const, epoch: committed, pos: row ?? 0, hasRow: row !== undefined, reason: '' }];
  }));
  return { ...s, actors, memtable: s.memtable.clear(), imms: [], epoch: committed, syncedEpoch: committed, failedSync: 0 };
}

const deleteNotice = (t: TableId) => ({ op: 'Delete' as const, table: t });

/**
 * What a global recovery does to one queued or in-flight teardown: its writers are already gone
 * (the reset did not rebuild them); the job leaves the catalog (a row still there is deleted, with
 * its Delete); with `complete` (#23216) its tombstone is completed with a Delete, before it nothing
 * completes it. The purge unregisters the table later.
 */
function preApply(s: DropState, sink: SinkId, { recovery }: DropConsts): DropState {
  const t = tableOf(sink);
  let next = s;
  if (next.catalog.has(t)) next = { ...next, catalog: next.catalog.delete(t), notifications: [...next.notifications, deleteNotice(t)] };
  if (recovery === 'complete' && next.tombstones.has(t)) next = { ...next, tombstones: next.tombstones.delete(t), notifications: [...next.notifications, deleteNotice(t)] };
  const d = s.drops[sink]!;
  const record: DropProgress = { phase: 'recovering', stopEpoch: 0, ...(d.path !== undefined ? { path: d.path } : {}), preApplied: true };
  return { ...next, drops: { ...next.drops, [sink]: record } };
}

/** The first step of a global recovery: reset, pre-apply; then the drain (with `complete`) or the purge. */
export function startRecovery(s: DropState, consts: DropConsts, recovery: RecoveryProgress): DropState {
  let next = resetDataPlane(s);
  for (const sink of sinksOf(s)) if (queued(s.drops[sink]!) || inFlight(s.drops[sink]!)) next = preApply(next, sink, consts);
  return { ...next, recovery: { ...recovery, step: consts.recovery === 'complete' ? 'drain' : 'purge' } };
}

export const recover: Action = {
  name: 'Recover',
  description: 'global recovery starts: the data plane resets to the committed epoch (actors of live jobs restart, failed ones too), queued and in-flight drops are pre-applied, their tombstones completed (recovery=complete) or kept',
  params: ['cause'],
  // After an actor failure the system recovers by itself: an internal step, weakly fair (while the
  // budget allows). A node crash is an environment event: no fairness.
  fairness: { kind: 'weak', instance: (p) => (p.cause === 'actor-failure' ? 'after actor failure' : undefined) },
  *successors(s, consts) {
    const r = s.recovery;
    if (r === undefined || r.step !== 'none') return;
    // A crash while an actor has failed leads to the same state: the system's recovery stands for both.
    if (failedSink(s) !== undefined && recoveryFollowsFailure(s, consts)) yield { params: { cause: 'actor-failure' }, state: startRecovery(s, consts, r) };
    else if (r.recoveries < consts.recoveries) yield { params: { cause: 'node-crash' }, state: startRecovery(s, consts, { ...r, recoveries: r.recoveries + 1 }) };
  },
};

export const recoverDrain: Action = {
  name: 'RecoverDrain',
  description: 'global recovery drains every tombstone (cleanup_dropped_tables): each completed, with a Delete to the storage observers (#23216)',
  fairness: { kind: 'weak' },
  *successors(s) {
    if (s.recovery?.step !== 'drain') return;
    const drained = [...s.tombstones].sort();
    yield { state: { ...s, tombstones: ISet<TableId>(), notifications: [...s.notifications, ...drained.map(deleteNotice)], recovery: { ...s.recovery, step: 'purge' } } };
  },
};

export const recoverPurge: Action = {
  name: 'RecoverPurge',
  description: 'global recovery purges the registrations of tables not in the catalog (#15355, #17274); the teardowns it took over are done, barriers and DDL resume',
  fairness: { kind: 'weak' },
  *successors(s) {
    if (s.recovery?.step !== 'purge') return;
    const drops = Object.fromEntries(sinksOf(s).map((sink) => {
      const d = s.drops[sink]!;
      return [sink, d.phase === 'recovering' ? { ...d, phase: 'dropped' as const } : d];
    }));
    yield { state: { ...s, registered: s.registered.intersect(s.catalog), drops, recovery: { ...s.recovery, step: 'none' } } };
  },
};

/**
 * The same action, disabled while a global recovery is under way: the barrier queue is blocked
 * (no barrier injected) and DDL is refused until the recovery ends. Without the recovery variable
 * it is the action itself.
 */
export function pausedDuringRecovery(action: Action): Action {
  return {
    ...action,
    // The action's own iterable, not a generator around it: this wraps the busiest actions.
    successors: (s, consts) => (recoveryUnderWay(s) ? [] : action.successors(s, consts)),
  };
}
