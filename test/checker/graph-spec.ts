// The random-graph model as a module that worker threads can load: the graph travels as a
// parameter (JSON), so one module serves every graph a property test draws.
import { defineModel } from '../../checker/model.ts';
import { graphModel, type Graph, type NodeState } from './graph-model.ts';

type Params = { readonly graph: string; readonly target: number };

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
  ],
  init: (p) => modelOf(p).init({}),
  actions: [{
    name: 'Step',
    description: 'follow an edge',
    params: ['to'],
    successors: (s, p) => modelOf(p).actions[0]!.successors(s, {}),
  }],
  invariants: [{
    name: 'Avoid',
    description: 'the target node is never reached',
    check: (s, p) => (p.target >= 0 && s.node === p.target ? `reached node ${p.target}` : undefined),
  }],
});
