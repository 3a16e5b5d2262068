// The acceptance points of the dedicated compactor (../shared/protocol-history.md, "The dedicated
// compactor and write stop"). Expected verdicts are the document's: with write stop, a compactor
// that cannot resolve a dropped, still registered table stops the writes the drop's Stop barrier
// needs (#16511) wherever the table is unresolvable before it is unregistered (catalog-first; and
// deferred-notify, whose fetch ignores tombstones, with a cold compactor cache); the tombstone
// fetch (#21017) keeps it resolvable. A teardown that leaves a table registered with neither
// catalog row nor tombstone makes the compactor fail forever (#25592's crash loop).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, type CheckOutcome } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel, Consts } from '../checker/model.ts';
import { validateLasso } from '../checker/liveness/validate-lasso.ts';
import protocol from '../model/index.ts';
import { writesStopped } from '../model/compactor.ts';
import type { DropConsts } from '../model/params.ts';
import type { DropState } from '../model/state.ts';
import { runCli } from './support/run-cli.ts';

const model = protocol as AnyModel;
const work = mkdtempSync(join(tmpdir(), 'dropcheck-compactor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const property = (name: string) => model.properties!.find((p) => p.name === name)!;
const search = (m: AnyModel, consts: Consts, properties: string[]): CheckOutcome =>
  check(m, { consts, invariants: ['TypeOK'], checkDeadlock: false, properties });
const verdict = (o: CheckOutcome, name: string) => o.temporal!.results.find((r) => r.name === name)!;

/** The model started only from states where the node's cache knows every table and the compactor's none. */
const nodeWarmCompactorCold: AnyModel = {
  ...model,
  init: (c: Consts) => (model.init(c) as DropState[]).filter((s) => s.cache.size === s.catalog.size && s.compactor!.cache.size === 0),
};

describe('#16511: write stop deadlocks a drop whose table the compactor cannot resolve', () => {
  it.each(['catalog-first', 'deferred-notify'])('%s: a deadlock with writes stopped and the actor running, which is a fair lasso violating DropCompletes', (drop) => {
    const consts = resolveConsts(model, { drop, compactor: 'on', writeStop: 'true' });
    const o = check(model, { consts, invariants: ['TypeOK'], liveness: false });
    if (o.result !== 'violation') throw new Error('no deadlock');
    expect(o.violation.name).toBe('Deadlock');
    const trace = o.violation.trace;
    const last = trace.at(-1)!.state as DropState;
    expect(writesStopped(last, consts as DropConsts)).toBe(true);
    expect(last.actors.s1!.status).toBe('running'); // stuck, not failed: nothing but the compactor stops it
    expect(last.drops.s1!.phase).not.toBe('live');
    // Stuttering there forever is a fair behaviour of the model in which the drop never completes.
    expect(validateLasso(model, consts, trace, trace.length - 1, property('DropCompletes'))).toMatchObject({ ok: true });
    expect(validateLasso(model, consts, trace, trace.length - 1, property('CompactionProgress'))).toMatchObject({ ok: true });
  });

  it.each(['catalog-first', 'deferred-notify'])('%s without write stop: no deadlock (the compactor fails only until the drop unregisters the table)', (drop) => {
    const o = check(model, { consts: resolveConsts(model, { drop, compactor: 'on' }), invariants: ['TypeOK'], liveness: false });
    expect(o.result).toBe('ok');
    expect(o.bound).toBeNull();
  });

  it('deferred-notify, node cache warm, compactor cache cold: the node never races, and write stop alone keeps the drop from completing', () => {
    const stopping = search(nodeWarmCompactorCold, resolveConsts(model, { drop: 'deferred-notify', compactor: 'on', writeStop: 'true' }), ['DropCompletes']);
    const r = verdict(stopping, 'DropCompletes');
    expect(r.verdict).toBe('violated');
    const last = r.violation!.trace.at(-1)!.state as DropState;
    expect(last.actors.s1!.status).toBe('running');
    expect(last.compactor!.failed.toArray()).toEqual(['t1']);
    const flowing = search(nodeWarmCompactorCold, resolveConsts(model, { drop: 'deferred-notify', compactor: 'on' }), ['DropCompletes']);
    expect(verdict(flowing, 'DropCompletes').verdict).toBe('holds');
  });

  it.each(['tombstone-fetch', 'stop-first'])('%s: every property holds', (drop) => {
    const o = check(model, { consts: resolveConsts(model, { drop, compactor: 'on', writeStop: 'true' }), continueAfterViolation: true });
    expect(o.result === 'violation' ? o.violations.map((v) => v.name) : []).toEqual([]);
    expect(o.bound).toBeNull();
    expect(o.temporal!.results.map((r) => r.verdict)).toEqual(model.properties!.map(() => 'holds'));
  });
});

describe('CompactionProgress', () => {
  it('a failed CREATE that deletes its rows with no tombstone and leaves the registration: a lasso in which the compactor fails forever', () => {
    const consts = resolveConsts(model, { compactor: 'on', createFailure: 'no-tombstone' });
    const r = verdict(search(model, consts, ['CompactionProgress']), 'CompactionProgress');
    expect(r.verdict).toBe('violated');
    const { trace, loop } = r.violation!;
    const looped = trace.slice(loop).map((x) => x.state as DropState);
    for (const s of looped) {
      expect(s.compactor!.failed.toArray()).toEqual(['t1']);
      expect(s.registered.has('t1') && !s.catalog.has('t1') && !s.tombstones.has('t1')).toBe(true);
    }
    expect(validateLasso(model, consts, trace, loop, property('CompactionProgress'))).toMatchObject({ ok: true });
  });

  it('with a tombstone (the leak of #25647) the table stays fetchable: the compactor never fails', () => {
    const consts = resolveConsts(model, { compactor: 'on', createFailure: 'tombstone-leak' });
    expect(verdict(search(model, consts, ['CompactionProgress']), 'CompactionProgress').verdict).toBe('holds');
  });

  it('compactor=off: it quantifies over no table and holds', () => {
    const o = search(model, resolveConsts(model, { drop: 'catalog-first', createFailure: 'no-tombstone' }), ['CompactionProgress']);
    expect(verdict(o, 'CompactionProgress').verdict).toBe('holds');
  });
});

describe('through the CLI', () => {
  it("check writes the #16511 deadlock, and replay re-executes it as a behaviour of the model", () => {
    const file = join(work, 'deadlock.itf.json');
    const r = runCli(['check', '--const', 'drop=deferred-notify', '--const', 'compactor=on', '--const', 'writeStop=true', '--invariant', 'TypeOK', '--no-liveness', '--trace-out', file]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('Error: Deadlock reached.');
    expect(r.stdout).toMatch(/CompactCommitted\n\s+\+ compactor\.failed gains "t1"/);
    const replay = runCli(['replay', file]);
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
  });

  it('check writes the compactor failing forever as a lasso, and replay checks its loop and fairness', () => {
    const file = join(work, 'progress.itf.json');
    const r = runCli(['check', '--const', 'compactor=on', '--const', 'createFailure=no-tombstone', '--invariant', 'TypeOK', '--no-deadlock', '--property', 'CompactionProgress', '--trace-out', file]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain('Temporal property CompactionProgress is violated: for t1');
    const replay = runCli(['replay', file]);
    expect(replay.status, replay.stdout + replay.stderr).toBe(0);
  });

  it('matrix with the compactor and write stop: a CompactionProgress column, the #16511 rows violated, the fixes holding', () => {
    const r = runCli(['matrix', '--const', 'compactor=on', '--const', 'writeStop=true', '--json', '--out-dir', join(work, 'matrix')]);
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { drop: string; compaction: string; cells: Record<string, { verdict: string }> }[];
    const cell = (drop: string, compaction: string, p: string) => rows.find((x) => x.drop === drop && x.compaction === compaction)!.cells[p]!.verdict;
    for (const drop of ['catalog-first', 'deferred-notify']) {
      for (const p of ['Deadlock', 'DropCompletes', 'CompactionProgress']) expect(cell(drop, 'skip', p), `${drop} ${p}`).toBe('violated');
    }
    for (const row of rows.filter((x) => x.drop === 'tombstone-fetch' || x.drop === 'stop-first')) {
      expect(Object.values(row.cells).every((c) => c.verdict === 'holds'), row.drop).toBe(true);
      expect(Object.keys(row.cells)).toContain('CompactionProgress');
    }
  });

  it('a compactor mode that does not exist: one line, exit 2', () => {
    const r = runCli(['check', '--const', 'compactor=maybe']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('per-database recovery of dirty creating jobs (#25592) and the compactor', () => {
  // A foreground CREATE's job is dirty when a per-database recovery comes: before #25592 its rows
  // are deleted with no tombstone and no unregister, and only a global recovery (none here) would
  // purge the registration; since, a tombstone keeps it fetchable and the cleanup unregisters it.
  const raw = { compactor: 'on', dbRecoveries: '1', foregroundSinks: '1' };

  it('delete-only: a lasso in which the compactor fails forever on the dirty job\'s table', () => {
    const consts = resolveConsts(model, { ...raw, dbRecoveryDirty: 'delete-only' });
    const r = verdict(search(model, consts, ['CompactionProgress']), 'CompactionProgress');
    expect(r.verdict).toBe('violated');
    const { trace, loop } = r.violation!;
    for (const s of trace.slice(loop).map((x) => x.state as DropState)) {
      expect(s.drops.s1!.path).toBe('dirty-job');
      expect(s.compactor!.failed.toArray()).toEqual(['t1']);
      expect(s.registered.has('t1') && !s.catalog.has('t1') && !s.tombstones.has('t1')).toBe(true);
    }
    expect(validateLasso(model, consts, trace, loop, property('CompactionProgress'))).toMatchObject({ ok: true });
  });

  it('tombstone-and-cleanup: the compactor never fails for good', () => {
    const consts = resolveConsts(model, { ...raw, dbRecoveryDirty: 'tombstone-and-cleanup' });
    expect(verdict(search(model, consts, ['CompactionProgress']), 'CompactionProgress').verdict).toBe('holds');
  });
});

describe('the versions with the dedicated compactor (matrix --history --const compactor=on)', () => {
  // v2.7's failed CREATE leaves a registered table with neither catalog row nor tombstone; v2.8.4's
  // keeps a tombstone, so the table stays fetchable (../shared/protocol-history.md, "Create failure").
  const withCompactor = (name: string) => {
    const preset = model.presets!.find((p) => p.name === name)!;
    return resolveConsts(model, { ...Object.fromEntries(Object.entries(preset.consts).map(([k, v]) => [k, String(v)])), compactor: 'on', writeStop: 'true' });
  };
  it.each([['v2.7', 'violated'], ['v2.8.4', 'holds']])('%s: CompactionProgress %s', (name, expected) => {
    expect(verdict(search(model, withCompactor(name), ['CompactionProgress']), 'CompactionProgress').verdict).toBe(expected);
  });
});
