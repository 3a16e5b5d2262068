// `check --cluster` on a local 3-node cluster gives the output of the in-process search (the
// reference: plain `check`), byte for byte but for the timing line, and the same trace files,
// whoever expands the chunks and however small they are; a worker killed with SIGKILL mid-search
// and a coordinator interrupted and resumed change nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliAsync } from '../support/run-cli.ts';
import type { LocalCluster } from '../../scripts/cluster.ts';
import { clusterKeys, killStarted, startCli, startCluster, stopCluster, textWithoutTime, withoutTime, type Running } from './local-cluster.ts';
import { SEARCH_IDS_KEY, SEARCH_KEY } from '../../checker/cluster/keys.ts';

const deep = fileURLToPath(new URL('../checker/parallel/deep-violation.ts', import.meta.url));
const twoPhase = fileURLToPath(new URL('../../examples/two-phase.ts', import.meta.url));
const dieHard = fileURLToPath(new URL('../../examples/die-hard.ts', import.meta.url));
const diningPhilosophers = fileURLToPath(new URL('../../examples/dining-philosophers.ts', import.meta.url));
const allocatorWeak = fileURLToPath(new URL('../../examples/simple-allocator-weak.ts', import.meta.url));

let cluster: LocalCluster | undefined;
let url = '';

beforeAll(() => { ({ cluster, url } = startCluster(21101)); }, 60_000);
afterEach(killStarted);
afterAll(() => { killStarted(); stopCluster(cluster); });

/** What a run leaves to compare: its output without the timing line, and its trace files. */
interface Observed { readonly status: number | null; readonly stdout: string; readonly traces: Record<string, string> }

function observe(cwd: string, r: { status: number | null; stdout: string }): Observed {
  const traces: Record<string, string> = {};
  for (const f of readdirSync(cwd).filter((f) => f.endsWith('.itf.json')).sort()) traces[f] = readFileSync(join(cwd, f), 'utf8');
  const stdout = r.stdout.startsWith('{') ? JSON.stringify(withoutTime(r.stdout)) : textWithoutTime(r.stdout);
  return { status: r.status, stdout, traces };
}

async function reference(args: readonly string[]): Promise<Observed> {
  const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-ref-'));
  return observe(cwd, await runCliAsync(args, cwd));
}

/** The check coordinated on the cluster, with `workers` worker processes beside it. */
async function onCluster(args: readonly string[], extra: readonly string[], workers: number, spec?: string): Promise<Observed> {
  const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-cluster-run-'));
  const ws = Array.from({ length: workers }, () => startCli(['worker', '--cluster', url, ...(spec ? ['--spec', spec] : [])], cwd));
  const r = await runCliAsync([...args, '--cluster', url, ...extra], cwd);
  // A worker that joined must end with the search (exit 0). One whose process started only after
  // a small search was over never joins it and waits for the next search, as a worker does: it is
  // stopped here. With --coordinate-only, some worker must have joined, or no state was expanded.
  const joinedAny = (await Promise.all(ws.map(endedOrNeverJoined))).some((j) => j);
  if (extra.includes('--coordinate-only') && workers > 0) expect(joinedAny).toBe(true);
  return observe(cwd, r);
}

/** Whether the worker joined the search; if it did, it must have ended with exit 0 within 30 s. */
async function endedOrNeverJoined(w: Running): Promise<boolean> {
  const late = Symbol('late');
  const e = await Promise.race([w.done, new Promise<typeof late>((res) => setTimeout(() => res(late), 30_000))]);
  const joinedIt = w.stdout().includes('Joined search');
  if (e === late) {
    expect(joinedIt, 'a worker that joined the search did not end with it').toBe(false);
    w.child.kill('SIGKILL');
    await w.done;
    return false;
  }
  expect(e.status, e.stderr).toBe(0);
  return joinedIt;
}

describe('check --cluster: the output of the in-process search', () => {
  // `chunk`: the chunk size of the two-worker run (small chunks: many of them, split anywhere).
  const cases: { name: string; args: string[]; spec?: string; all?: boolean; chunk: number }[] = [
    { name: 'TwoPhaseDeep rms=4, --continue (a violation and its trace)', args: ['check', '--spec', deep, '--const', 'rms=4', '--continue'], spec: deep, all: true, chunk: 5 },
    { name: 'the protocol model, sinks=2 deferred-notify (violated)', args: ['check', '--const', 'sinks=2', '--const', 'drop=deferred-notify', '--no-liveness'], chunk: 40 },
    { name: 'TwoPhase rms=4 cut by --max-depth 6', args: ['check', '--spec', twoPhase, '--const', 'rms=4', '--max-depth', '6'], spec: twoPhase, chunk: 7 },
    { name: 'TwoPhase rms=4 cut by --max-states 300', args: ['check', '--spec', twoPhase, '--const', 'rms=4', '--max-states', '300', '--json'], spec: twoPhase, chunk: 7 },
    { name: 'DieHard (violated in 7 states)', args: ['check', '--spec', dieHard], spec: dieHard, chunk: 2 },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const ref = await reference(c.args);
      expect(Object.keys(ref.traces).length > 0 || ref.status === 0).toBe(true);
      // The coordinator alone; one worker, chunks of 37 states; two workers, small chunks.
      if (c.all) {
        expect(await onCluster(c.args, [], 0)).toEqual(ref);
        expect(await onCluster(c.args, ['--coordinate-only', '--chunk-states', '37'], 1, c.spec)).toEqual(ref);
      }
      expect(await onCluster(c.args, ['--coordinate-only', '--chunk-states', String(c.chunk)], 2, c.spec)).toEqual(ref);
    }, 240_000);
  }
});

