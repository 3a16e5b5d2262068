// SimpleAllocator, after tlaplus/Examples (specifications/allocator/SimpleAllocator.tla): clients
// request sets of resources, the allocator hands them out, clients return them. Fairness:
//   \A c : WF_vars(Return(c, alloc[c]))                       (ReturnAll, per client)
//   \A c : SF_vars(\E S \in SUBSET Resources : Allocate(c, S)) (Allocate, per client)
// TLC with Clients = {c1,c2,c3}, Resources = {r1,r2}: 400 distinct states, 1,633 generated,
// depth 6; ResourceMutex, ClientsWillReturn, ClientsWillObtain and InfOftenSatisfied hold.
// Return(c, S) is split into ReturnAll (S = alloc[c], the fair one) and ReturnSome (S a proper
// part of alloc[c]): the same steps, so the same counts. simple-allocator-weak.ts gives
// Allocate weak fairness instead, which is not enough: ClientsWillObtain fails.
import { Set as ISet, Map as IMap } from 'immutable';
import { defineModel, type Model } from '../checker/model.ts';

type Res = ISet<string>;
export type Allocator = { readonly unsat: IMap<string, Res>; readonly alloc: IMap<string, Res> };
type Consts = { readonly clients: number; readonly resources: number };

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

/** Non-empty subsets of `xs`, in a fixed order. */
function nonEmptySubsets(xs: readonly string[]): Res[] {
  let out: string[][] = [[]];
  for (const x of xs) out = [...out, ...out.map((s) => [...s, x])];
  return out.filter((s) => s.length > 0).map((s) => ISet(s));
}

const available = (s: Allocator, resources: number): Res => ISet(names('r', resources)).subtract(s.alloc.valueSeq().flatMap((a) => a));

export const simpleAllocator: Model<Allocator, Consts> = defineModel<Allocator, Consts>({
  name: 'SimpleAllocator',
  description: 'clients request, obtain and return sets of resources',
  params: [
    { name: 'clients', type: 'int', default: 3, min: 1, max: 4, description: 'number of clients (Clients)' },
    { name: 'resources', type: 'int', default: 2, min: 1, max: 3, description: 'number of resources (Resources)' },
  ],
  init: ({ clients }) => [{ unsat: IMap(names('c', clients).map((c) => [c, ISet<string>()])), alloc: IMap(names('c', clients).map((c) => [c, ISet<string>()])) }],
  actions: [
    {
      name: 'Request',
      description: 'a client with nothing outstanding or held requests a set of resources',
      params: ['c', 'S'],
      *successors(s, { clients, resources }) {
        for (const c of names('c', clients)) {
          if (!s.unsat.get(c)!.isEmpty() || !s.alloc.get(c)!.isEmpty()) continue;
          for (const S of nonEmptySubsets(names('r', resources))) yield { params: { c, S }, state: { ...s, unsat: s.unsat.set(c, S) } };
        }
      },
    },
    {
      name: 'Allocate',
      description: 'the allocator gives a client some available resources it asked for',
      params: ['c', 'S'],
      fairness: { kind: 'strong', instance: (p) => p.c },
      *successors(s, { clients, resources }) {
        const free = available(s, resources);
        for (const c of names('c', clients)) {
          for (const S of nonEmptySubsets(names('r', resources))) {
            if (!S.isSubset(free.intersect(s.unsat.get(c)!))) continue;
            yield { params: { c, S }, state: { alloc: s.alloc.update(c, (a) => a!.union(S)), unsat: s.unsat.update(c, (u) => u!.subtract(S)) } };
          }
        }
      },
    },
    {
      name: 'ReturnAll',
      description: 'a client returns every resource it holds: Return(c, alloc[c])',
      params: ['c'],
      fairness: { kind: 'weak', perInstance: true },
      *successors(s, { clients }) {
        for (const c of names('c', clients)) if (!s.alloc.get(c)!.isEmpty()) yield { params: { c }, state: { ...s, alloc: s.alloc.set(c, ISet()) } };
      },
    },
    {
      name: 'ReturnSome',
      description: 'a client returns part of what it holds: Return(c, S), S a proper subset of alloc[c]',
      params: ['c', 'S'],
      *successors(s, { clients }) {
        for (const c of names('c', clients)) {
          const held = s.alloc.get(c)!;
          for (const S of nonEmptySubsets([...held].sort())) if (S.size < held.size) yield { params: { c, S }, state: { ...s, alloc: s.alloc.set(c, held.subtract(S)) } };
        }
      },
    },
  ],
  invariants: [
    {
      name: 'TypeInvariant',
      description: 'unsat and alloc map clients to sets of resources',
      check: (s, { clients }) => (s.unsat.size === clients && s.alloc.size === clients ? undefined : 'unsat or alloc does not cover the clients'),
    },
    {
      name: 'ResourceMutex',
      description: 'no resource is allocated to two clients',
      check: (s) => {
        const seen = new Set<string>();
        for (const [c, a] of s.alloc) for (const r of a) { if (seen.has(r)) return `${r} is allocated twice (to ${c} too)`; seen.add(r); }
        return undefined;
      },
    },
  ],
  properties: [
    {
      name: 'ClientsWillReturn',
      description: 'a client with no outstanding request eventually holds nothing: unsat[c]={} ~> alloc[c]={}',
      kind: 'leadsTo',
      forAll: ({ clients }) => names('c', clients),
      p: (s, _c, c) => s.unsat.get(c as string)!.isEmpty(),
      q: (s, _c, c) => s.alloc.get(c as string)!.isEmpty(),
    },
    {
      name: 'ClientsWillObtain',
      description: 'a requested resource is eventually allocated: r \\in unsat[c] ~> r \\in alloc[c]',
      kind: 'leadsTo',
      forAll: ({ clients, resources }) => names('c', clients).flatMap((c) => names('r', resources).map((r) => `${c}/${r}`)),
      p: (s, _c, cr) => { const [c, r] = (cr as string).split('/'); return s.unsat.get(c!)!.has(r!); },
      q: (s, _c, cr) => { const [c, r] = (cr as string).split('/'); return s.alloc.get(c!)!.has(r!); },
    },
    {
      name: 'InfOftenSatisfied',
      description: 'every client is infinitely often without an outstanding request: []<>(unsat[c] = {})',
      kind: 'infinitelyOften',
      forAll: ({ clients }) => names('c', clients),
      p: (s, _c, c) => s.unsat.get(c as string)!.isEmpty(),
    },
  ],
});

export default simpleAllocator;
