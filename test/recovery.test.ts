// The acceptance points of recovery, per-database recovery and meta restart, and the two open
// questions of ../shared/protocol-history.md. Expected verdicts are reasoned from that document:
// before #23216 a recovery leaves the tombstones of the drops it pre-applies; per-database recovery
// never purges, so before #25592 a dirty job's table stays registered with nothing to resolve it;
// a failure the system recovers from by itself is repaired, one only a crash would repair is not.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel } from '../checker/model.ts';
import protocol from '../model/index.ts';
import type { DropState } from '../model/state.ts';
import { runCli } from './support/run-cli.ts';

const model = protocol as AnyModel;
const work = mkdtempSync(join(tmpdir(), 'dropcheck-recovery-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The properties a complete search of `m` finds violated (deadlocks as `Deadlock`, temporal properties included). */
function violated(raw: Record<string, string>, m: AnyModel = model): string[] {
  const o = check(m, { consts: resolveConsts(model, raw), continueAfterViolation: true });
  expect(o.bound).toBeNull();
  return o.result === 'violation' ? o.violations.map((v) => v.name).sort() : [];
}

/** The model without some actions: to look at one path alone (say, no DDL, so that only the recovery tears down). */
const without = (...names: string[]): AnyModel => ({ ...model, actions: model.actions.filter((a) => !names.includes(a.name)) });

const CLEANUP = ['CleanupCompletes', 'CleanupDone', 'DropLeavesNothing'];
const RACE = ['LiveTablesDurable', 'NoRowNotFound', 'NoSilentDataLoss'];

describe('budgets at 0: the model without recovery', () => {
  it('no state carries the recovery variable, and no recovery action is ever enabled', () => {
    const consts = resolveConsts(model, {});
    for (const s of model.init(consts) as Iterable<DropState>) expect(Object.keys(s)).not.toContain('recovery');
    const names = new Set(['Recover', 'RecoverDrain', 'RecoverPurge', 'RecoverDatabase', 'MetaRestart']);
    const recoveryActions = model.actions.filter((a) => names.has(a.name));
    expect(recoveryActions).toHaveLength(names.size);
    const o = check(model, { consts, liveness: false });
    expect(o.result).toBe('ok');
    for (const s of model.init(consts) as Iterable<DropState>) for (const a of recoveryActions) expect([...a.successors(s, consts)]).toEqual([]);
  });
});

describe('global recovery (#23216)', () => {
  it('keep-tombstones: a drop and a recovery leave a tombstone behind (cleanup violated), nothing unsafe', () => {
    const v = violated({ recoveries: '1', recovery: 'keep-tombstones' });
    expect(v).toEqual(CLEANUP);
    const o = check(model, { consts: resolveConsts(model, { recoveries: '1', recovery: 'keep-tombstones' }), invariants: ['CleanupDone'], liveness: false });
    if (o.result !== 'violation') throw new Error('no leak');
    const actions = o.violation.trace.slice(1).map((s) => s.action!.name);
    expect(actions).toContain('DropSink');
    expect(actions).toContain('Recover');
    const last = o.violation.trace.at(-1)!.state as DropState;
    expect([...last.tombstones]).toEqual(['t1']);
    expect([...last.registered]).toEqual([]);
  });

  it('complete: every cleanup and progress property holds; the one violation is the window between drain and purge', () => {
    const v = violated({ recoveries: '1' });
    expect(v).toEqual(['ResolvableWhileRegistered']);
  });

  it('an actor failure is followed by the system\'s own recovery (weakly fair): catalog-first still races, but every drop completes', () => {
    const without = violated({ drop: 'catalog-first' });
    expect(without).toEqual(expect.arrayContaining(['DropCompletes', 'CleanupCompletes']));
    const v = violated({ drop: 'catalog-first', recoveries: '1' });
    expect(v).toEqual(expect.arrayContaining(RACE));
    expect(v).not.toContain('DropCompletes');
    expect(v).not.toContain('BarrierProgress');
    expect(v).not.toContain('CleanupCompletes');
  });

  it('fail-task: the stuck sync fails no actor, so only a node crash (an environment event, unfair) would repair it: reported', () => {
    const v = violated({ drop: 'catalog-first', compaction: 'fail-task', recoveries: '1' });
    expect(v).toEqual(expect.arrayContaining(['Deadlock', 'DropCompletes', 'BarrierProgress']));
  });

  it('the barriers a recovery abandons are not reported as stuck: BarrierProgress holds with a crash at any point', () => {
    const o = check(model, { consts: resolveConsts(model, { recoveries: '2' }), invariants: ['TypeOK'] });
    expect(o.result).toBe('ok');
    expect(o.temporal!.results.map((r) => [r.name, r.verdict])).toEqual([['DropCompletes', 'holds'], ['BarrierProgress', 'holds'], ['CleanupCompletes', 'holds']]);
  });
});

describe('per-database recovery (#25592) and the failed foreground CREATE (#25647)', () => {
  // No DDL and no CreateFails of its own: only the per-database recovery tears the foreground sink down.
  const alone = without('DropSink', 'CancelJob', 'AlterDropConnector', 'CreateFails');
  const db = { dbRecoveries: '1', foregroundSinks: '1' };

  it.each([
    ['delete-only', ['ResolvableWhileRegistered', ...CLEANUP].sort()],
    ['tombstone-and-cleanup', []],
  ])('dbRecoveryDirty=%s (no error arm): %j', (dbRecoveryDirty, expected) => {
    expect(violated({ ...db, dbRecoveryDirty }, alone)).toEqual(expected);
  });

  // The recovery fails the CREATE's wait, its error arm runs first, then the recovery cleans what it
  // still finds: the error arm decides. #26472 leaves a failure caused by recovery to the recovery.
  it.each([
    ['off', 'clean'],
    ['no-tombstone', 'unsafe'],
    ['tombstone-stale', 'leaky'],
    ['tombstone-leak', 'leaky'],
    ['cancel-and-cleanup', 'clean'],
  ])('createFailure=%s through a per-database recovery (#25592 on) is %s', (createFailure, outcome) => {
    const v = violated({ ...db, createFailure }, alone);
    expect(v.includes('ResolvableWhileRegistered'), `unsafe: ${v}`).toBe(outcome === 'unsafe');
    expect(v.includes('CleanupDone'), `leaky: ${v}`).toBe(outcome !== 'clean');
    if (outcome === 'leaky') expect(v).toEqual(CLEANUP);
  });

  it('#25647 as a trace: the recovery alone (RecoverDatabase) leaves t1 registered, out of the catalog, without a tombstone', () => {
    const o = check(alone, { consts: resolveConsts(model, { ...db, createFailure: 'no-tombstone' }), invariants: ['ResolvableWhileRegistered'], liveness: false });
    if (o.result !== 'violation') throw new Error('not reproduced');
    expect(o.violation.trace.slice(1).map((s) => s.action!.name)).toEqual(['RecoverDatabase']);
    const last = o.violation.trace.at(-1)!.state as DropState;
    expect(last.drops.s1).toMatchObject({ phase: 'dropped', path: 'create-failure' });
    expect([...last.registered]).toEqual(['t1']);
  });
});

describe('meta restart', () => {
  it('loses tombstones and pending notifications, re-snapshots the cache from the catalog, and a global recovery follows: every cleanup completes', () => {
    const consts = resolveConsts(model, { metaRestarts: '1' });
    expect(violated({ metaRestarts: '1' })).toEqual(['ResolvableWhileRegistered']);
    const o = check(model, { consts, invariants: ['ResolvableWhileRegistered'], liveness: false });
    if (o.result !== 'violation') throw new Error('no window');
    const trace = o.violation.trace;
    const i = trace.findIndex((s) => s.action?.name === 'MetaRestart');
    expect(i).toBeGreaterThan(0);
    const after = trace[i]!.state as DropState;
    expect(after.tombstones.size).toBe(0);
    expect(after.notifications).toEqual([]);
    expect(after.cache.equals(after.catalog)).toBe(true);
    expect(after.recovery!.step).not.toBe('none');
  });
});

describe('the two open questions, through the CLI', () => {
  const trace = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { states: { '#meta'?: { action?: string }; recovery: { step: string } }[] };

  it('1. drain before purge: a table registered but unresolvable inside a recovery; no actor touches it, and the purge ends it', () => {
    const file = join(work, 'q1.itf.json');
    const r = runCli(['check', '--const', 'recoveries=1', '--invariant', 'ResolvableWhileRegistered', '--trace-out', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Invariant ResolvableWhileRegistered is violated');
    const states = trace(file).states;
    expect(states.at(-1)!.recovery.step).not.toBe('none'); // inside the recovery
    expect(runCli(['replay', file]).status).toBe(0);
    // Nothing reads or writes the table in the window, and every temporal property holds.
    const all = runCli(['check', '--const', 'recoveries=1', '--continue', '--json'], work);
    const j = JSON.parse(all.stdout) as { violations: { name: string }[]; properties: Record<string, { verdict: string }> };
    expect(j.violations.map((v) => v.name)).toEqual(['ResolvableWhileRegistered']);
    expect(Object.values(j.properties).map((p) => p.verdict)).toEqual(['holds', 'holds', 'holds']);
  });

  it('2. a DROP whose Stop is in flight at a per-database recovery: no cleanup, safe but leaking', () => {
    const file = join(work, 'q2.itf.json');
    const r = runCli(['check', '--const', 'dbRecoveries=1', '--invariant', 'DropLeavesNothing', '--trace-out', file]);
    expect(r.status).toBe(1);
    const states = trace(file).states;
    expect(states.slice(1).map((s) => s['#meta']?.action)).toEqual(['DropSink', 'InjectBarrier', 'RecoverDatabase']);
    expect(runCli(['replay', file]).status).toBe(0);
    const v = violated({ dbRecoveries: '1' });
    expect(v).toEqual(CLEANUP);
  });
});
