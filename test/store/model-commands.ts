// Model-based testing of the executable store: fast-check commands, one per model action, drive
// the store; after each, the store's state mapped to the model must equal the model's successor
// by the same action (refinement), and the model's invariants are checked on it. fast-check's
// scheduler decides the order in which the store's concurrent hops (on-demand fetches,
// notification and barrier deliveries) complete. (fc.scheduledModelRun would deadlock here: it
// runs each command as a scheduled task, so a hop scheduled inside it could never be released;
// each command waits for its own operation through the scheduler instead.)
import fc from 'fast-check';
import type { ActionLabel } from '../../checker/trace.ts';
import { formatAction } from '../../checker/trace.ts';
import { differingVariables } from '../../checker/validate-trace.ts';
import { valueEquals, type Value } from '../../checker/value.ts';
import model from '../../model/index.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { recoveryModelled } from '../../model/recovery.ts';
import type { Store, PlantedBug } from '../../store/store.ts';
import { modelStateOf } from '../../store-mapping/model-state.ts';
import { performAction, storeFor } from '../../store-mapping/drive-store.ts';

/** The store left the model: it did not reach the state the model's action produces. */
export class RefinementError extends Error {
  override readonly name = 'RefinementError';
  /** The actions performed, the last one included. */
  steps: readonly string[] = [];
  constructor(readonly action: string, readonly differingVars: readonly string[]) {
    super(`after ${action} the store's state differs from the model's in ${differingVars.join(', ')}`);
  }
}

/** The store (equal to the model so far) reached a state that violates a model invariant. */
export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  /** The actions performed, the last one included. */
  steps: readonly string[] = [];
  /** The store's own actor failure at that point, if any. */
  storeFailure: string | undefined;
  constructor(readonly invariant: string, readonly reason: string) {
    super(`invariant ${invariant} is violated: ${reason}`);
  }
}

/** The fast-check model: the model state the store must be in, and the actions taken so far. */
interface Expected {
  state: DropState;
  readonly steps: string[];
  /** The model state after each step (the store matched each one). */
  readonly states: DropState[];
}

export interface RunOptions {
  readonly consts: DropConsts;
  /** Invariants to check (names); all of the model's when absent. */
  readonly invariants?: readonly string[];
  readonly plantedBug?: PlantedBug;
  /**
   * How many times more often than the others to draw each named action (default 1): rare events
   * such as a recovery reset whatever the run built up, so the steps that build it are drawn more.
   */
  readonly weights?: Readonly<Record<string, number>>;
  /** Called with the actions and states of every run that completed (to measure what the runs covered). */
  readonly observe?: (steps: readonly string[], states: readonly DropState[]) => void;
}

/** The system under test: the store and the scheduler its hops go through. */
interface Real {
  readonly store: Store;
  readonly scheduler: fc.Scheduler;
}

class ActionCommand implements fc.AsyncCommand<Expected, Real> {
  constructor(private readonly actionName: string, private readonly pick: number, private readonly opts: RunOptions) {}

  private successors(state: DropState) {
    const action = model.actions.find((a) => a.name === this.actionName)!;
    return [...action.successors(state, this.opts.consts)];
  }

  check(m: Readonly<Expected>): boolean {
    return this.successors(m.state).length > 0;
  }

  async run(m: Expected, { store, scheduler }: Real): Promise<void> {
    const options = this.successors(m.state);
    const chosen = options[this.pick % options.length]!;
    const action: ActionLabel = { name: this.actionName, params: chosen.params ?? {} };
    const label = formatAction(action);
    m.steps.push(label);
    await scheduler.waitFor(performAction(store, action));
    m.state = chosen.state;
    m.states.push(m.state);
    const mapped = modelStateOf(store);
    if (!valueEquals(mapped as Value, m.state as Value)) {
      const e = new RefinementError(label, differingVariables(mapped, m.state));
      e.steps = [...m.steps];
      e.message += ` (actions: ${e.steps.join(', ')})`;
      throw e;
    }
    for (const inv of model.invariants) {
      if (this.opts.invariants && !this.opts.invariants.includes(inv.name)) continue;
      const reason = inv.check(mapped, this.opts.consts);
      if (reason === undefined) continue;
      const e = new InvariantViolation(inv.name, reason);
      e.steps = [...m.steps];
      e.storeFailure = store.failure()?.message;
      e.message += ` (actions: ${e.steps.join(', ')})`;
      throw e;
    }
  }

  /** Stateless: fast-check reuses command objects across runs. The error names the actions taken. */
  toString(): string {
    return `${this.actionName}#${this.pick}`;
  }
}

// Actions whose parameters switch them off (no successor in any state): drawing them would only
// thin out the runs, whose coverage the tests measure.
const recoveryActions = ['Recover', 'RecoverDrain', 'RecoverPurge', 'RecoverDatabase', 'MetaRestart'];
const compactorActions = ['CompactCommitted', 'DeliverToCompactor'];
const switchedOff = (name: string, consts: DropConsts): boolean =>
  (recoveryActions.includes(name) && !recoveryModelled(consts)) || (compactorActions.includes(name) && consts.compactor === 'off');

/** One command arbitrary per model action (the stutter that ends a behaviour is left out, and the actions switched off). */
export function actionCommands(opts: RunOptions): fc.Arbitrary<fc.AsyncCommand<Expected, Real>>[] {
  return model.actions
    .filter((a) => a.name !== 'Settled' && !switchedOff(a.name, opts.consts))
    .flatMap((a) => Array.from({ length: opts.weights?.[a.name] ?? 1 }, () => fc.nat({ max: 7 }).map((pick) => new ActionCommand(a.name, pick, opts))));
}

/** The property: a random initial state, a random command sequence, scheduled hops. */
export function storeRefinesModel(opts: RunOptions, maxCommands: number) {
  const inits = [...model.init(opts.consts)] as DropState[];
  return fc.asyncProperty(fc.scheduler(), fc.nat({ max: inits.length - 1 }), fc.commands(actionCommands(opts), { maxCommands, size: 'max' }), async (s, initPick, cmds) => {
    const init = inits[initPick]!;
    let expected: Expected | undefined;
    const setup = () => {
      const store = storeFor(opts.consts, init, {
        ...(opts.plantedBug ? { plantedBug: opts.plantedBug } : {}),
        hop: (label, call) => s.schedule(Promise.resolve(label), label).then(call),
      });
      const mapped = modelStateOf(store);
      if (!valueEquals(mapped as Value, init as Value)) throw new RefinementError('the initial state', differingVariables(mapped, init));
      expected = { state: init, steps: [], states: [] };
      return { model: expected, real: { store, scheduler: s } };
    };
    await fc.asyncModelRun(setup, cmds);
    if (expected) opts.observe?.(expected.steps, expected.states);
  });
}

/** The consts of a model run: the model's defaults overridden by `over`. */
export function constsOf(over: Partial<DropConsts>): DropConsts {
  const defaults = Object.fromEntries(model.params.map((p) => [p.name, p.default])) as unknown as DropConsts;
  return { ...defaults, ...over };
}
