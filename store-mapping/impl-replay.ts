// `replay --impl`: a trace of the protocol model replayed against the executable store, reported
// state by state. Exit status: 0 when the store reproduces the trace (every state, and the
// claimed failure), 1 when it diverges.
import type { Consts } from '../checker/model.ts';
import { formatAction } from '../checker/trace.ts';
import { InputError } from '../checker/errors.ts';
import type { LoadedTrace } from '../traces/read-trace.ts';
import { traceSteps } from '../traces/read-trace.ts';
import builtin from '../model/index.ts';
import type { DropConsts } from '../model/params.ts';
import { replayOnStore, type StoreReplay } from './replay-on-store.ts';

export interface ImplReplayResult {
  readonly replay: StoreReplay;
  readonly lines: readonly string[];
  readonly exitCode: 0 | 1;
}

/** Replays `trace` (already read and matched to `modelName`) on the store and words the outcome. */
export async function implReplay(tracePath: string, trace: LoadedTrace, modelName: string, consts: Consts): Promise<ImplReplayResult> {
  if (modelName !== builtin.name) throw new InputError(`${tracePath}: --impl replays traces of the ${builtin.name} model on the executable store; this trace is of ${modelName}`);
  const missing = trace.actions.findIndex((a, i) => i > 0 && a === undefined);
  if (missing !== -1) throw new InputError(`${tracePath}: state ${missing + 1} does not name the action that produced it, so the store cannot be driven`);
  const steps = traceSteps(trace);
  const replay = await replayOnStore(consts as DropConsts, steps, trace.meta.violation);
  const lines = [`replay --impl: driving the store through ${steps.length} states (${Object.entries(consts).map(([k, v]) => `${k}=${v}`).join(', ')})`];
  for (const s of replay.steps) {
    const what = s.action ? formatAction(s.action) : '<initial state>';
    const failure = s.failure ? `; store failure: ${s.failure}` : '';
    lines.push(`  State ${s.index + 1}: ${what}: ${s.same ? 'same state' : s.message}${failure}`);
  }
  let summary: string;
  if (replay.divergedAt !== undefined) {
    const s = replay.steps[replay.divergedAt]!;
    summary = `the store diverges at state ${s.index + 1} (${s.action ? formatAction(s.action) : 'the initial state'}): ${s.message}`;
  } else if (!replay.reproduced) {
    summary = `the store reaches every state but does not fail the same way: ${replay.claimMessage}`;
  } else {
    const claim = trace.meta.violation;
    const ending = replay.failure
      ? ` and fails the same way: ${replay.failure}`
      : claim?.kind === 'deadlock'
        ? ', ending in the state where the model deadlocks'
        : claim?.kind === 'liveness'
          // The store follows the states listed; the cycle's closing step is the model's to check (replay without --impl).
          ? `, the prefix and one lap of the lasso on which ${claim.name} fails`
        : claim ? `, ending in the state that violates ${claim.name}` : '';
    summary = `ok: the store reproduces the trace (${steps.length} states)${ending}`;
  }
  lines.push(`replay --impl: ${summary}`);
  return { replay, lines, exitCode: replay.reproduced ? 0 : 1 };
}
