// A grow-only counter CRDT bounded by a state constraint, after tlaplus/Examples
// (specifications/FiniteMonotonic/MC_Constraint_CRDT.tla over CRDT.tla): each node counts its own
// increments and gossips its view to another, which keeps the larger of each entry. The counters
// grow without end, so the model is finite only under its state constraint, as in TLC's CONSTRAINT:
// no entry above `max` (3 in the .cfg). A state with an entry of `max + 1` is generated and its
// invariants checked, but it is neither counted distinct nor explored, and the search of every state
// the constraint allows is complete ("completed under the state constraint").
// The Examples repository publishes no TLC figures for this model; test/conformance.test.ts
// counts its states by a search written apart from the engine. Liveness (converge ~> Convergence,
// under weak fairness of each Gossip(n, o)) is the point of that repository's finitization post: on a
// graph cut by a constraint, states at the bound have no successors, so a lasso found there need not
// be a behaviour of the unbounded spec; dropcheck reports it as unknown, never as holding or violated.
import { defineModel } from '../checker/model.ts';

type Counter = readonly (readonly number[])[]; // counter[n][o]: what node n knows of o's count
type Crdt = { readonly counter: Counter; readonly converge: boolean };
type Consts = { readonly nodes: number; readonly max: number };

const ids = (n: number) => Array.from({ length: n }, (_, i) => i);
const name = (n: number) => `n${n + 1}`;

export default defineModel<Crdt, Consts>({
  name: 'ConstraintCRDT',
  description: 'a grow-only counter CRDT whose counters are bounded by a state constraint',
  params: [
    { name: 'nodes', type: 'int', default: 3, min: 1, max: 4, description: 'number of nodes (Node = {n1, ...})' },
    { name: 'max', type: 'int', default: 3, min: 0, max: 6, description: 'the state constraint: no counter entry above this' },
  ],
  init: ({ nodes }) => [{ counter: ids(nodes).map(() => ids(nodes).map(() => 0)), converge: false }],
  actions: [
    {
      name: 'Increment',
      description: 'node n, before convergence starts, counts one more of its own increments',
      params: ['n'],
      successors: (s, { nodes }) => (s.converge ? [] : ids(nodes).map((n) => ({
        params: { n: name(n) },
        state: { ...s, counter: s.counter.map((row, i) => (i === n ? row.map((v, j) => (j === n ? v + 1 : v)) : row)) },
      }))),
    },
    {
      name: 'Gossip',
      description: "node n sends its view to node o, which keeps the larger of each entry",
      params: ['n', 'o'],
      fairness: { kind: 'weak', perInstance: true },
      successors: (s, { nodes }) => ids(nodes).flatMap((n) => ids(nodes).map((o) => ({
        params: { n: name(n), o: name(o) },
        state: { ...s, counter: s.counter.map((row, i) => (i === o ? row.map((v, j) => Math.max(s.counter[n]![j]!, v)) : row)) },
      }))),
    },
    {
      name: 'Converge',
      description: 'from now on no node increments: the counters may converge',
      successors: (s) => [{ state: { ...s, converge: true } }],
    },
  ],
  invariants: [
    {
      name: 'TypeOK',
      description: 'every counter entry is a natural number and converge a boolean',
      check: (s) => (s.counter.every((row) => row.every((v) => Number.isSafeInteger(v) && v >= 0)) && typeof s.converge === 'boolean' ? undefined : 'a counter entry is not a natural number'),
    },
    {
      name: 'Safety',
      description: "no node knows more of n's count than n itself",
      check: (s, { nodes }) => {
        for (const n of ids(nodes)) for (const o of ids(nodes)) {
          if (s.counter[o]![n]! > s.counter[n]![n]!) return `${name(o)} knows ${s.counter[o]![n]} of ${name(n)}'s count, which is ${s.counter[n]![n]}`;
        }
        return undefined;
      },
    },
  ],
  properties: [{
    name: 'Liveness',
    kind: 'leadsTo',
    description: 'once convergence starts, every node eventually has the same view',
    p: (s) => s.converge,
    q: (s) => s.counter.every((row) => row.every((v, j) => v === s.counter[0]![j])),
  }],
  constraint: (s, { max }) => s.counter.every((row) => row.every((v) => v <= max)),
});
