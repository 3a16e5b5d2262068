// Small labelled graphs as models with fairness and temporal properties, and a brute-force
// reference for the verdicts: every subset of states is tried as the set a behaviour visits
// infinitely often (written from the definitions, independently of the engine's SCC search).
import fc from 'fast-check';
import { defineModel, type Fairness, type Model, type TemporalProperty } from '../../checker/model.ts';

export type Kind = 'eventually' | 'leadsTo' | 'infinitelyOften' | 'eventuallyAlways';
export const kinds: readonly Kind[] = ['eventually', 'leadsTo', 'infinitelyOften', 'eventuallyAlways'];

export interface LabelledGraph {
  readonly nodes: number;
  readonly initial: readonly number[];
  /** [from, to, label]; label l is action `A<l>`. */
  readonly edges: readonly (readonly [number, number, number])[];
  /** Fairness of each label's action. */
  readonly fairness: readonly (Fairness | undefined)[];
  readonly p: readonly boolean[];
  readonly q: readonly boolean[];
}

export type NodeState = { readonly node: number };

export function labelledModel(g: LabelledGraph, kindsToCheck: readonly Kind[] = kinds): Model<NodeState> {
  const prop = (kind: Kind): TemporalProperty<NodeState> => (kind === 'leadsTo'
    ? { name: kind, description: kind, kind, p: (s) => g.p[s.node]!, q: (s) => g.q[s.node]! }
    : { name: kind, description: kind, kind, p: (s) => g.p[s.node]! });
  return defineModel<NodeState>({
    name: 'LabelledGraph',
    description: 'walks labelled edges of a fixed graph',
    params: [],
    init: () => g.initial.map((node) => ({ node })),
    actions: g.fairness.map((fairness, l) => ({
      name: `A${l}`,
      description: `edges labelled ${l}`,
      params: ['to'],
      ...(fairness ? { fairness } : {}),
      successors: (s: NodeState) => g.edges.filter(([from, , label]) => from === s.node && label === l).map(([, to]) => ({ params: { to }, state: { node: to } })),
    })),
    invariants: [],
    checkDeadlock: false,
    properties: kindsToCheck.map(prop),
  });
}

/** Reference verdict: true when some fair behaviour violates the property of `kind`. */
export function referenceViolated(g: LabelledGraph, kind: Kind): boolean {
  const n = g.nodes;
  const unitOf = (from: number, to: number, label: number): string | undefined => {
    const f = g.fairness[label];
    if (!f || from === to) return undefined; // unfair, or a stutter
    if (f.instance) { const v = f.instance({ to }); return v === undefined ? undefined : `${label}:i:${String(v)}`; }
    return f.perInstance ? `${label}:${to}` : `${label}`;
  };
  const kindOf = (unit: string) => g.fairness[Number(unit.split(':')[0])]!.kind;
  const reach = (from: readonly number[], allowed: (s: number) => boolean): Set<number> => {
    const seen = new Set(from.filter(allowed));
    const todo = [...seen];
    while (todo.length > 0) {
      const s = todo.pop()!;
      for (const [a, b] of g.edges) if (a === s && allowed(b) && !seen.has(b)) { seen.add(b); todo.push(b); }
    }
    return seen;
  };
  const all = () => true;
  const reachable = reach([...g.initial], all);
  const notP = (s: number) => !g.p[s];
  const notQ = (s: number) => !g.q[s];
  for (let mask = 1; mask < 1 << n; mask++) {
    const K = Array.from({ length: n }, (_, i) => i).filter((i) => mask & (1 << i));
    const inK = (s: number) => K.includes(s);
    if (!K.every((s) => reachable.has(s))) continue;
    // Strongly connected through non-stutter edges inside K (one state always is: it stutters).
    if (K.length > 1 && !K.every((s) => { const r = reach([s], inK); return K.every((t) => t === s || [...g.edges].some(([a, b]) => a !== b && inK(a) && b === t && r.has(a))); })) continue;
    // Fairness over K.
    const units = new Set<string>();
    for (const [a, b, l] of g.edges) { const u = unitOf(a, b, l); if (u !== undefined && inK(a)) units.add(u); }
    const enabledAt = (s: number, u: string) => g.edges.some(([a, b, l]) => a === s && unitOf(a, b, l) === u);
    const taken = (u: string) => g.edges.some(([a, b, l]) => inK(a) && inK(b) && unitOf(a, b, l) === u);
    const fair = [...units].every((u) => taken(u) || (kindOf(u) === 'weak' ? K.some((s) => !enabledAt(s, u)) : K.every((s) => !enabledAt(s, u))));
    if (!fair) continue;
    switch (kind) {
      case 'eventually':
        if (K.every(notP) && K.some((s) => reach([...g.initial], notP).has(s))) return true;
        break;
      case 'infinitelyOften':
        if (K.every(notP)) return true;
        break;
      case 'eventuallyAlways':
        if (K.some(notP)) return true;
        break;
      case 'leadsTo': {
        if (!K.every(notQ)) break;
        const triggers = [...reachable].filter((s) => g.p[s] && !g.q[s]);
        if (K.some((s) => reach(triggers, notQ).has(s))) return true;
        break;
      }
    }
  }
  return false;
}

/** Instances by the target's residue mod 4: 0 and 1 are instances, 2 and 3 are under no fairness. */
const byResidue = (p: { readonly [k: string]: unknown }): string | undefined => {
  const r = (p.to as number) % 4;
  return r < 2 ? `r${r}` : undefined;
};

const fairnessArb: fc.Arbitrary<Fairness | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({ kind: fc.constantFrom('weak' as const, 'strong' as const), perInstance: fc.boolean() }),
  fc.record({ kind: fc.constantFrom('weak' as const, 'strong' as const), instance: fc.constant(byResidue) }),
);

export const labelledGraphArb: fc.Arbitrary<LabelledGraph> = fc.integer({ min: 1, max: 6 }).chain((nodes) => fc.integer({ min: 1, max: 3 }).chain((labels) => fc.record({
  nodes: fc.constant(nodes),
  initial: fc.array(fc.nat(nodes - 1), { minLength: 1, maxLength: 2 }),
  edges: fc.array(fc.tuple(fc.nat(nodes - 1), fc.nat(nodes - 1), fc.nat(labels - 1)), { maxLength: 12 }),
  fairness: fc.array(fairnessArb, { minLength: labels, maxLength: labels }),
  p: fc.array(fc.boolean(), { minLength: nodes, maxLength: nodes }),
  q: fc.array(fc.boolean(), { minLength: nodes, maxLength: nodes }),
})));
