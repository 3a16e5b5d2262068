// The store refines the model through recoveries, per-database recoveries, meta restarts and the
// dedicated compactor: random runs of the model's actions (the new ones among them, hops ordered by
// fast-check's scheduler) reach the model's state after every step. Each configuration's runs must
// also reach the part of the protocol it is about (measured on the model states the store matched).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { writesStopped } from '../../model/compactor.ts';
import { constsOf, storeRefinesModel } from './model-commands.ts';

// A recovery resets what the run built up, so the steps that build it (barriers, flushes, syncs,
// commits, and the recovery's own later steps) are drawn more often than the events.
const weights = {
  InjectBarrier: 4, ReceiveBarrier: 6, FlushMemtable: 6, SyncEpoch: 6, CommitEpoch: 6, FinishDrop: 3,
  DeliverNotification: 3, CompactCommitted: 3, DeliverToCompactor: 3, RecoverDrain: 4, RecoverPurge: 4,
};
const RUNS = 500;
const MAX_COMMANDS = 150;

type Run = { readonly steps: readonly string[]; readonly states: readonly DropState[] };
type Goal = { readonly what: string; readonly reached: (r: Run, consts: DropConsts) => boolean; readonly atLeast: number };

/** Runs in which a commit follows a recovery, of any kind: the data plane works again after its reset. */
const commitsAfterRecovery: Goal = {
  what: 'runs that commit an epoch after a recovery',
  reached: ({ steps }) => {
    const at = steps.findIndex((x) => /^(Recover\(|RecoverDatabase|MetaRestart)/.test(x));
    return at !== -1 && steps.slice(at).some((x) => x.startsWith('CommitEpoch'));
  },
  atLeast: 40,
};
const takenOver: Goal = {
  what: 'runs in which a recovery takes over a teardown command',
  reached: ({ states }) => states.some((s) => Object.values(s.drops).some((d) => d.preApplied)),
  atLeast: 30,
};

const configurations: [Partial<DropConsts>, Goal[]][] = [
  [{ recoveries: 1, sinks: 2, drop: 'catalog-first' }, [commitsAfterRecovery, takenOver, {
    what: 'runs in which the system recovers from an actor failure', reached: ({ steps }) => steps.some((x) => x.includes('cause=actor-failure')), atLeast: 3,
  }]],
  [{ recoveries: 2, recovery: 'keep-tombstones', sinks: 2 }, [commitsAfterRecovery, takenOver, {
    what: 'runs that keep a tombstone through a recovery', reached: ({ steps, states }) => steps.some((x, i) => x.startsWith('RecoverPurge') && states[i]!.tombstones.size > 0), atLeast: 20,
  }]],
  [{ dbRecoveries: 1, foregroundSinks: 2, sinks: 2 }, [commitsAfterRecovery, takenOver, {
    what: 'runs in which a per-database recovery cleans a dirty creating job', reached: ({ states }) => states.some((s) => Object.values(s.drops).some((d) => d.path === 'dirty-job')), atLeast: 100,
  }]],
  [{ dbRecoveries: 2, foregroundSinks: 1, dbRecoveryDirty: 'delete-only', createFailure: 'tombstone-leak' }, [commitsAfterRecovery, {
    what: "runs in which a failed CREATE's error arm runs inside a per-database recovery (#25647)",
    reached: ({ steps, states }) => steps.some((x, i) => x.startsWith('RecoverDatabase') && states[i]!.drops.s1!.path === 'create-failure'), atLeast: 50,
  }]],
  [{ metaRestarts: 1, recoveries: 1, sinks: 2 }, [commitsAfterRecovery, takenOver, {
    what: 'runs in which meta restarts and loses a tombstone', reached: ({ steps, states }) => steps.some((x, i) => x.startsWith('MetaRestart') && (i === 0 ? 0 : states[i - 1]!.tombstones.size) > 0), atLeast: 10,
  }]],
  [{ compactor: 'on', sinks: 2 }, [{
    what: 'runs in which the compactor compacts committed SSTs', reached: ({ steps, states }) => steps.some((x, i) => x.startsWith('CompactCommitted') && states[i]!.compactor!.l0.size === 0), atLeast: 100,
  }]],
  ...(['catalog-first', 'deferred-notify'] as const).map((drop): [Partial<DropConsts>, Goal[]] => [{ compactor: 'on', writeStop: true, drop, sinks: 2 }, [{
    what: 'runs that reach write stop (the compactor failing on what it owes)', reached: ({ states }, consts) => states.some((s) => writesStopped(s, consts)), atLeast: 20,
  }]]),
];

const label = (c: Partial<DropConsts>) => Object.entries(c).map(([k, v]) => `${k}=${v}`).join(', ');

describe('the store refines the model through recovery, meta restart and the dedicated compactor', () => {
  it.each(configurations.map(([c, goals]) => [label(c), c, goals] as const))(`%s: ${RUNS} random runs reach the model's state after every step`, async (_l, over, goals) => {
    const consts = constsOf(over);
    const counts = goals.map(() => 0);
    const observe = (steps: readonly string[], states: readonly DropState[]) => goals.forEach((g, i) => { if (g.reached({ steps, states }, consts)) counts[i]!++; });
    const details = await fc.check(storeRefinesModel({ consts, invariants: [], weights, observe }, MAX_COMMANDS), { seed: 7, numRuns: RUNS });
    expect(details.errorInstance, String(details.errorInstance)).toBeNull();
    expect(details.numRuns).toBe(RUNS);
    goals.forEach((g, i) => expect(counts[i], g.what).toBeGreaterThanOrEqual(g.atLeast));
  });
});
