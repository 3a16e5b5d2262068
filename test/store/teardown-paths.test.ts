// The store's later teardown paths follow the model: every counterexample of each unsafe or leaky
// variant replays on the store (`replay --impl`), the store failing with row not found where the
// model's actor does; random runs of every variant reach the model's state after every step.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { resolveConsts } from '../../checker/consts.ts';
import protocol from '../../model/index.ts';
import type { DropConsts } from '../../model/params.ts';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { parseTrace } from '../../traces/read-trace.ts';
import { implReplay } from '../../store-mapping/impl-replay.ts';
import { constsOf, storeRefinesModel } from './model-commands.ts';

/** Parameter sets whose counterexamples the store must reproduce, one per unsafe or leaky variant. */
const broken: Record<string, string>[] = [
  { cancel: 'no-tombstone' },
  { cancel: 'tombstone', drop: 'deferred-notify' },
  { jobKind: 'snapshot-backfill', cleanup: 'post-collect' },
  { createFailure: 'no-tombstone' },
  { createFailure: 'tombstone-stale' },
  { createFailure: 'tombstone-leak' },
  { alterConnector: 'delete-before-stop' },
];

const label = (raw: Record<string, string>) => Object.entries(raw).map(([k, v]) => `${k}=${v}`).join(', ');

describe('replay --impl of each new counterexample', () => {
  it.each(broken.map((raw) => [label(raw), raw] as const))('%s: every violation the checker finds replays on the store', async (_l, raw) => {
    const consts = resolveConsts(protocol, raw);
    const o = check(protocol, { consts, continueAfterViolation: true });
    if (o.result !== 'violation') throw new Error('expected violations');
    for (const v of o.violations) {
      const file = parseTrace(formatItf(traceToItf(v.trace, { model: protocol.name, params: consts, violation: v })));
      const r = await implReplay('t.json', file, protocol.name, consts);
      expect(r.exitCode, `${v.name}: ${r.lines.at(-1)}`).toBe(0);
      if (v.name === 'NoRowNotFound') expect(r.replay.failure).toMatch(/^row not found/);
    }
  });
});

describe('the store refines the model on the new paths', () => {
  const variants: Partial<Record<keyof DropConsts, string>>[] = [
    { cancel: 'no-tombstone' }, { cancel: 'tombstone' },
    { jobKind: 'snapshot-backfill', cleanup: 'post-collect' }, { jobKind: 'snapshot-backfill', cleanup: 'issuer' },
    { createFailure: 'no-tombstone' }, { createFailure: 'tombstone-stale' }, { createFailure: 'tombstone-leak' }, { createFailure: 'cancel-and-cleanup' },
    { alterConnector: 'delete-after-unregister' }, { alterConnector: 'delete-before-stop' }, { alterConnector: 'tombstone' },
  ];
  it.each(variants.map((v) => [label(v as Record<string, string>), v] as const))('%s, 2 sinks: 200 random runs reach the model\'s state after every step', async (_l, v) => {
    let taken = 0;
    const observe = (steps: readonly string[]) => { if (steps.some((x) => /^(CancelJob|CreateFails|AlterDropConnector)/.test(x))) taken++; };
    const details = await fc.check(storeRefinesModel({ consts: constsOf({ ...(v as Partial<DropConsts>), sinks: 2 }), invariants: [], observe }, 60), { seed: 7, numRuns: 200 });
    expect(details.errorInstance, String(details.errorInstance)).toBeNull();
    expect(taken, 'runs that take the new path').toBeGreaterThan(50);
  });
});
