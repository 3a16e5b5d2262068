// Replaying a model behaviour (a trace) against the executable store: perform each action, map
// the store's state back to the model's and compare, step by step. The first step where the store
// cannot perform the action or reaches another state is the divergence.
import type { ActionLabel, PropertyViolation, TraceStep } from '../checker/trace.ts';
import { formatAction } from '../checker/trace.ts';
import { differingVariables } from '../checker/validate-trace.ts';
import { valueEquals, type Value } from '../checker/value.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { modelStateOf } from './model-state.ts';
import { performAction, storeFor, type StoreSetup } from './drive-store.ts';

export interface StoreStep {
  /** 0-based index of the trace state. */
  readonly index: number;
  readonly action?: ActionLabel;
  /** Whether the store reached the trace's state. */
  readonly same: boolean;
  /** Why not: the operation failed, or the variables that differ. */
  readonly message?: string;
  readonly differingVars?: readonly string[];
  /** The store's actor failure after this step, when one happened at this step. */
  readonly failure?: string;
}

export interface StoreReplay {
  readonly steps: readonly StoreStep[];
  /** The first step where the store did not follow the trace, if any. */
  readonly divergedAt?: number;
  /** The store's first actor failure at the end (`row ... not found` for #20953). */
  readonly failure?: string;
  /** Whether the store reproduces the trace: every state, and the claimed property's failure. */
  readonly reproduced: boolean;
  /** Why the end does not match the claim, when the states all do. */
  readonly claimMessage?: string;
}

/** What the store must show at the end of a trace that claims `claim`. */
function claimShown(claim: PropertyViolation | undefined, failure: string | undefined): string | undefined {
  // Every other property is a function of the state, which the comparison already checked.
  if (claim?.name === 'NoRowNotFound' && !(failure ?? '').includes('not found')) return 'the trace ends in row not found but no store actor failed that way';
  return undefined;
}

export async function replayOnStore(consts: DropConsts, trace: readonly TraceStep[], claim?: PropertyViolation, setup: StoreSetup = {}): Promise<StoreReplay> {
  const first = trace[0]!.state as DropState;
  const store = storeFor(consts, first, setup);
  const steps: StoreStep[] = [];
  let previousFailure: string | undefined;
  for (let i = 0; i < trace.length; i++) {
    const { action, state } = trace[i]!;
    const base = { index: i, ...(action ? { action } : {}) };
    if (action) {
      try {
        await performAction(store, action);
      } catch (e) {
        steps.push({ ...base, same: false, message: `the store cannot perform ${formatAction(action)}: ${(e as Error).message}` });
        return { steps, divergedAt: i, reproduced: false, ...failureOf(previousFailure) };
      }
    }
    const mapped = modelStateOf(store);
    const failure = store.failure()?.message;
    const newFailure = failure !== previousFailure ? failure : undefined;
    previousFailure = failure;
    if (!valueEquals(mapped as Value, state as Value)) {
      const differingVars = differingVariables(mapped, state);
      steps.push({ ...base, same: false, message: `the store's state differs in ${differingVars.join(', ')}`, differingVars, ...(newFailure ? { failure: newFailure } : {}) });
      return { steps, divergedAt: i, reproduced: false, ...failureOf(failure) };
    }
    steps.push({ ...base, same: true, ...(newFailure ? { failure: newFailure } : {}) });
  }
  const claimMessage = claimShown(claim, previousFailure);
  return { steps, reproduced: claimMessage === undefined, ...failureOf(previousFailure), ...(claimMessage ? { claimMessage } : {}) };
}

const failureOf = (f: string | undefined) => (f === undefined ? {} : { failure: f });
