// Legitimate ends of a behaviour, made explicit (the TLA+ `Done` idiom) so that a state without
// any other enabled step is reported as a deadlock only when the protocol is really stuck.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { DropState } from './state.ts';
import { sinksOf } from './state.ts';

const failedSink = (s: DropState) => sinksOf(s).find((sink) => s.actors[sink]!.status === 'failed');

/** Whether the behaviour may end here with its work done (not cut short by an actor failure). */
export const endedNormally = (s: DropState, consts: DropConsts): boolean => failedSink(s) === undefined && settledBecause(s, consts) !== undefined;

/**
 * Why the behaviour may end here, or undefined when work is still owed: every barrier up to
 * `maxEpoch` injected and committed, every notification applied and every stopped drop finished;
 * or an actor failed, which starts a recovery the model does not include.
 */
export function settledBecause(s: DropState, { maxEpoch }: DropConsts): string | undefined {
  const failed = failedSink(s);
  if (failed !== undefined) return `actor of ${failed} failed: recovery`;
  // A stopped teardown owes its cleanup; a scheduled reset owes the reset (neither waits for a barrier).
  const finishing = sinksOf(s).some((sink) => s.drops[sink]!.phase === 'stopped' || s.drops[sink]!.phase === 'resetting');
  if (s.epoch === maxEpoch && s.committedEpoch === maxEpoch && s.notifications.length === 0 && !finishing) return 'every barrier committed';
  return undefined;
}

export const settle: ActionSpec<DropState, DropConsts> = {
  name: 'Settled',
  description: 'stutter once the behaviour has legitimately ended (epochs exhausted and all work done, or an actor failed into recovery)',
  *successors(s, consts) {
    if (settledBecause(s, consts) !== undefined) yield { state: { ...s } };
  },
};
