// The random-graph model as a module that worker threads can load: the graph travels as a
// parameter (JSON), so one module serves every graph a property test draws. `bound` adds a
// state constraint (nodes from `bound` on are excluded) and `goal` the temporal properties'
// node, so that constraints and liveness are compared across worker counts too.
import { defineModel } from '../../checker/model.ts';
import { graphModel, type Graph, type NodeState } from './graph-model.ts';

type Params = { readonly graph: string; readonly target: number; readonly bound: number; readonly goal: number };

const models = new Map<string, ReturnType<typeof graphModel>>();
const modelOf = ({ graph, target }: Params) => {
  const key = `${target}:${graph}`;
  let m = models.get(key);
  if (!m) {
    m = graphModel(JSON.parse(graph) as Graph, target < 0 ? undefined : target);
    models.set(key, m);
  }
  return m;
};

export default defineModel<NodeState, Params>({
  name: 'Graph',
  description: 'walks the edges of the graph given as a parameter',
  params: [
    { name: 'graph', type: 'string', default: '{"nodes":1,"initial":[0],"edges":[[]]}', description: 'the graph, as JSON' },
    { name: 'target', type: 'int', default: -1, description: 'the node invariant Avoid forbids (-1: none)' },
    { name: 'bound', type: 'int', default: -1, description: 'the state constraint excludes nodes from this one on (-1: none)' },
    { name: 'goal', type: 'int', default: -1, description: 'the node the temporal properties speak of (-1: none, they hold)' },
  ],
  init: (p) => modelOf(p).init({}),
  actions: [{
    name: 'Step',
    description: 'follow an edge (weakly fair for each target node)',
    params: ['to'],
    fairness: { kind: 'weak', perInstance: true },
    successors: (s, p) => modelOf(p).actions[0]!.successors(s, {}),
  }],
  invariants: [{
    name: 'Avoid',
    description: 'the target node is never reached',
    check: (s, p) => (p.target >= 0 && s.node === p.target ? `reached node ${p.target}` : undefined),
  }],
  constraint: (s, p) => p.bound < 0 || s.node < p.bound,
  properties: [
    { name: 'ReachesGoal', description: 'every behaviour reaches the goal node', kind: 'eventually', p: (s, p) => p.goal < 0 || s.node === p.goal },
    { name: 'GoalLeadsHome', description: 'after the goal node, node 0 comes', kind: 'leadsTo', p: (s, p) => s.node === p.goal, q: (s) => s.node === 0 },
  ],
});
