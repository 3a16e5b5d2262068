// DiningPhilosophers (Chandy-Misra), after tlaplus/Examples
// (specifications/DiningPhilosophers/DiningPhilosophers.tla, the PlusCal translation): each
// philosopher is one weakly fair process, \A self \in 1..NP : WF_vars(Philosopher(self)).
// TLC with NP = 5: 67 distinct states, 336 generated, depth 29; NobodyStarves holds.
import { defineModel } from '../checker/model.ts';

type Fork = { readonly holder: number; readonly clean: boolean };
type Pc = 'Loop' | 'Eat' | 'Think';
type Table = {
  readonly forks: readonly Fork[]; // forks[f - 1] is fork f
  readonly hungry: readonly boolean[]; // hungry[p - 1]
  readonly pc: readonly Pc[];
};
type Consts = { readonly np: number };

const ids = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
const leftFork = (p: number) => p;
const rightFork = (p: number, np: number) => (p === np ? 1 : p + 1);
const leftPhilosopher = (p: number, np: number) => (p === 1 ? np : p - 1);
const rightPhilosopher = (p: number, np: number) => (p === np ? 1 : p + 1);
const fork = (s: Table, f: number) => s.forks[f - 1]!;
const setAt = <T>(xs: readonly T[], i: number, x: T): T[] => xs.map((y, j) => (j === i - 1 ? x : y));
const canEat = (s: Table, p: number, np: number) =>
  fork(s, leftFork(p)).holder === p && fork(s, rightFork(p, np)).holder === p && fork(s, leftFork(p)).clean && fork(s, rightFork(p, np)).clean;

/** One step of process `p`: Loop(self) \/ Think(self) \/ Eat(self), whichever its pc names. */
function philosopher(s: Table, p: number, np: number): Table {
  switch (s.pc[p - 1]!) {
    case 'Loop': {
      const l = leftFork(p), r = rightFork(p, np);
      const forks = fork(s, l).holder === p && !fork(s, l).clean ? setAt(s.forks, l, { holder: leftPhilosopher(p, np), clean: true })
        : fork(s, r).holder === p && !fork(s, r).clean ? setAt(s.forks, r, { holder: rightPhilosopher(p, np), clean: true })
        : s.forks;
      // The IF on hungry and CanEat reads the forks before this step (unprimed).
      const next: Pc = s.hungry[p - 1] ? (canEat(s, p, np) ? 'Eat' : 'Loop') : 'Think';
      return { ...s, forks, pc: setAt(s.pc, p, next) };
    }
    case 'Think':
      return { ...s, hungry: setAt(s.hungry, p, true), pc: setAt(s.pc, p, 'Loop') };
    case 'Eat': {
      const l = leftFork(p), r = rightFork(p, np);
      const forks = setAt(setAt(s.forks, l, { ...fork(s, l), clean: false }), r, { ...fork(s, r), clean: false });
      return { forks, hungry: setAt(s.hungry, p, false), pc: setAt(s.pc, p, 'Loop') };
    }
  }
}

export default defineModel<Table, Consts>({
  name: 'DiningPhilosophers',
  description: 'Chandy-Misra dining philosophers: dirty forks are cleaned and handed to the neighbour',
  params: [{ name: 'np', type: 'int', default: 5, min: 2, max: 7, description: 'number of philosophers (NP)' }],
  init: ({ np }) => [{
    forks: ids(np).map((f) => ({ holder: f === 2 ? 1 : f, clean: false })),
    hungry: ids(np).map(() => true),
    pc: ids(np).map(() => 'Loop' as Pc),
  }],
  actions: [{
    name: 'Philosopher',
    description: 'philosopher self takes its next step (Loop: hand over a dirty fork, then decide; Eat; Think)',
    params: ['self'],
    fairness: { kind: 'weak', perInstance: true },
    successors: (s, { np }) => ids(np).map((self) => ({ params: { self }, state: philosopher(s, self, np) })),
  }],
  invariants: [
    {
      name: 'TypeOK',
      description: 'forks are held by philosophers, pcs are labels',
      check: (s, { np }) => (s.forks.every((f) => f.holder >= 1 && f.holder <= np) && s.pc.every((pc) => ['Loop', 'Eat', 'Think'].includes(pc)) ? undefined : 'a fork or a pc is out of range'),
    },
    {
      name: 'ExclusiveAccess',
      description: 'two philosophers who share a fork never eat at the same time',
      check: (s, { np }) => {
        for (const p of ids(np)) for (const q of ids(np)) {
          if (p === q) continue;
          const shared = [leftFork(p), rightFork(p, np)].some((f) => f === leftFork(q) || f === rightFork(q, np));
          if (shared && s.pc[p - 1] === 'Eat' && s.pc[q - 1] === 'Eat') return `philosophers ${p} and ${q} share a fork and both eat`;
        }
        return undefined;
      },
    },
  ],
  properties: [{
    name: 'NobodyStarves',
    description: 'every philosopher eats again and again: \\A p : []<>(~hungry[p])',
    kind: 'infinitelyOften',
    forAll: ({ np }) => ids(np),
    p: (s, _c, p) => !s.hungry[(p as number) - 1],
  }],
});
