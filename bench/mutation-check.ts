// `npm run bench:mutation`: what verifying that model code leaves its states unmodified costs,
// against the deep freeze it replaced, measured in the same process with the runs alternating
// (the machine is shared: only ratios from one run mean anything).
//
// - freeze: the former mechanism, each distinct state deep-frozen before model code first sees it
//   (bench/freeze-baseline.ts), and no verification;
// - verify: the engine as it is, states re-fingerprinted after model code ran on them;
// - neither: no protection at all (a floor, not an option: it can miscount a mutating model).
// Each model is wrapped the same way in every variant, so that wrapping costs the same.
import { check, checkAsync } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel, Consts, State } from '../checker/model.ts';
import twoPhase from '../examples/two-phase.ts';
import twoPhasePlain from '../examples/two-phase-plain.ts';
import twoPhaseArrays from './models/two-phase-arrays.ts';
import { freezeState } from './freeze-baseline.ts';

type Variant = 'freeze' | 'verify' | 'neither';

/** The model with `before` applied to every state an action or an invariant is given. */
function wrapped(model: AnyModel, before: (s: State) => void): AnyModel {
  return {
    ...model,
    actions: model.actions.map((a) => ({ ...a, successors: (s: State, c: Consts) => { before(s); return a.successors(s, c); } })),
    invariants: model.invariants.map((i) => ({ ...i, check: (s: State, c: Consts) => { before(s); return i.check(s, c); } })),
  };
}

const nothing = (): void => {};
const builtin = (await import('../model/index.ts')).default as AnyModel;
const cases: { label: string; model: AnyModel; consts: Record<string, string> }[] = [
  { label: 'TwoPhase rms=6 (immutable.js)', model: twoPhase, consts: { rms: '6' } },
  { label: 'TwoPhasePlain rms=6', model: twoPhasePlain, consts: { rms: '6' } },
  { label: 'TwoPhaseArrays rms=6 (slice)', model: twoPhaseArrays, consts: { rms: '6' } },
  { label: `${builtin.name} sinks=2`, model: builtin, consts: { sinks: '2' } },
];
const rounds = Number(process.argv.find((a) => /^--rounds=\d+$/.test(a))?.slice(9) ?? 5);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = (globalThis as { gc?: () => void }).gc;

console.log(`${rounds} alternating rounds per model; median milliseconds per search (min in brackets)`);
console.log('model                              freeze          verify          neither        verify/freeze');
for (const c of cases) {
  const consts = resolveConsts(c.model, c.consts);
  const models: Record<Variant, AnyModel> = { freeze: wrapped(c.model, freezeState), verify: wrapped(c.model, nothing), neither: wrapped(c.model, nothing) };
  const times: Record<Variant, number[]> = { freeze: [], verify: [], neither: [] };
  let distinct: number | undefined;
  for (let r = 0; r < rounds; r++) {
    // Alternate the order too, so that no variant always runs just after the same one.
    const order: Variant[] = r % 2 === 0 ? ['freeze', 'verify', 'neither'] : ['neither', 'verify', 'freeze'];
    for (const v of order) {
      gc?.();
      const t = performance.now();
      const o = check(models[v], { consts, checkDeadlock: false, continueAfterViolation: true, unverified: v !== 'verify' });
      times[v].push(performance.now() - t);
      if (distinct !== undefined && o.stats.distinctStates !== distinct) throw new Error(`${c.label}: ${v} found ${o.stats.distinctStates} states, not ${distinct}`);
      distinct = o.stats.distinctStates;
    }
  }
  const cell = (v: Variant) => `${median(times[v]).toFixed(0)} (${Math.min(...times[v]).toFixed(0)})`.padEnd(16);
  console.log(`${c.label.padEnd(35)}${cell('freeze')}${cell('verify')}${cell('neither')}${(median(times.verify) / median(times.freeze)).toFixed(2)}x`);
}

// The search runs in slices when a caller can stop it (the CLI): its cost, same process.
{
  const consts = resolveConsts(twoPhase, { rms: '6' });
  const times: Record<'check' | 'checkAsync', number[]> = { check: [], checkAsync: [] };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['check', 'checkAsync'] as const) : (['checkAsync', 'check'] as const);
    for (const v of order) {
      gc?.();
      const t = performance.now();
      const o = v === 'check' ? check(twoPhase, { consts }) : await checkAsync(twoPhase, { consts, signal: new AbortController().signal });
      times[v].push(performance.now() - t);
      if (o.stats.distinctStates !== 50_816) throw new Error(`${v}: ${o.stats.distinctStates} states`);
    }
  }
  const ratio = median(times.checkAsync) / median(times.check);
  console.log(`\nTwoPhase rms=6, check (one call) vs checkAsync (50 ms slices): median ${median(times.check).toFixed(0)} vs ${median(times.checkAsync).toFixed(0)} ms, ${ratio.toFixed(2)}x`);
}