describe('check --cluster: state constraints, temporal properties and --coverage as in process, with 1 and 2 workers', () => {
  const steps = join(mkdtempSync(join(tmpdir(), 'dropcheck-steps-')), 'steps.ts');
  // Counts up by 1 or 2; the constraint keeps n <= 5, and n = 7 (excluded, yet checked) breaks Below.
  writeFileSync(steps, `export default {
  name: 'Steps', description: 'counts up by one or two', params: [], checkDeadlock: false,
  init: () => [{ n: 0 }],
  actions: [{ name: 'Up', description: 'n + 1 or n + 2', params: ['by'], successors: (s) => [1, 2].map((by) => ({ params: { by }, state: { n: s.n + by } })) }],
  invariants: [{ name: 'Below', description: 'n < 7', check: (s) => (s.n < 7 ? undefined : 'n is ' + s.n) }],
  constraint: (s) => s.n <= 5,
};
`);
  const cases: { name: string; args: string[]; spec?: string; chunk: number; expected: RegExp }[] = [
    { name: 'a state constraint: an excluded state violates an invariant', args: ['check', '--spec', steps, '--json'], spec: steps, chunk: 1, expected: /"constrained":true.*"reason":"n is 7"/ },
    { name: 'dining philosophers: a temporal property under per-instance fairness holds', args: ['check', '--spec', diningPhilosophers], spec: diningPhilosophers, chunk: 5, expected: /NobodyStarves +holds/ },
    { name: 'SimpleAllocator with weak fairness, --continue: two lassos', args: ['check', '--spec', allocatorWeak, '--continue'], spec: allocatorWeak, chunk: 23, expected: /ClientsWillObtain +violated/ },
    { name: 'TwoPhase rms=4 --coverage, cut by --max-states 300', args: ['check', '--spec', twoPhase, '--const', 'rms=4', '--coverage', '--max-states', '300', '--json'], spec: twoPhase, chunk: 7, expected: /"coverage":\[/ },
    { name: 'the protocol model, deferred-notify / fail-task, --continue --coverage: a deadlock and lassos', args: ['check', '--const', 'drop=deferred-notify', '--const', 'compaction=fail-task', '--continue', '--coverage'], chunk: 31, expected: /DropCompletes +violated/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const ref = await reference(c.args);
      expect(ref.stdout).toMatch(c.expected);
      for (const workers of [1, 2]) expect(await onCluster(c.args, ['--coordinate-only', '--chunk-states', String(c.chunk)], workers, c.spec)).toEqual(ref);
    }, 240_000);
  }
});

/** Once the worker joined a search (the coordinator is then listening for signals). */
async function joined(w: Running): Promise<void> {
  while (!w.stdout().includes('Joined search')) await new Promise((r) => setTimeout(r, 50));
}

