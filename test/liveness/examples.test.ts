// Models of the TLA+ Examples repository with temporal properties: TLC's published figures
// (each example's manifest.json) and verdicts, and the verdicts fairness changes.
import { describe, expect, it } from 'vitest';
import { check, type CheckOutcome } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import type { AnyModel } from '../../checker/model.ts';
import { validateLasso } from '../../checker/liveness/validate-lasso.ts';
import hourClock from '../../examples/live-hour-clock.ts';
import dining from '../../examples/dining-philosophers.ts';
import allocator from '../../examples/simple-allocator.ts';
import allocatorWeak from '../../examples/simple-allocator-weak.ts';

const run = (m: AnyModel): CheckOutcome => check(m, { consts: resolveConsts(m), checkDeadlock: m.checkDeadlock ?? true });
const verdicts = (o: CheckOutcome) => Object.fromEntries(o.temporal!.results.map((r) => [r.name, r.verdict]));
const figures = (o: CheckOutcome) => [o.stats.distinctStates, o.stats.generatedStates, o.stats.depth];
const withoutFairness = (m: AnyModel): AnyModel => ({ ...m, actions: m.actions.map(({ fairness: _f, ...a }) => a) });

/** Every lasso of `o` re-validates against `m`, independently of the checker's own validation. */
function lassosValidate(m: AnyModel, o: CheckOutcome): void {
  for (const r of o.temporal!.results) {
    if (!r.violation) continue;
    const v = validateLasso(m, resolveConsts(m), r.violation.trace, r.violation.loop, m.properties!.find((p) => p.name === r.name)!);
    expect(v.ok, r.name).toBe(true);
  }
}

describe('TLA+ Examples with temporal properties', () => {
  it('LiveHourClock: 12 distinct, 24 generated, depth 1; AllTimes holds under WF_hr(HCnxt), fails without it', () => {
    const o = run(hourClock);
    expect(figures(o)).toEqual([12, 24, 1]);
    expect(verdicts(o)).toEqual({ AllTimes: 'holds' });
    const unfair = withoutFairness(hourClock);
    const u = run(unfair);
    expect(verdicts(u)).toEqual({ AllTimes: 'violated' });
    // Without fairness the clock may stop at once: an initial state stuttering forever.
    expect(u.temporal!.results[0]!.violation!.trace.length).toBe(1);
    lassosValidate(unfair, u);
  });

  it('DiningPhilosophers (NP=5): 67 distinct, 336 generated, depth 29; NobodyStarves holds, and fails without fairness', () => {
    const o = run(dining);
    expect(figures(o)).toEqual([67, 336, 29]);
    expect(o.result).toBe('ok');
    expect(verdicts(o)).toEqual({ NobodyStarves: 'holds' });
    const unfair = withoutFairness(dining);
    const u = run(unfair);
    expect(verdicts(u)).toEqual({ NobodyStarves: 'violated' });
    lassosValidate(unfair, u);
  });

  it('SimpleAllocator: 400 distinct, 1,633 generated, depth 6; every property holds with SF on Allocate', () => {
    const o = run(allocator);
    expect(figures(o)).toEqual([400, 1633, 6]);
    expect(o.result).toBe('ok');
    expect(verdicts(o)).toEqual({ ClientsWillReturn: 'holds', ClientsWillObtain: 'holds', InfOftenSatisfied: 'holds' });
  });

  it('SimpleAllocator with WF instead of SF on Allocate: ClientsWillObtain (and InfOftenSatisfied) fail with a fair lasso', () => {
    const o = run(allocatorWeak);
    expect(figures(o)).toEqual([400, 1633, 6]);
    expect(verdicts(o)).toEqual({ ClientsWillReturn: 'holds', ClientsWillObtain: 'violated', InfOftenSatisfied: 'violated' });
    lassosValidate(allocatorWeak, o);
    const lasso = o.temporal!.results.find((r) => r.name === 'ClientsWillObtain')!.violation!;
    expect(lasso.loop).toBeLessThan(lasso.trace.length - 1); // a real cycle, not a stutter: fairness forbids stopping
  });
});
