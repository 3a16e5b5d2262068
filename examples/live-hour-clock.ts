// LiveHourClock, after tlaplus/Examples (specifications/SpecifyingSystems/Liveness/LiveHourClock.tla):
// the hour clock with weak fairness on its tick, LSpec == HC /\ WF_hr(HCnxt).
// TLC (LiveHourClock.cfg): 12 distinct states, 24 generated, depth 1; AllTimes holds.
// (AlwaysTick, []<><<HCnxt>>_hr, is a property of steps, not states: not ported. TypeInvariance,
// []HCini, is the invariant TypeOK.)
import { defineModel } from '../checker/model.ts';

type Clock = { readonly hr: number };

export default defineModel<Clock>({
  name: 'LiveHourClock',
  description: 'an hour clock that keeps ticking (weak fairness on its tick)',
  params: [],
  init: () => Array.from({ length: 12 }, (_, i) => ({ hr: i + 1 })),
  actions: [{
    name: 'HCnxt',
    description: 'the clock advances by one hour, from 12 back to 1',
    fairness: { kind: 'weak' },
    successors: (s) => [{ state: { hr: s.hr === 12 ? 1 : s.hr + 1 } }],
  }],
  invariants: [{
    name: 'TypeOK',
    description: 'hr is in 1..12 (HCini)',
    check: (s) => (Number.isInteger(s.hr) && s.hr >= 1 && s.hr <= 12 ? undefined : `hr = ${s.hr}`),
  }],
  properties: [{
    name: 'AllTimes',
    description: 'for each time n in 1..12, hr infinitely often equals n',
    kind: 'infinitelyOften',
    forAll: () => Array.from({ length: 12 }, (_, i) => i + 1),
    p: (s, _c, n) => s.hr === n,
  }],
});
