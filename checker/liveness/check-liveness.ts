// The liveness phase of `check`: the search records the graph (GraphRecorder); once it has seen
// every reachable state, each selected temporal property (and each value of its forAll) is
// checked for a fair counterexample, which is rebuilt from the model and re-validated.
import type { AnyModel, Consts, State, TemporalProperty } from '../model.ts';
import type { StateLog } from '../state-log.ts';
import type { TraceStep } from '../trace.ts';
import { InputError, ModelError } from '../errors.ts';
import { rebuildPath } from '../rebuild-trace.ts';
import { atStep } from '../validate-trace.ts';
import { GraphRecorder } from './graph-recorder.ts';
import { modelFairness } from './model-fairness.ts';
import { unitOfStep } from './fairness-unit.ts';
import { negate } from './negation.ts';
import { findFairCycle } from './fair-cycle.ts';
import { buildLasso } from './lasso.ts';
import { propertyInstances, validateLasso } from './validate-lasso.ts';
import { instanceText } from './fairness-unit.ts';
import type { Value } from '../value.ts';

export type TemporalVerdict = 'holds' | 'violated' | 'unknown';

/** A temporal property's counterexample: a lasso whose last state returns to `trace[loop]`. */
export interface LassoViolation {
  readonly kind: 'liveness';
  readonly name: string;
  readonly reason: string;
  readonly trace: readonly TraceStep[];
  readonly loop: number;
}

export interface TemporalResult {
  readonly name: string;
  readonly verdict: TemporalVerdict;
  /** Why the verdict is unknown. */
  readonly detail?: string;
  readonly violation?: LassoViolation;
}

export interface LivenessReport {
  readonly results: readonly TemporalResult[];
  /** Time of the liveness phase alone (after the search). */
  readonly durationMs: number;
  readonly edges: number;
  /** Bytes of the recorded graph, its index and the predicate bits, per distinct state. */
  readonly bytesPerState: number;
}

/** Temporal properties selected by name (all when none is given); an unknown name is an InputError. */
export function selectProperties(model: AnyModel, names: readonly string[] | undefined): TemporalProperty<any, any>[] {
  const all = model.properties ?? [];
  if (!names || names.length === 0) return [...all];
  return [...new Set(names)].map((n) => {
    const p = all.find((x) => x.name === n);
    if (!p) throw new InputError(`--property ${n}: model ${model.name} has no such temporal property (properties: ${all.map((x) => x.name).join(', ') || 'none'})`);
    return p;
  });
}

interface PropertyCheck {
  readonly property: TemporalProperty<any, any>;
  readonly instance: Value | undefined;
  readonly p: number;
  readonly q: number;
}

export interface LivenessPhase {
  readonly recorder: GraphRecorder;
  /** The verdicts; `incomplete` (why the graph is not the whole reachable graph) makes each unknown. */
  run(incomplete: string | undefined): LivenessReport;
}

/**
 * The state predicates of `properties` (each value of a forAll its own), in the order the
 * recorder numbers them; a worker thread builds the same list to evaluate them on the states it finds.
 */
export function temporalPredicates(properties: readonly TemporalProperty<any, any>[], consts: Consts): { predicates: ((s: State) => boolean)[]; checks: PropertyCheck[] } {
  const predicates: ((s: State) => boolean)[] = [];
  const predicate = (property: TemporalProperty<any, any>, which: 'p' | 'q', instance: Value | undefined): number => {
    const f = which === 'p' ? property.p : (property as { q: TemporalProperty<any, any>['p'] }).q;
    predicates.push((s) => {
      const v = f(s, consts, instance);
      if (typeof v !== 'boolean') throw new ModelError(`property ${property.name}: predicate ${which} returned ${JSON.stringify(v) ?? typeof v}, not a boolean`);
      return v;
    });
    return predicates.length - 1;
  };
  const checks: PropertyCheck[] = properties.flatMap((property) => propertyInstances(property, consts).map((instance) => ({
    property,
    instance,
    p: predicate(property, 'p', instance),
    q: property.kind === 'leadsTo' ? predicate(property, 'q', instance) : -1,
  })));
  return { predicates, checks };
}

/** Sets up the recording for `properties`; undefined when there is nothing to check. */
export function prepareLiveness(model: AnyModel, consts: Consts, log: StateLog, properties: readonly TemporalProperty<any, any>[]): LivenessPhase | undefined {
  if (properties.length === 0) return undefined;
  const { predicates, checks } = temporalPredicates(properties, consts);
  const recorder = new GraphRecorder(log, model.actions, predicates);

  return {
    recorder,
    run(incomplete) {
      const start = performance.now();
      const g = recorder.graph();
      const report = (results: TemporalResult[]): LivenessReport => ({
        results,
        durationMs: Math.round(performance.now() - start),
        edges: g.targets.length,
        bytesPerState: g.size === 0 ? 0 : recorder.byteLength / g.size,
      });
      if (incomplete !== undefined) return report(properties.map((p) => ({ name: p.name, verdict: 'unknown', detail: incomplete })));
      const fairness = modelFairness(recorder.labels);
      const results = new Map<string, TemporalResult>();
      for (const c of checks) {
        if (results.get(c.property.name)?.verdict === 'violated') continue; // the conjunction is already false
        const neg = negate(g, c.property.kind, recorder.predicate(c.p), c.q >= 0 ? recorder.predicate(c.q) : undefined);
        const fair = findFairCycle(g, fairness, neg);
        if (!fair) { if (!results.has(c.property.name)) results.set(c.property.name, { name: c.property.name, verdict: 'holds' }); continue; }
        const lasso = buildLasso(g, fairness, neg, fair);
        const labelFor = (k: number) => recorder.labels[g.labels[lasso.edges[k]!]!]!;
        const path = lasso.states.map((i) => ({ hi: log.hiOf(i), lo: log.loOf(i) }));
        const trace = rebuildPath(model, consts, path, undefined, atStep, (k, action, params) => {
          const label = labelFor(k);
          return action === label.action && unitOfStep(model.actions[action]!, params)?.key === label.unit?.key;
        });
        const verdict = validateLasso(model, consts, trace, lasso.loop, c.property);
        if (!verdict.ok) {
          throw new ModelError(`the counterexample to ${c.property.name}${c.instance === undefined ? '' : ` for ${instanceText(c.instance)}`} failed re-validation (${verdict.message}): is the model deterministic?`);
        }
        results.set(c.property.name, { name: c.property.name, verdict: 'violated', violation: { kind: 'liveness', name: c.property.name, reason: verdict.reason!, trace, loop: lasso.loop } });
      }
      // A forAll over no values is an empty conjunction: it holds.
      return report(properties.map((p) => results.get(p.name) ?? { name: p.name, verdict: 'holds' }));
    },
  };
}
