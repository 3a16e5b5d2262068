// Driving the executable store with the model's actions: each model action names the store
// operation that performs the same step. The store is built to match a model initial state.
import type { ActionLabel } from '../checker/trace.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinkIds, sinkOf } from '../model/state.ts';
import { recoveryModelled } from '../model/recovery.ts';
import { Store, type PlantedBug } from '../store/store.ts';
import type { Hop } from '../store/types.ts';
import type { RecoveryCause } from '../store/recovery.ts';

export interface StoreSetup {
  readonly plantedBug?: PlantedBug;
  readonly hop?: Hop;
  readonly log?: (line: string) => void;
}

/** A store with the model's parameters whose state maps to the model initial state `init`. */
export function storeFor(consts: DropConsts, init: DropState, setup: StoreSetup = {}): Store {
  return new Store({
    drop: consts.drop,
    compaction: consts.compaction,
    sinks: sinkIds(consts.sinks),
    rows: consts.rows,
    rateLimit: consts.rateLimit,
    teardown: { cancel: consts.cancel, jobKind: consts.jobKind, cleanup: consts.cleanup, createFailure: consts.createFailure, alterConnector: consts.alterConnector },
    warm: [...init.cache].sort().map(sinkOf),
    ...(recoveryModelled(consts) ? { recovery: { recovery: consts.recovery, dirtyJobs: consts.dbRecoveryDirty, foreground: sinkIds(consts.foregroundSinks) } } : {}),
    ...(init.compactor ? { compactor: { writeStop: consts.writeStop, warm: [...init.compactor.cache].sort().map(sinkOf) } } : {}),
    ...setup,
  });
}

/** Why a model action has no store operation (a trace from another model, or a typo). */
export class UnknownActionError extends Error {
  override readonly name = 'UnknownActionError';
}

const param = (a: ActionLabel, name: string): string => {
  const v = a.params[name];
  if (typeof v !== 'string') throw new UnknownActionError(`${a.name} needs a string parameter ${name}`);
  return v;
};

const cause = (a: ActionLabel): RecoveryCause => {
  const c = param(a, 'cause');
  if (c !== 'actor-failure' && c !== 'node-crash') throw new UnknownActionError(`${a.name}: no recovery cause ${c}`);
  return c;
};

/**
 * Performs `action` on the store. Parameters the store decides itself (which epoch comes next,
 * which notification is oldest) are not passed: the comparison of states checks they agree.
 */
export async function performAction(store: Store, action: ActionLabel): Promise<void> {
  switch (action.name) {
    case 'InjectBarrier': await store.injectBarrier(); return;
    case 'ReceiveBarrier': await store.receiveBarrier(param(action, 'sink')); return;
    case 'FlushMemtable': await store.flushMemtable(param(action, 'sink')); return;
    case 'SyncEpoch': await store.syncEpoch(); return;
    case 'CommitEpoch': await store.commitEpoch(); return;
    case 'DeliverNotification': await store.deliverNotification(); return;
    case 'DropSink': await store.dropSink(param(action, 'sink')); return;
    case 'FinishDrop': await store.finishDrop(param(action, 'sink')); return;
    case 'CancelJob': await store.cancelJob(param(action, 'sink')); return;
    case 'ResetPartialGraph': await store.resetPartialGraph(param(action, 'sink')); return;
    case 'CreateFails': await store.createFails(param(action, 'sink')); return;
    case 'AlterDropConnector': await store.alterDropConnector(param(action, 'sink')); return;
    case 'Recover': await store.recover(cause(action)); return;
    case 'RecoverDrain': await store.recoverDrain(); return;
    case 'RecoverPurge': await store.recoverPurge(); return;
    case 'RecoverDatabase': await store.recoverDatabase(); return;
    case 'MetaRestart': await store.metaRestart(); return;
    case 'CompactCommitted': await store.compactCommitted(); return;
    case 'DeliverToCompactor': await store.deliverToCompactor(); return;
    case 'Settled': return; // the behaviour has ended: nothing happens
    default: throw new UnknownActionError(`the store has no operation for action ${action.name}`);
  }
}
