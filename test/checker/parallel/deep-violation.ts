// TwoPhase (plain data) with an invariant first violated late, when every RM has committed:
// a model of more than 100,000 states whose search must run long and still end with a trace.
import { defineModel } from '../../../checker/model.ts';
import twoPhase from '../../../examples/two-phase-plain.ts';

export default defineModel({
  ...twoPhase,
  name: 'TwoPhaseDeep',
  invariants: [...twoPhase.invariants, {
    name: 'NeverAllCommitted',
    description: 'not every RM has committed (violated at the end of every committing run)',
    check: (s) => (Object.values(s.rmState).every((st) => st === 'committed') ? 'every RM committed' : undefined),
  }],
});
