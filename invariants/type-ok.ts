import { Map as IMap, Set as ISet } from 'immutable';
import type { InvariantSpec } from '../checker/model.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { sinkIds, tableOf, type DropProgress } from '../model/state.ts';
import { findTeardownPath } from '../model/paths.ts';
import { recoveryModelled } from '../model/recovery.ts';

const phases = ['live', 'scheduled', 'resetting', 'stopping', 'stopped', 'dropped', 'recovering'];
const statuses = ['running', 'stopped', 'failed'];
const isEpoch = (e: unknown, max: number): e is number => Number.isSafeInteger(e) && (e as number) >= 0 && (e as number) <= max;
/** The last epoch a barrier may have: past the budget, a barrier only carries a scheduled Stop, one per sink at most. */
const lastEpoch = ({ maxEpoch, sinks }: DropConsts): number => maxEpoch + sinks;

/**
 * Whether a teardown record is consistent: DROP SINK and the paths with a Stop barrier have a stop
 * epoch exactly once it is injected; the others never ride a barrier, and only a reset waits for one.
 */
function dropWellFormed(d: DropProgress, consts: DropConsts): boolean {
  if (!phases.includes(d.phase) || !isEpoch(d.stopEpoch, lastEpoch(consts))) return false;
  // A recovery took the command over: no barrier carries it any more.
  if (d.preApplied !== undefined) return d.preApplied === true && d.stopEpoch === 0 && ['recovering', 'stopped', 'dropped'].includes(d.phase) && (d.path === undefined || findTeardownPath(d.path, consts) !== undefined);
  if (d.phase === 'recovering') return false;
  if (d.path === undefined) return d.phase !== 'resetting' && (d.stopEpoch === 0) === (d.phase === 'live' || d.phase === 'scheduled');
  const path = findTeardownPath(d.path, consts);
  if (path === undefined || d.phase === 'live') return false;
  if (path.stop === 'stop-barrier') return d.phase !== 'resetting' && (d.stopEpoch === 0) === (d.phase === 'scheduled');
  const after = path.stop === 'reset-partial-graph' ? ['resetting', 'stopped', 'dropped'] : ['stopped', 'dropped'];
  return d.stopEpoch === 0 && after.includes(d.phase);
}

/** The first problem with the shape of the state, or undefined. */
function typeProblem(s: DropState, consts: DropConsts): string | undefined {
  const { sinks, rows } = consts;
  const maxEpoch = lastEpoch(consts);
  const ids = sinkIds(sinks);
  const tables = new Set(ids.map(tableOf));
  const tableSet = (name: string, v: unknown) => (!ISet.isSet(v) ? `${name} is not a set` : [...(v as ISet<unknown>)].find((t) => !tables.has(t as string)) !== undefined ? `${name} holds an unknown table` : undefined);
  const tableMap = (name: string, v: unknown, ok: (x: unknown) => boolean) => (!IMap.isMap(v) ? `${name} is not a map` : [...(v as IMap<unknown, unknown>)].find(([t, x]) => !tables.has(t as string) || !ok(x)) !== undefined ? `${name} holds an unknown table or a bad value` : undefined);
  const isPos = (x: unknown) => Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= rows;
  const problem = tableSet('catalog', s.catalog) ?? tableSet('tombstones', s.tombstones) ?? tableSet('registered', s.registered) ?? tableSet('cache', s.cache)
    ?? tableMap('memtable', s.memtable, isPos) ?? tableMap('synced', s.synced, isPos) ?? tableMap('discarded', s.discarded, (e) => isEpoch(e, maxEpoch));
  if (problem) return problem;
  if (!isEpoch(s.epoch, maxEpoch)) return `epoch ${s.epoch} is outside 0..${maxEpoch}`;
  if (!(isEpoch(s.committedEpoch, maxEpoch) && isEpoch(s.syncedEpoch, maxEpoch) && s.committedEpoch <= s.syncedEpoch && s.syncedEpoch <= s.epoch)) return `epochs out of order: committed ${s.committedEpoch}, synced ${s.syncedEpoch}, injected ${s.epoch}`;
  if (!isEpoch(s.failedSync, s.epoch)) return `failedSync ${s.failedSync} is not an injected epoch`;
  if (Object.keys(s.actors).length !== ids.length || Object.keys(s.drops).length !== ids.length) return 'actors or drops do not cover exactly the sinks';
  for (const sink of ids) {
    const a = s.actors[sink];
    const d = s.drops[sink];
    if (!a || !statuses.includes(a.status) || !isEpoch(a.epoch, s.epoch) || !isPos(a.pos) || typeof a.hasRow !== 'boolean' || (a.reason !== '') !== (a.status === 'failed')) return `actor of sink ${sink} is malformed at epoch ${s.epoch}`;
    if (!d || !isEpoch(d.stopEpoch, s.epoch) || !dropWellFormed(d, consts)) return `drop of sink ${sink} is malformed at epoch ${s.epoch}`;
  }
  const imm = s.imms.find((i) => !tables.has(i.table) || !isEpoch(i.epoch, s.epoch) || i.epoch <= s.syncedEpoch || !isPos(i.value));
  if (imm) return `imm of table ${imm.table} at epoch ${imm.epoch} is malformed or already synced`;
  const n = s.notifications.find((x) => (x.op !== 'Add' && x.op !== 'Delete') || !tables.has(x.table));
  return n ? `notification ${n.op} ${n.table} is malformed` : recoveryProblem(s, consts);
}

/** The recovery variable: present exactly when a budget is not 0, its counts within their budgets, a record under recovery only while one is under way. */
function recoveryProblem(s: DropState, consts: DropConsts): string | undefined {
  const r = s.recovery;
  if ((r !== undefined) !== recoveryModelled(consts)) return 'the recovery variable is present without a recovery budget, or missing with one';
  if (r === undefined) return undefined;
  const within = (n: unknown, max: number) => Number.isSafeInteger(n) && (n as number) >= 0 && (n as number) <= max;
  if (!['none', 'drain', 'purge'].includes(r.step) || !within(r.recoveries, consts.recoveries) || !within(r.dbRecoveries, consts.dbRecoveries) || !within(r.metaRestarts, consts.metaRestarts)) return `recovery ${JSON.stringify(r)} is malformed`;
  const taken = Object.values(s.drops).some((d) => d.phase === 'recovering');
  if (taken && r.step === 'none') return 'a teardown is still taken over by a recovery that has ended';
  return undefined;
}

export const typeOK: InvariantSpec<DropState, DropConsts> = {
  name: 'TypeOK',
  description: 'every variable holds a value of its type, and the epoch counters are ordered: committed <= synced <= injected <= maxEpoch + sinks (a Stop may ride one barrier past the budget)',
  check: (s, consts) => typeProblem(s, consts),
};
