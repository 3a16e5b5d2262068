// A search worker thread: loads the model module, then expands the chunks of each level it
// claims (phase A), and resolves them once every thread is done with the level (phase B).
import { parentPort } from 'node:worker_threads';
import type { AnyModel, InvariantSpec } from '../model.ts';
import { isModel } from '../is-model.ts';
import { importDefault } from '../load-module.ts';
import { ValueCodec } from '../encoding/value-codec.ts';
import { selectProperties, temporalPredicates } from '../liveness/check-liveness.ts';
import { searchSymmetry } from '../symmetry-canonical.ts';
import type { ExpandSetup } from './expand-chunk.ts';
import { ChunkClaims } from './chunk-claims.ts';
import { SharedSeenSet } from './shared-seen-set.ts';
import { FrontierBudget, addSpareBlocks, dropSpareBlocks } from './frontier.ts';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.ts';

const port = parentPort!;
const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let setup: ExpandSetup | undefined;
let seen: SharedSeenSet | undefined;
/** The chunks this worker claimed in the level being expanded. */
let claims: ChunkClaims | undefined;

async function prepare(w: WorkerSetup): Promise<ExpandSetup> {
  const model = (await importDefault(w.modelModule)) as AnyModel;
  const problem = isModel(model);
  if (problem !== undefined) throw new Error(`${w.modelModule}: not a model module: ${problem}`);
  const invariants = w.invariants.map((n) => model.invariants.find((i) => i.name === n)) as InvariantSpec<any, any>[];
  if (invariants.some((i) => i === undefined)) throw new Error(`${w.modelModule}: the worker's model lacks an invariant the search checks`);
  const codec = new ValueCodec();
  // Every thread learns the Record types of the same initial states, so all decode alike.
  for (const s of model.init(w.consts)) codec.recordTypes.learn(s);
  const properties = w.properties.length > 0 ? selectProperties(model, w.properties) : []; // none: no graph recorded
  return {
    model, consts: w.consts, invariants, codec,
    ...(properties.length > 0 ? { predicates: temporalPredicates(properties, w.consts).predicates } : {}),
    recordEdges: w.recordEdges,
    symmetry: w.symmetry ? searchSymmetry(model) : undefined,
    checkDeadlock: w.checkDeadlock, continuing: w.continuing,
    budget: new FrontierBudget(w.budget, w.spillDir),
  };
}

async function handle(m: ToWorker): Promise<void> {
  switch (m.type) {
    case 'setup':
      claims = undefined;
      dropSpareBlocks();
      seen = SharedSeenSet.view(m.table);
      setup = await prepare(m.setup);
      send({ type: 'ready' });
      return;
    case 'table':
      seen = SharedSeenSet.view(m.table);
      send({ type: 'ready' });
      return;
    case 'spares':
      addSpareBlocks(m.blocks);
      send({ type: 'ready' });
      return;
    case 'level':
      claims = new ChunkClaims(setup!, m.jobs, m, new Int32Array(m.counter));
      send({ type: 'expanded', done: claims.expand(seen!) });
      return;
    case 'continue':
      send({ type: 'expanded', done: claims!.expand(seen!) });
      return;
    case 'resolve': {
      const results = claims!.resolve(seen!);
      claims = undefined;
      // Transferred, not copied: the worker keeps nothing of a level it resolved.
      const transfer = results.flatMap(({ result }) => [
        result.hi.buffer, result.lo.buffer, result.parentPos.buffer, result.generatedAt.buffer,
        ...(result.edges ? [result.edges.perState.buffer, result.edges.hi.buffer, result.edges.lo.buffer, result.edges.labels.buffer] : []),
        ...(result.predicateBits ? [result.predicateBits.buffer] : []),
      ]) as ArrayBuffer[];
      send({ type: 'resolved', results }, transfer);
      return;
    }
  }
}

// Messages are handled one at a time, in order.
let queue = Promise.resolve();
port.on('message', (m: ToWorker) => {
  queue = queue.then(() => handle(m)).catch((e: unknown) => {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  });
});