describe('check --cluster: faults', () => {
  const args = ['check', '--spec', deep, '--const', 'rms=6', '--continue', '--json'];

  it('a worker killed with SIGKILL mid-search: its chunks are done again, the result is the same', async () => {
    const ref = await reference(args);
    const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-kill-'));
    const victim = startCli(['worker', '--cluster', url, '--spec', deep], cwd);
    const survivor = startCli(['worker', '--cluster', url, '--spec', deep], cwd);
    const check = startCli([...args, '--cluster', url, '--coordinate-only', '--lease', '1', '--chunk-states', '100'], cwd);
    // Killed once it has worked a while: the search (about 50,000 states) is then mid-way.
    await joined(victim);
    await new Promise((r) => setTimeout(r, 2000));
    expect(victim.child.exitCode).toBeNull();
    victim.child.kill('SIGKILL');
    const [killed, ended, r] = await Promise.all([victim.done, survivor.done, check.done]);
    expect(killed.signal).toBe('SIGKILL');
    expect(ended.status, ended.stderr).toBe(0);
    expect(r.status, r.stderr).toBe(1);
    expect(withoutTime(r.stdout)).toEqual(withoutTime(ref.stdout));
    expect(observe(cwd, r).traces).toEqual(ref.traces);
  }, 300_000);

  it('a worker slower than its lease, writing a chunk after the search is over, leaves no key behind', async () => {
    const small = ['check', '--spec', twoPhase, '--const', 'rms=3', '--json'];
    const ref = await reference(small);
    const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-late-'));
    // The slow worker claims a chunk's states, then waits 2 s before writing them: its lease
    // (0.1 s) runs out, the fast worker does the chunk again, and the search ends meanwhile.
    const slow = startCli(['worker', '--cluster', url, '--spec', twoPhase, '--pause-before-output', '2000'], cwd);
    const check = startCli([...small, '--cluster', url, '--coordinate-only', '--lease', '0.1', '--chunk-states', '5'], cwd);
    await joined(slow);
    const fast = startCli(['worker', '--cluster', url, '--spec', twoPhase], cwd);
    const [r, s, f] = await Promise.all([check.done, slow.done, fast.done]);
    expect(r.status, r.stderr).toBe(0);
    expect(withoutTime(r.stdout)).toEqual(withoutTime(ref.stdout));
    for (const w of [s, f]) expect(w.status, w.stderr).toBe(0);
    // Only the cluster's own keys stay: which search it holds (done) and the search counter.
    expect(await clusterKeys(url)).toEqual([SEARCH_KEY, SEARCH_IDS_KEY].sort());
  }, 120_000);

  it('a coordinator interrupted (SIGINT) and resumed with --resume: the result is the same', async () => {
    const ref = await reference(args);
    const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-resume-'));
    // A worker that outlives the interruption: it waits, then goes on with the resumed search.
    const worker = startCli(['worker', '--cluster', url, '--spec', deep], cwd);
    const first = startCli([...args, '--cluster', url, '--chunk-states', '500'], cwd);
    await joined(worker);
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.status, stopped.stderr).toBe(130);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ result: 'interrupted', signal: 'SIGINT' });
    const resumed = await runCliAsync([...args, '--cluster', url, '--resume', '--chunk-states', '300'], cwd);
    expect(resumed.status, resumed.stderr).toBe(1);
    expect(withoutTime(resumed.stdout)).toEqual(withoutTime(ref.stdout));
    expect(observe(cwd, resumed).traces).toEqual(ref.traces);
    expect((await worker.done).status).toBe(0);
  }, 300_000);

  it('a coordinator interrupted while no worker finishes its level says so, stops at a second interrupt, and --resume continues', async () => {
    const small = ['check', '--spec', twoPhase, '--const', 'rms=4'];
    const ref = await reference(small);
    const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-stuck-'));
    // Interrupted before its first level is published, a coordinator stops at once (at depth 1, as
    // the in-process search does): wait until it waits for its level's chunks.
    const published = async (): Promise<boolean> => (await clusterKeys(url)).some((k) => k.endsWith(':{dropcheck}:task'));
    expect(await published()).toBe(false);
    const first = startCli([...small, '--cluster', url, '--coordinate-only'], cwd);
    await until('the first level published', published, first);
    first.child.kill('SIGINT');
    await until('the interrupt acknowledged', () => first.stderr().includes('Interrupted: the search stops once this level is done'), first);
    expect(first.child.exitCode).toBe(null);
    first.child.kill('SIGINT');
    const stopped = await first.done;
    expect(stopped.status).toBe(130);
    // Its coordination lease runs out (30 s) before another coordinator may take the search.
    const worker = startCli(['worker', '--cluster', url, '--spec', twoPhase], cwd);
    const resumed = await runCliAsync([...small, '--cluster', url, '--resume', '--coordinate-only'], cwd);
    expect(resumed.status, resumed.stderr).toBe(0);
    // It says where it goes on from (the level the first coordinator was on: depth 1, the
    // initial state alone), then prints what the uninterrupted search does.
    const [header, resuming, ...rest] = textWithoutTime(resumed.stdout).split('\n');
    expect(resuming).toMatch(/^Resuming the search saved in the cluster at depth 1: 1 distinct states found and 1 generated so far, in \d+\.\d\d s; the figures and the time below include that run\.$/);
    expect([header, ...rest].join('\n')).toEqual(ref.stdout);
    expect((await worker.done).status).toBe(0);
  }, 300_000);
});

/** Waits until `ready()` holds (checked every 50 ms), failing after 60 s with what `run` printed. */
async function until(what: string, ready: () => boolean | Promise<boolean>, run: Running): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await ready())) {
    if (Date.now() > deadline || run.child.exitCode !== null) {
      throw new Error(`never saw ${what} (exit ${run.child.exitCode}); stdout: ${run.stdout()} stderr: ${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
