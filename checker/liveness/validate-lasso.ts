// Re-execution of a lasso (a prefix and a cycle the last state returns to) against a model:
// every step is a step of the model, the cycle closes, every fairness constraint holds on the
// cycle, and the temporal property is false on the behaviour. The checker runs it on each
// counterexample before printing it; `replay` runs it on trace files.
import type { ActionParams, ActionSpec, AnyModel, Consts, State, Successor, TemporalProperty } from '../model.ts';
import { guarded } from '../mutation-guard.ts';
import type { TraceStep } from '../trace.ts';
import { atStep, validateTrace, type TraceCheck } from '../validate-trace.ts';
import { valueEquals, type Value } from '../value.ts';
import { instanceText, unitOfStep, type UnitOfStep } from './fairness-unit.ts';

const same = (a: State, b: State): boolean => valueEquals(a as Value, b as Value);

/** The steps from `last` back to `back` (the lasso's closing step, which a trace does not list). */
export function closingSteps(model: AnyModel, consts: Consts, last: State, back: State, where = 'on the last state'): { action: ActionSpec<any, any>; params: ActionParams }[] {
  const out: { action: ActionSpec<any, any>; params: ActionParams }[] = [];
  for (const action of model.actions) {
    for (const succ of successorsOf(action, last, consts, where)) if (same(succ.state as State, back)) out.push({ action, params: succ.params ?? {} });
  }
  return out;
}

/** The successors of `s` by `action`, run as everywhere else on a copy that must stay as it was. */
function successorsOf(action: ActionSpec<any, any>, s: State, consts: Consts, where: string): Successor<State>[] {
  return guarded(s, () => `action ${action.name}, ${where}`, (copy) => [...action.successors(copy, consts)] as Successor<State>[]);
}

/** `forAll` values of a property (one `undefined` when it has none). */
export function propertyInstances(p: TemporalProperty<any, any>, consts: Consts): (Value | undefined)[] {
  return p.forAll ? [...p.forAll(consts)] : [undefined];
}

export function validateLasso(model: AnyModel, consts: Consts, steps: readonly TraceStep[], loop: number | undefined, property: TemporalProperty<any, any>): TraceCheck {
  const behaviour = validateTrace(model, consts, steps);
  if (!behaviour.ok) return behaviour;
  const n = steps.length;
  if (loop === undefined) return { ok: false, step: n, message: `a violation of the temporal property ${property.name} is a lasso, but the trace has no loop index` };
  if (!(Number.isSafeInteger(loop) && loop >= 0 && loop < n)) return { ok: false, step: n, message: `loop index ${loop} is not a state of the trace` };
  const states = steps.map((s) => s.state);
  const last = states[n - 1]!;
  const back = states[loop]!;
  const cycle = states.slice(loop);
  const span = loop === n - 1 ? `state ${n} (stuttering)` : `states ${loop + 1}..${n}`;

  // The closing step: a stutter when the last state is the loop state, else every action instance
  // that leads there (a behaviour may take any of them on each lap).
  const taken = new Set<string>();
  if (!same(last, back)) {
    const closing = closingSteps(model, consts, last, back, atStep(n));
    if (closing.length === 0) return { ok: false, step: n, message: `the cycle does not close: no action leads from state ${n} back to state ${loop + 1}` };
    for (const { action, params } of closing) {
      const unit = unitOfStep(action, params);
      if (unit) taken.add(unit.key);
    }
  }
  for (let i = loop + 1; i < n; i++) {
    const label = steps[i]!.action!;
    if (same(states[i - 1]!, states[i]!)) continue; // a stutter takes no action
    const action = model.actions.find((a) => a.name === label.name)!;
    const unit = unitOfStep(action, label.params);
    if (unit) taken.add(unit.key);
  }

  // Fairness: which units each cycle state enables (stutters excluded).
  const units = new Map<string, UnitOfStep>();
  const enabledIn = new Map<string, number>();
  for (let i = loop; i < n; i++) {
    const s = states[i]!;
    const here = new Set<string>();
    for (const a of model.actions) {
      if (!a.fairness) continue;
      for (const succ of successorsOf(a, s, consts, atStep(i + 1))) {
        if (same(succ.state as State, s)) continue;
        const unit = unitOfStep(a, succ.params);
        if (!unit) continue;
        units.set(unit.key, unit);
        here.add(unit.key);
      }
    }
    for (const key of here) enabledIn.set(key, (enabledIn.get(key) ?? 0) + 1);
  }
  for (const [key, count] of [...enabledIn].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (taken.has(key)) continue;
    const unit = units.get(key)!;
    const weak = unit.kind === 'weak';
    if (weak && count < cycle.length) continue;
    return {
      ok: false,
      step: n,
      message: `the cycle (${span}) is not fair: ${unit.name} is enabled in ${weak ? 'every state' : 'a state'} of it but never taken`,
    };
  }

  // The property: false for some instance of its forAll.
  for (const instance of propertyInstances(property, consts)) {
    const reason = falsified(property, consts, states, loop, instance);
    if (reason !== undefined) {
      const inst = instanceText(instance);
      return { ok: true, reason: `${inst === '' ? '' : `for ${inst}: `}${reason}` };
    }
  }
  return { ok: false, step: n, message: `${property.name} holds on this behaviour (prefix and ${span} forever)` };
}

/** Why the property is false on the lasso (states, then states[loop..] forever), or undefined. */
function falsified(p: TemporalProperty<any, any>, consts: Consts, states: readonly State[], loop: number, instance: Value | undefined): string | undefined {
  const n = states.length;
  const P = (i: number): boolean => p.p(states[i]!, consts, instance);
  const cycleText = loop === n - 1 ? `state ${n} stutters forever` : `states ${loop + 1}..${n} repeat forever`;
  const indices = (from: number) => Array.from({ length: n - from }, (_, k) => from + k);
  switch (p.kind) {
    case 'eventually':
      return indices(0).every((i) => !P(i)) ? `the awaited condition never holds (${cycleText})` : undefined;
    case 'infinitelyOften':
      return indices(loop).every((i) => !P(i)) ? `the condition never holds again once the cycle is entered (${cycleText})` : undefined;
    case 'eventuallyAlways': {
      const bad = indices(loop).find((i) => !P(i));
      return bad !== undefined ? `the condition is false in state ${bad + 1}, which the cycle revisits forever (${cycleText})` : undefined;
    }
    case 'leadsTo': {
      const Q = (i: number): boolean => p.q(states[i]!, consts, instance);
      // The longest suffix without Q (the cycle must be in it), then a trigger in that suffix.
      let from = n;
      while (from > 0 && !Q(from - 1)) from--;
      if (from > loop) return undefined; // Q holds somewhere on the cycle
      const trigger = indices(from).find((i) => P(i));
      return trigger !== undefined ? `from state ${trigger + 1} on, the awaited state never comes (${cycleText})` : undefined;
    }
  }
}
