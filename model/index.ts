// The built-in model: dropping a sink while its backfill progress is written, flushed and
// compacted (../shared/protocol.md). Each asynchronous step of meta, the actors and the compute
// node's state store is its own action, so the checker sees every interleaving.
import { defineModel } from '../checker/model.ts';
import { invariants, properties } from '../invariants/index.ts';
import { params, type DropConsts } from './params.ts';
import { initialStates, type DropState } from './state.ts';
import { flushMemtable, injectBarrier, receiveBarrier } from './barrier.ts';
import { syncEpoch } from './uploader.ts';
import { commitEpoch, deliverNotification } from './meta.ts';
import { dropSink, finishDropAction } from './drop.ts';
import { settle } from './settle.ts';
import { cancelJob } from './cancel.ts';
import { resetPartialGraph } from './reset.ts';
import { createFails } from './create-failure.ts';
import { alterDropConnector } from './alter-connector.ts';
import { presets } from './presets.ts';
import { sinkIdSymmetry, sinkSymmetry } from './symmetry.ts';
import { pausedDuringRecovery as paused, recover, recoverDrain, recoverPurge, withRecoveryVariable } from './recovery.ts';
import { recoverDatabase } from './database-recovery.ts';
import { metaRestart } from './meta-restart.ts';

export default defineModel<DropState, DropConsts>({
  name: 'DropSink',
  description: 'DROP SINK racing backfill progress writes, shared-buffer compaction and catalog notifications (RisingWave #14910, #20953, #21017)',
  params,
  init: (consts) => withRecoveryVariable(initialStates(consts.sinks), consts),
  // The later teardown paths come after DROP SINK's steps: at their defaults they yield nothing, so
  // the search and its traces are exactly what they were without them.
  // Recovery, per-database recovery and meta restart come last (nothing at budget 0); while a
  // global recovery is under way no barrier is injected and DDL waits (paused).
  actions: [
    paused(injectBarrier), receiveBarrier, flushMemtable, syncEpoch, commitEpoch, deliverNotification, paused(dropSink), finishDropAction,
    paused(cancelJob), resetPartialGraph, paused(createFails), paused(alterDropConnector),
    recover, recoverDrain, recoverPurge, recoverDatabase, metaRestart,
    settle,
  ],
  invariants: [...invariants],
  properties,
  presets,
  // Sinks differ only by name: one state per renaming class (`check --no-symmetry` explores them all).
  symmetry: sinkSymmetry,
  symmetryIds: sinkIdSymmetry,
});
