// Any number of workers gives the one-worker search's answer: figures, first violation, the
// --continue set and the trace files byte for byte, also when the search stops mid-level.
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importDefault } from '../../../checker/load-module.ts';
import { check, type CheckOptions, type CheckOutcome } from '../../../checker/check.ts';
import { resolveConsts } from '../../../checker/consts.ts';
import type { AnyModel } from '../../../checker/model.ts';
import { search } from '../../../checker/parallel/search.ts';
import { WorkerPool } from '../../../checker/parallel/worker-pool.ts';
import { CoverageObserver } from '../../../checker/coverage.ts';
import { formatItf, traceToItf } from '../../../traces/itf-trace.ts';
import graphSpec from '../graph-spec.ts';
import type { Graph } from '../graph-model.ts';

const graphModule = fileURLToPath(new URL('../graph-spec.ts', import.meta.url));
const example = (file: string) => fileURLToPath(new URL(`../../../${file}`, import.meta.url));

const pools = [WorkerPool.start(2), WorkerPool.start(3)];
afterAll(async () => { await Promise.all(pools.map((p) => p.close())); });

/** Everything a user sees of an outcome, times aside; traces as the ITF files written. */
function visible(model: AnyModel, consts: CheckOptions['consts'], o: CheckOutcome): unknown {
  const { durationMs: _d, indexBytesPerState: _i, ...stats } = o.stats;
  const temporal = o.temporal ? { edges: o.temporal.edges, verdicts: o.temporal.results.map((r) => [r.name, r.verdict, r.detail]) } : undefined;
  return {
    result: o.result, stats, constrained: o.constrained, temporal,
    ...(o.result === 'interrupted' ? { level: o.level } : { bound: o.bound, boundDetail: o.boundDetail }),
    violations: o.result !== 'ok'
      ? o.violations.map((v) => formatItf(traceToItf(v.trace, { model: model.name, params: consts, violation: v, producedBy: 'check' })))
      : [],
  };
}

