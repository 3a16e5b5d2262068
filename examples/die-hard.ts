// DieHard, after tlaplus/Examples (specifications/DieHard/DieHard.tla): with a 3-gallon and a
// 5-gallon jug, measure exactly 4 gallons. The "invariant" NotSolved is meant to fail: its
// counterexample is the puzzle's solution (TLC: 7 states).
import { defineModel } from '../checker/model.ts';

type Jugs = { readonly big: number; readonly small: number };

const jugs = (big: number, small: number): Jugs => ({ big, small });
const step = (state: Jugs) => [{ state }];

export default defineModel<Jugs>({
  name: 'DieHard',
  description: 'The jug puzzle of Die Hard 3: reach 4 gallons in the 5-gallon jug',
  params: [],
  init: () => [jugs(0, 0)],
  actions: [
    { name: 'FillSmallJug', description: 'fill the 3-gallon jug', successors: (s) => step(jugs(s.big, 3)) },
    { name: 'FillBigJug', description: 'fill the 5-gallon jug', successors: (s) => step(jugs(5, s.small)) },
    { name: 'EmptySmallJug', description: 'empty the 3-gallon jug', successors: (s) => step(jugs(s.big, 0)) },
    { name: 'EmptyBigJug', description: 'empty the 5-gallon jug', successors: (s) => step(jugs(0, s.small)) },
    {
      name: 'SmallToBig',
      description: 'pour the small jug into the big one until one is empty or full',
      successors: (s) => step(s.big + s.small <= 5 ? jugs(s.big + s.small, 0) : jugs(5, s.small - (5 - s.big))),
    },
    {
      name: 'BigToSmall',
      description: 'pour the big jug into the small one until one is empty or full',
      successors: (s) => step(s.big + s.small <= 3 ? jugs(0, s.big + s.small) : jugs(s.big - (3 - s.small), 3)),
    },
  ],
  invariants: [
    {
      name: 'TypeOK',
      description: 'the small jug holds 0..3 gallons and the big one 0..5',
      check: (s) => (s.small >= 0 && s.small <= 3 && s.big >= 0 && s.big <= 5 ? undefined : `jugs hold big=${s.big}, small=${s.small}`),
    },
    {
      name: 'NotSolved',
      description: 'the big jug never holds exactly 4 gallons (its violation is the solution)',
      check: (s) => (s.big !== 4 ? undefined : 'the big jug holds 4 gallons'),
    },
  ],
});
