// The search a cluster holds, as its coordinator describes it to workers: which model (by the
// content hash of its module), which parameters and options, where the seen-set's shards are,
// and what the chunks must record for the coordinator's state graph.
// A worker builds its own expansion setup from it and its own copy of the model module: nothing
// read from the cluster is ever run as code, and a worker whose module differs refuses to join.
import type { AnyModel, InvariantSpec } from '../model.ts';
import { InputError } from '../errors.ts';
import { ValueCodec } from '../encoding/value-codec.ts';
import { searchSymmetry } from '../symmetry-canonical.ts';
import { selectProperties, temporalPredicates } from '../liveness/check-liveness.ts';
import { moduleHash, type SearchIdentity } from '../parallel/checkpoint.ts';
import type { ExpandSetup } from '../parallel/expand-chunk.ts';
import { call, type SearchCluster } from './connect.ts';
import { SEARCH_KEY, searchPrefix } from './keys.ts';

export interface SearchRecord {
  readonly format: 'dropcheck-cluster-2';
  readonly sid: number;
  /** interrupted: its coordinator stopped at a level boundary; it can be resumed. */
  readonly status: 'running' | 'interrupted' | 'done';
  readonly identity: SearchIdentity;
  /** Hash tags of the seen-set's shards. */
  readonly shards: readonly string[];
  /** How long a worker holds a chunk before another may do it again. */
  readonly leaseMs: number;
  /** Temporal properties whose predicates each new state is evaluated on (none: no predicate bits). */
  readonly properties: readonly string[];
  /** Whether chunks record their edges (temporal properties, --coverage). */
  readonly recordEdges: boolean;
}

export async function readSearch(cluster: SearchCluster): Promise<SearchRecord | undefined> {
  const raw = await call(cluster.get(SEARCH_KEY), 'reading the search');
  if (raw === null) return undefined;
  const rec = JSON.parse(raw) as SearchRecord;
  if (rec.format !== 'dropcheck-cluster-2') throw new InputError('the cluster holds a search of another dropcheck version');
  return rec;
}

export async function writeSearch(cluster: SearchCluster, rec: SearchRecord): Promise<void> {
  await call(cluster.set(SEARCH_KEY, JSON.stringify(rec)), 'writing the search');
}

/** Refuses (one line) to work for a search of another model module than `module`. */
export function checkSameModel(rec: SearchRecord, model: AnyModel, module: string): void {
  const hash = moduleHash(module);
  if (rec.identity.model !== model.name || rec.identity.moduleHash !== hash) {
    throw new InputError(`the search on the cluster is of model ${rec.identity.model} from a module with SHA-256 ${rec.identity.moduleHash.slice(0, 12)}…, not this worker's ${model.name} (${module}, ${hash.slice(0, 12)}…): start the worker with the same model module (--spec)`);
  }
}

/** A worker's expansion setup for the search, from its own model. */
export function workerSetup(rec: SearchRecord, model: AnyModel): ExpandSetup {
  const id = rec.identity;
  const invariants = id.invariants.map((n) => model.invariants.find((i) => i.name === n)) as InvariantSpec<any, any>[];
  if (invariants.some((i) => i === undefined)) throw new InputError('the search checks an invariant this worker\'s model lacks');
  if (id.symmetry && !model.symmetry) throw new InputError('the search uses a symmetry this worker\'s model lacks');
  const properties = rec.properties.length > 0 ? selectProperties(model, rec.properties) : [];
  const codec = new ValueCodec();
  // Every process learns the Record types of the same initial states, so all decode alike.
  for (const s of model.init(id.consts)) codec.recordTypes.learn(s);
  return {
    model, consts: id.consts, invariants, codec,
    symmetry: id.symmetry ? searchSymmetry(model) : undefined,
    checkDeadlock: id.checkDeadlock, continuing: id.continuing,
    ...(properties.length > 0 ? { predicates: temporalPredicates(properties, id.consts).predicates } : {}),
    ...(rec.recordEdges ? { recordEdges: true } : {}),
  };
}

/** Removes every key of search `sid`, node by node. */
export async function dropSearchData(cluster: SearchCluster, sid: number): Promise<void> {
  for (const node of cluster.nodes('master')) {
    let cursor = '0';
    do {
      const [next, keys] = await call(node.scan(cursor, 'MATCH', `${searchPrefix(sid)}*`, 'COUNT', 1000), 'removing a search');
      cursor = next;
      if (keys.length > 0) await call(Promise.all(keys.map((k) => cluster.unlink(k))), 'removing a search');
    } while (cursor !== '0');
  }
}
