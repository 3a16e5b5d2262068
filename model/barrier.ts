// Barriers: meta injects them epoch by epoch; each sink's backfill actor receives them in order,
// persists its progress into its memtable, and the memtable is flushed into an imm for the epoch.
import type { ActionSpec } from '../checker/model.ts';
import type { DropConsts } from './params.ts';
import type { Actor, DropState, SinkId } from './state.ts';
import { sinksOf, tableOf } from './state.ts';
import { insertImm, readRow } from './storage.ts';
import { writesStopped } from './compactor.ts';

type Action = ActionSpec<DropState, DropConsts>;

/** Whether sink's actors have collected barrier `epoch` (processed it and flushed what it wrote). */
export function collectedBy(s: DropState, sink: SinkId, epoch: number): boolean {
  const a = s.actors[sink]!;
  if (a.epoch > epoch) return true;
  if (a.status === 'stopped') return true; // a stopped actor takes no part in later barriers
  if (a.status === 'failed') return false; // its failure fails the collection
  return a.epoch === epoch && !s.memtable.has(tableOf(sink));
}

export const collected = (s: DropState, epoch: number): boolean => sinksOf(s).every((sink) => collectedBy(s, sink, epoch));

export const injectBarrier: Action = {
  name: 'InjectBarrier',
  description: 'meta injects the next barrier; the Stop commands of scheduled drops ride on it',
  fairness: { kind: 'weak' },
  *successors(s, { maxEpoch }) {
    const scheduled = Object.values(s.drops).some((d) => d.phase === 'scheduled');
    // Past the epoch budget only to carry a scheduled Stop: the budget bounds the state space,
    // it must not cut off a drop (at most one extra barrier per sink).
    if (s.epoch >= maxEpoch && !scheduled) return;
    const epoch = s.epoch + 1;
    const drops = !scheduled ? s.drops : Object.fromEntries(Object.entries(s.drops).map(([sink, d]) => [sink, d.phase === 'scheduled' ? { ...d, phase: 'stopping' as const, stopEpoch: epoch } : d]));
    yield { state: { ...s, epoch, drops } };
  },
};

/**
 * `s` with `sink`'s actor now `actor`. A function of its own, not a closure in `receive`: the
 * TypeScript loader names every closure when it is created, which cost measurably on this path.
 */
function withActor(s: DropState, sink: SinkId, actor: Actor): DropState {
  return { ...s, actors: { ...s.actors, [sink]: actor } };
}

/** What the backfill actor does with barrier `epoch`: stop, fail reading its old row, or persist progress. */
export function receive(s: DropState, sink: SinkId, epoch: number, consts: DropConsts): DropState {
  const a = s.actors[sink]!;
  const table = tableOf(sink);
  if (s.drops[sink]!.stopEpoch === epoch) return withActor(s, sink, { ...a, status: 'stopped', epoch });
  if (a.hasRow && readRow(s, table) === undefined) {
    return withActor(s, sink, { ...a, status: 'failed', epoch, reason: `row not found: sink ${sink} read its progress row in table ${table} at epoch ${epoch}` });
  }
  const pos = Math.min(consts.rows, a.pos + consts.rateLimit);
  return { ...withActor(s, sink, { ...a, epoch, pos, hasRow: true }), memtable: s.memtable.set(table, pos) };
}

export const receiveBarrier: Action = {
  name: 'ReceiveBarrier',
  description: "a sink's backfill actor receives the next barrier: stops on its Stop, else reads its old progress row (get_row) and writes Update{old,new}",
  params: ['sink', 'epoch'],
  // \A s : WF_vars(...(s)): one constraint per sink, whatever the epoch.
  fairness: { kind: 'weak', instance: (p) => p.sink },
  *successors(s, consts) {
    for (const sink of sinksOf(s)) {
      const a = s.actors[sink]!;
      // The previous barrier's flush ends its handling: the actor is ready only with an empty memtable.
      if (a.status !== 'running' || a.epoch >= s.epoch || s.memtable.has(tableOf(sink))) continue;
      const epoch = a.epoch + 1;
      yield { params: { sink, epoch }, state: receive(s, sink, epoch, consts) };
    }
  },
};

export const flushMemtable: Action = {
  name: 'FlushMemtable',
  description: "a sink's memtable is flushed into an imm tagged with the barrier's epoch (kept in the read version, queued in the uploader)",
  params: ['sink', 'epoch'],
  // \A s : WF_vars(...(s)): one constraint per sink, whatever the epoch.
  fairness: { kind: 'weak', instance: (p) => p.sink },
  *successors(s, consts) {
    // Under write stop the write limiter holds every flush (`wait_permission` before the imm is built).
    if (writesStopped(s, consts)) return;
    for (const sink of sinksOf(s)) {
      const table = tableOf(sink);
      const value = s.memtable.get(table);
      if (value === undefined) continue;
      const epoch = s.actors[sink]!.epoch;
      yield { params: { sink, epoch }, state: { ...s, memtable: s.memtable.delete(table), imms: insertImm(s.imms, { table, epoch, value }) } };
    }
  },
};
