// The executable store refines the protocol model: driven by random sequences of the model's
// actions (hops ordered by fast-check's scheduler), it reaches the model's state after every step.
// Fixed variants keep every invariant; broken ones fail with the model's violation, shrunk to
// about the length of the checker's shortest counterexample; a planted compaction bug is caught.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import model from '../../model/index.ts';
import type { DropConsts } from '../../model/params.ts';
import type { DropState } from '../../model/state.ts';
import { constsOf, InvariantViolation, RefinementError, storeRefinesModel, type RunOptions } from './model-commands.ts';

// Long enough that most runs reach a DROP followed by a sync, and many finish it (checked below).
const MAX_COMMANDS = 100;

const run = (opts: RunOptions, numRuns: number, seed = 42) => fc.check(storeRefinesModel(opts, MAX_COMMANDS), { seed, numRuns });

/** Actions in the checker's shortest counterexample (states minus the initial one). */
function bfsActions(consts: DropConsts, invariants?: string[]): { name: string; actions: number } {
  const o = check(model, { consts, ...(invariants ? { invariants } : {}), checkDeadlock: false });
  if (o.result !== 'violation') throw new Error('expected the checker to find a violation');
  return { name: o.violation.name, actions: o.violation.trace.length - 1 };
}

/** Shrunk counterexamples were at most this many actions longer than BFS's shortest one (observed: 0). */
const SHRINK_SLACK = 2;

describe('the store refines the model', () => {
  const fixed: [DropConsts['drop'], DropConsts['compaction'], number][] = [
    ['tombstone-fetch', 'skip', 2],
    ['stop-first', 'skip', 2],
    ['tombstone-fetch', 'fail-task', 1],
    ['stop-first', 'fail-task', 1],
  ];
  for (const [drop, compaction, sinks] of fixed) {
    it(`${drop} with ${compaction} compaction and ${sinks} sink(s): 1,000 runs follow the model and keep every invariant`, async () => {
      let runs = 0;
      let syncedAfterDrop = 0;
      let finished = 0;
      const observe = (steps: readonly string[]) => {
        runs++;
        const drop = steps.findIndex((x) => x.startsWith('DropSink'));
        if (drop !== -1 && steps.slice(drop).some((x) => x.startsWith('SyncEpoch'))) syncedAfterDrop++;
        if (steps.some((x) => x.startsWith('FinishDrop'))) finished++;
      };
      const details = await run({ consts: constsOf({ drop, compaction, sinks }), observe }, 1000);
      expect(details.errorInstance, String(details.errorInstance)).toBeNull();
      expect(details.failed).toBe(false);
      expect(details.numRuns).toBe(1000);
      // The runs reach the racy part of the protocol, and some drops complete.
      expect(runs).toBe(1000);
      expect(syncedAfterDrop, 'runs that sync after a DROP').toBeGreaterThan(300);
      expect(finished, 'runs that finish a DROP').toBeGreaterThan(100);
    });
  }

  for (const drop of ['catalog-first', 'deferred-notify'] as const) {
    it(`${drop}: the store follows the model even where the variant is broken`, async () => {
      const details = await run({ consts: constsOf({ drop, sinks: 2 }), invariants: [] }, 300);
      expect(details.errorInstance, String(details.errorInstance)).toBeNull();
    });

    it(`${drop}: fails with the model's violation, shrunk to within ${SHRINK_SLACK} actions of the shortest`, async () => {
      const consts = constsOf({ drop });
      const bfs = bfsActions(consts);
      const details = await run({ consts }, 1000);
      expect(details.failed).toBe(true);
      const e = details.errorInstance;
      expect(e).toBeInstanceOf(InvariantViolation);
      const v = e as InvariantViolation;
      expect(v.invariant).toBe(bfs.name);
      expect(v.steps.length).toBeLessThanOrEqual(bfs.actions + SHRINK_SLACK);
      expect(v.steps.length).toBeGreaterThanOrEqual(bfs.actions);
    });
  }

  for (const drop of ['catalog-first', 'deferred-notify'] as const) {
    it(`${drop} with fail-task compaction: the store follows the model through failed syncs`, async () => {
      // Only the broken variants make a sync task fail; each run that failed one compared the
      // store's record of the failure (failedSync) with the model's after every later step.
      let failedRuns = 0;
      let stepsAfterFailure = 0;
      const observe = (_: readonly string[], states: readonly DropState[]) => {
        const first = states.findIndex((x) => x.failedSync > 0);
        if (first === -1) return;
        failedRuns++;
        stepsAfterFailure += states.length - first - 1;
      };
      const details = await run({ consts: constsOf({ drop, compaction: 'fail-task' }), invariants: [], observe }, 1000);
      expect(details.errorInstance, String(details.errorInstance)).toBeNull();
      expect(details.numRuns).toBe(1000);
      expect(failedRuns, 'runs with a failed sync').toBeGreaterThan(100);
      expect(stepsAfterFailure, 'steps compared after a failed sync').toBeGreaterThan(200);
    });
  }

  it('catalog-first, NoRowNotFound only: the store itself fails with row not found (#20953)', async () => {
    const consts = constsOf({ drop: 'catalog-first' });
    const bfs = bfsActions(consts, ['NoRowNotFound']);
    const details = await run({ consts, invariants: ['NoRowNotFound'] }, 1000);
    const v = details.errorInstance as InvariantViolation;
    expect(v).toBeInstanceOf(InvariantViolation);
    expect(v.storeFailure).toMatch(/row not found: progress of table 501/);
    expect(v.steps.at(-1)).toMatch(/^ReceiveBarrier\(sink=s1, epoch=\d\)$/);
    expect(v.steps.length).toBeLessThanOrEqual(bfs.actions + SHRINK_SLACK);
  });

  it('a planted compaction bug (skipping a live table) is caught as a departure from the model', async () => {
    const consts = constsOf({ drop: 'tombstone-fetch' });
    const details = await run({ consts, plantedBug: 'skip-live-table' }, 1000);
    expect(details.failed).toBe(true);
    const e = details.errorInstance as RefinementError;
    expect(e).toBeInstanceOf(RefinementError);
    expect(e.action).toMatch(/^SyncEpoch/);
    expect(e.differingVars).toContain('synced');
    expect(e.steps.length).toBeLessThanOrEqual(6);
  });
});
