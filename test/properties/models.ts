// The models the property suite runs on: the examples and the protocol model's variants, each
// with the consts it uses and an arbitrary of its reachable states (random walks).
import { fc } from '@fast-check/vitest';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel, Consts, State } from '../../checker/model.ts';
import { runWalk } from '../../checker/simulate.ts';
import dieHard from '../../examples/die-hard.ts';
import tcommit from '../../examples/tcommit.ts';
import twoPhase from '../../examples/two-phase.ts';
import protocol from '../../model/index.ts';

export interface ModelCase {
  readonly label: string;
  readonly model: AnyModel;
  readonly consts: Consts;
}

const caseOf = (model: AnyModel, raw: Record<string, string> = {}): ModelCase => {
  const consts = resolveConsts(model, raw);
  const shown = Object.entries(raw).map(([k, v]) => `${k}=${v}`).join(', ');
  return { label: shown ? `${model.name} (${shown})` : model.name, model, consts };
};

export const modelCases: readonly ModelCase[] = [
  caseOf(dieHard),
  caseOf(tcommit),
  caseOf(twoPhase),
  ...(['catalog-first', 'deferred-notify', 'tombstone-fetch', 'stop-first'] as const).map((drop) => caseOf(protocol, { drop, sinks: '2' })),
  caseOf(protocol, { drop: 'tombstone-fetch', compaction: 'fail-task', sinks: '2' }),
  caseOf(protocol, { cancel: 'no-tombstone', createFailure: 'tombstone-stale', alterConnector: 'delete-before-stop', sinks: '2' }),
  caseOf(protocol, { jobKind: 'snapshot-backfill', cleanup: 'post-collect', sinks: '2' }),
  caseOf(protocol, { drop: 'deferred-notify', compactor: 'on', writeStop: 'true', sinks: '2' }),
];

/** A reachable state: the end of a random walk (invariants not checked, so walks go past violations). */
export function reachableState(c: ModelCase, maxSteps = 25): fc.Arbitrary<State> {
  const inits = [...c.model.init(c.consts)] as State[];
  const ctx = { model: c.model, consts: c.consts, inits, invariants: [], checkDeadlock: false };
  return fc.array(fc.nat(), { minLength: 1, maxLength: maxSteps + 1 }).map((choices) => runWalk(ctx, choices).trace.at(-1)!.state);
}
