// Legitimate ends of a behaviour, made explicit (the TLA+ `Done` idiom) so that a state without
// any other enabled step is reported as a deadlock only when the protocol is really stuck.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState } from './state.ts';
import { sinksOf } from './state.ts';
import { failedSink, recoveryFollowsFailure, recoveryUnderWay } from './recovery.ts';

/** Whether the behaviour may end here with its work done (not cut short by an actor failure). */
export const endedNormally = (s: DropState, consts: DropConsts): boolean => failedSink(s) === undefined && settledBecause(s, consts) !== undefined;

/**
 * Why the behaviour may end here, or undefined when work is still owed: the epoch budget spent,
 * every injected barrier committed, every notification applied and no drop owed (none scheduled,
 * stopping or stopped but unfinished); or an actor failed and no recovery follows in the model (its
 * `recoveries` budget is spent or 0). A recovery under way is work owed.
 */
export function settledBecause(s: DropState, consts: DropConsts): string | undefined {
  const { maxEpoch } = consts;
  const failed = failedSink(s);
  if (failed !== undefined) return recoveryFollowsFailure(s, consts) ? undefined : `actor of ${failed} failed: recovery`;
  if (recoveryUnderWay(s)) return undefined;
  // A drop owes its Stop and its finish; a stopped teardown owes its cleanup; a scheduled reset
  // owes the reset (neither of the last two waits for a barrier).
  const owed = sinksOf(s).some((sink) => ['scheduled', 'stopping', 'stopped', 'resetting'].includes(s.drops[sink]!.phase));
  if (s.epoch >= maxEpoch && s.committedEpoch === s.epoch && s.notifications.length === 0 && !owed) return 'every barrier committed';
  return undefined;
}

export const settle: ActionSpec<DropState, DropConsts> = {
  name: 'Settled',
  description: 'stutter once the behaviour has legitimately ended (epochs exhausted and all work done, or an actor failed into recovery)',
  *successors(s, consts) {
    if (settledBecause(s, consts) !== undefined) yield { state: { ...s } };
  },
};