/** What a user sees of a search: its outcome, or the one line of its error. */
async function seenOf(model: AnyModel, consts: CheckOptions['consts'], run: () => CheckOutcome | Promise<CheckOutcome>): Promise<unknown> {
  try {
    return visible(model, consts, await run());
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The outcome with one worker (this thread), the one-thread engine's, and with each pool: all
 * must agree, model errors, temporal verdicts, lassos and --coverage's counts included.
 */
async function expectSameForEveryWorkerCount(model: AnyModel, modelModule: string, options: CheckOptions): Promise<unknown> {
  const names = model.actions.map((a) => a.name);
  const reference = new CoverageObserver(names);
  const expected = await seenOf(model, options.consts, () => check(model, { ...options, observer: reference }));
  for (const pool of [undefined, ...pools]) {
    const coverage = new CoverageObserver(names);
    const run = () => search(model, { ...options, workers: pool?.size ?? 1, ...(pool ? { pool, modelModule, minParallelLevel: 1 } : {}), coverage });
    expect(await seenOf(model, options.consts, run)).toEqual(expected);
    expect(coverage.report()).toEqual(reference.report());
  }
  return expected;
}

const graphArb: fc.Arbitrary<Graph> = fc.integer({ min: 1, max: 150 }).chain((nodes) =>
  fc.record({
    nodes: fc.constant(nodes),
    initial: fc.array(fc.nat(nodes - 1), { minLength: 1, maxLength: 3 }),
    edges: fc.array(fc.array(fc.nat(nodes - 1), { maxLength: 5 }), { minLength: nodes, maxLength: nodes }),
  }),
);

describe('the same answer for any number of workers', () => {
  it('on random graphs, with every way a search can end', async () => {
    await fc.assert(fc.asyncProperty(
      graphArb,
      fc.integer({ min: -1, max: 149 }),
      fc.record({
        checkDeadlock: fc.boolean(),
        continueAfterViolation: fc.boolean(),
        maxStates: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
        maxDepth: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
        bound: fc.option(fc.integer({ min: 1, max: 150 }), { nil: undefined }),
        goal: fc.option(fc.integer({ min: 0, max: 149 }), { nil: undefined }),
        liveness: fc.boolean(),
      }),
      async (g, target, opts) => {
        const consts = resolveConsts(graphSpec, {
          graph: JSON.stringify(g), target: String(target < g.nodes ? target : -1),
          bound: String(opts.bound ?? -1), goal: String(opts.goal !== undefined && opts.goal < g.nodes ? opts.goal : -1),
        });
        const options: CheckOptions = {
          consts, checkDeadlock: opts.checkDeadlock, continueAfterViolation: opts.continueAfterViolation, liveness: opts.liveness,
          ...(opts.maxStates !== undefined ? { maxStates: opts.maxStates } : {}),
          ...(opts.maxDepth !== undefined ? { maxDepth: opts.maxDepth } : {}),
        };
        await expectSameForEveryWorkerCount(graphSpec as AnyModel, graphModule, options);
      },
    ), { numRuns: 100 });
  });

  it.each([
    ['examples/tcommit.ts', { rms: '3' }, {}],
    ['examples/tcommit.ts', { rms: '3' }, { continueAfterViolation: true }],
    ['examples/two-phase.ts', { rms: '5' }, {}],
    ['examples/two-phase-plain.ts', { rms: '5' }, { maxStates: 3000 }],
    ['examples/die-hard.ts', {}, {}],
    ['examples/die-hard.ts', {}, { continueAfterViolation: true }],
    ['model/index.ts', { drop: 'catalog-first' }, {}],
    ['model/index.ts', { drop: 'catalog-first' }, { continueAfterViolation: true }],
    ['model/index.ts', { drop: 'deferred-notify', compaction: 'fail-task' }, { continueAfterViolation: true, maxStates: 700 }],
    ['model/index.ts', { drop: 'catalog-first', sinks: '2' }, { invariants: ['NoRowNotFound'], symmetry: true, liveness: false }],
    ['model/index.ts', { drop: 'tombstone-fetch' }, {}],
    ['model/index.ts', { drop: 'catalog-first', compaction: 'fail-task' }, { continueAfterViolation: true }],
    ['examples/live-hour-clock.ts', {}, {}],
    ['examples/dining-philosophers.ts', {}, {}],
    ['examples/simple-allocator.ts', {}, {}],
    ['examples/simple-allocator-weak.ts', {}, {}],
    ['model/index.ts', {}, { maxDepth: 9 }],
  ] as const)('on %s %j %j', async (file, raw, opts) => {
    const path = example(file);
    const model = (await import(path)).default as AnyModel;
    await expectSameForEveryWorkerCount(model, path, { consts: resolveConsts(model, raw), checkDeadlock: model.checkDeadlock ?? true, ...opts });
  });

  it('spills the frontier to files past --memory, with the same answer', async () => {
    const path = example('examples/two-phase-plain.ts');
    const model = (await import(path)).default as AnyModel;
    const options: CheckOptions = { consts: resolveConsts(model, { rms: '6' }), checkDeadlock: false };
    const expected = visible(model, options.consts, await search(model, { ...options, workers: 1 }));
    for (const pool of [undefined, pools[0]!]) {
      const spilled = await search(model, { ...options, workers: pool?.size ?? 1, ...(pool ? { pool, modelModule: path, minParallelLevel: 1 } : {}), memoryBytes: 100_000 });
      expect(visible(model, options.consts, spilled)).toEqual(expected);
    }
  });

  it('refuses a sloppy-mode model that modifies the state it is given, also in worker threads', async () => {
    // CommonJS runs in sloppy mode: were states frozen, the write would vanish and the search
    // would report one state and no error instead of the violation at n = 3.
    const dir = mkdtempSync(join(tmpdir(), 'dropcheck-workers-mutation-'));
    try {
      const modelModule = join(dir, 'sloppy.cjs');
      writeFileSync(modelModule, `module.exports = {
        name: 'Sloppy', description: 'counts, writing into the state it is given', params: [], checkDeadlock: false,
        init: () => [{ n: 0 }],
        actions: [{ name: 'Bump', description: 'n + 1', successors: (s) => { if (s.n >= 3) return []; s.n = s.n + 1; return [{ state: { n: s.n } }]; } }],
        invariants: [{ name: 'Small', description: 'n stays below 3', check: (s) => (s.n < 3 ? undefined : 'n is ' + s.n) }],
      };\n`);
      const model = (await importDefault(modelModule)) as AnyModel;
      const consts = resolveConsts(model, {});
      const expected = /^action Bump, on a state at depth 1: it modified the state it was given \(variable n\)/;
      await expect(search(model, { consts, workers: 1 })).rejects.toThrow(expected);
      await expect(search(model, { consts, workers: pools[0]!.size, pool: pools[0]!, modelModule, minParallelLevel: 1 })).rejects.toThrow(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('expands states far larger than a worker\'s young generation (capped: worker-pool.ts)', async () => {
    // Each state holds 400,000 numbers (several MB decoded): were the workers' heaps capped too
    // tightly, the threads would die out of memory instead of agreeing with the one-worker search.
    const dir = mkdtempSync(join(tmpdir(), 'dropcheck-workers-big-'));
    try {
      const modelModule = join(dir, 'big.cjs');
      writeFileSync(modelModule, `module.exports = {
        name: 'Big', description: 'states of 400,000 numbers', params: [], checkDeadlock: false,
        init: () => [{ n: 0, data: Array.from({ length: 400000 }, (_, i) => i) }],
        actions: [1, 2].map((d) => ({ name: 'Add' + d, description: 'adds ' + d + ' to every number',
          successors: (s) => (s.n >= 6 ? [] : [{ state: { n: s.n + 1, data: s.data.map((x) => x + d) } }]) })),
        invariants: [{ name: 'Bounded', description: 'the first number stays at most 12', check: (s) => (s.data[0] <= 12 ? undefined : 'it is ' + s.data[0]) }],
      };\n`);
      const model = (await importDefault(modelModule)) as AnyModel;
      const consts = resolveConsts(model, {});
      const expected = visible(model, consts, await search(model, { consts, checkDeadlock: false, workers: 1 }));
      // After n steps the first number is any of n..2n: 1 + 2 + ... + 7 = 28 states, 7 levels.
      expect(expected).toMatchObject({ result: 'ok', stats: { distinctStates: 28, depth: 7 } });
      expect(visible(model, consts, await search(model, { consts, checkDeadlock: false, workers: pools[0]!.size, pool: pools[0]!, modelModule, minParallelLevel: 1 }))).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('grows the level table while threads expand a level, and the committed table between levels', async () => {
    // One level of 90,000 new states: past the level table's first size (65,536 slots, crowded
    // at 70%), so every thread pauses mid-level while it grows; then past the committed table's
    // first size (85% of 65,536), which grows once the level is committed.
    const dir = mkdtempSync(join(tmpdir(), 'dropcheck-workers-wide-'));
    try {
      const modelModule = join(dir, 'wide.cjs');
      writeFileSync(modelModule, `const range = (n) => Array.from({ length: n }, (_, i) => i);
      module.exports = {
        name: 'Wide', description: 'a level of 90,000 states', params: [], checkDeadlock: false,
        init: () => [{ d: 0, x: 0 }],
        actions: [{ name: 'Step', description: 'fans out twice, then folds back',
          successors: (s) => s.d === 0 ? range(300).map((i) => ({ state: { d: 1, x: i } }))
            : s.d === 1 ? range(300).map((j) => ({ state: { d: 2, x: s.x * 300 + j } }))
            : s.d === 2 ? [{ state: { d: 3, x: s.x % 1000 } }]
            : [{ state: { d: 0, x: 0 } }] }],
        invariants: [],
      };\n`);
      const model = (await importDefault(modelModule)) as AnyModel;
      const consts = resolveConsts(model, {});
      const expected = visible(model, consts, check(model, { consts, checkDeadlock: false }));
      // 1 + 300 + 90,000 + 1,000 states; generated: the initial state, then 300, 90,000, the
      // 90,000 folds onto 1,000 and the 1,000 steps back to the start.
      expect(expected).toMatchObject({ result: 'ok', stats: { distinctStates: 91_301, generatedStates: 181_301, depth: 4 } });
      for (const pool of pools) {
        expect(visible(model, consts, await search(model, { consts, checkDeadlock: false, workers: pool.size, pool, modelModule, minParallelLevel: 1 }))).toEqual(expected);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a fault in model code with the one-worker wording', async () => {
    const path = example('examples/die-hard.ts');
    const model = (await import(path)).default as AnyModel;
    const consts = resolveConsts(model, {});
    const broken = { ...model, invariants: [{ name: 'Throws', description: 'throws at the third level', check: (s: { big: number }) => { if (s.big === 3) throw new Error('boom'); return undefined; } }] };
    await expect(search(broken, { consts, workers: 1 })).rejects.toThrow(/^invariant Throws, on a state at depth \d+: boom$/);
    expect(() => check(broken, { consts })).toThrow(/^invariant Throws, on a state at depth \d+: boom$/);
  });
});
