// SIGINT and SIGTERM during check, simulate and matrix: the run ends with what it learned (no
// verdict), exit 130 or 143, and the files it wrote are complete. Each run is long enough to be
// interrupted (TwoPhase with 8 RMs), the signal is sent once it has shown that it started, and
// every wait is bounded in time (generously: a loaded machine runs them several times slower).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'dropcheck-interrupt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const twoPhase = join(repoRoot, 'examples', 'two-phase.ts');

interface Interrupted { status: number | null; stdout: string; stderr: string }

/**
 * CPU time (user + system, in clock ticks: 1/100 s on Linux) that process `pid` has used, or
 * undefined where /proc does not say. Under load, wall time says little about how far a run is.
 */
function cpuTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name in parentheses: state (field 3) ... utime (14), stime (15).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs the CLI, sends `signal` once `ready()` says so (polled), and waits for the exit; the
 * process is killed (and the test fails) if it has not ended within the time limit.
 */
function interrupt(args: string[], signal: NodeJS.Signals, ready: (stdout: string, pid: number) => boolean, cwd = work): Promise<Interrupted> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const poll = setInterval(() => {
      if (!sent && ready(stdout, child.pid!)) { sent = true; child.kill(signal); }
    }, 50);
    const limit = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no exit within the limit: ${stdout}${stderr}`)); }, 180_000);
    child.on('exit', (status) => {
      clearInterval(poll);
      clearTimeout(limit);
      if (!sent) reject(new Error(`the run ended before the signal was sent: ${stdout}${stderr}`));
      else resolve({ status, stdout, stderr });
    });
  });
}

const started = (line: string) => (stdout: string) => stdout.includes(line);

describe('an interrupted check', () => {
  it('SIGINT: prints the figures so far, the level it was on, says it is no proof, exits 130', async () => {
    const r = await interrupt(['check', '--spec', twoPhase, '--const', 'rms=8'], 'SIGINT', started('Checking TwoPhase'));
    expect(r.status, r.stderr).toBe(130);
    expect(r.stdout).toMatch(/^Interrupted \(SIGINT\) while expanding the states at depth \d+ \([\d,]+ of [\d,]+ done\): the search is incomplete, and this is not a proof\.$/m);
    expect(r.stdout).toMatch(/^[\d,]+ states generated, [\d,]+ distinct states found so far\.$/m);
    expect(r.stdout).toMatch(/^The search reached depth \d+ when it stopped\.$/m);
    expect(r.stdout).toMatch(/^Stopped after \d+\.\d\d s\.$/m);
    expect(r.stdout).not.toMatch(/No error has been found/);
    expect(r.stderr).toBe('');
  }, 200_000);

  it('SIGTERM with --json: one object, result "interrupted", exits 143', async () => {
    // --json prints nothing before the end: wait until the search is surely under way, by the
    // CPU time the run has used (start-up takes well under a second of it, the search about 30 s),
    // not by wall time, which a loaded machine stretches past the start-up (then the signal came
    // before the handler and ended the process outright).
    const t0 = Date.now();
    const underWay = (_: string, pid: number) => {
      const ticks = cpuTicks(pid);
      return ticks === undefined ? Date.now() - t0 > 2500 : ticks >= 300;
    };
    const r = await interrupt(['check', '--spec', twoPhase, '--const', 'rms=8', '--json'], 'SIGTERM', underWay);
    expect(r.status, r.stderr).toBe(143);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const j = JSON.parse(lines[0]!);
    expect(j).toMatchObject({ result: 'interrupted', signal: 'SIGTERM' });
    expect(j.distinctStates).toBeGreaterThan(0);
    expect(j.generatedStates).toBeGreaterThanOrEqual(j.distinctStates);
    expect(j.level.depth).toBe(j.depth);
    expect(j.level.expanded).toBeLessThanOrEqual(j.level.of);
  }, 200_000);
});

describe('an interrupted simulate', () => {
  it('has printed its seed before the first walk; SIGINT ends it with the walks done, exit 130', async () => {
    const r = await interrupt(['simulate', '--spec', twoPhase, '--const', 'rms=8', '--runs', '1000000', '--seed', '42'], 'SIGINT', started('Seed 42'));
    expect(r.status, r.stderr).toBe(130);
    expect(r.stdout.split('\n')[1]).toBe('Seed 42, up to 1,000,000 walks of at most 100 steps.');
    const done = /^Interrupted \(SIGINT\) after ([\d,]+) of 1,000,000 walks: no error found so far, and this is not a proof\. Repeat with --seed 42\.$/m.exec(r.stdout);
    expect(done, r.stdout).not.toBeNull();
    expect(r.stdout).toContain(`${done![1]} walks, `);
  }, 200_000);

  it('SIGTERM exits 143', async () => {
    const r = await interrupt(['simulate', '--spec', twoPhase, '--const', 'rms=8', '--runs', '1000000', '--seed', '42'], 'SIGTERM', started('Seed 42'));
    expect(r.status, r.stderr).toBe(143);
    expect(r.stdout).toMatch(/^Interrupted \(SIGTERM\) after/m);
  }, 200_000);
});

describe('an interrupted matrix', () => {
  const deferredNotify = ['--const', 'sinks=2', '--const', 'drop=deferred-notify'];
  it('prints the rows it finished and keeps their complete trace files; SIGINT exits 130', async () => {
    const out = join(work, 'traces');
    // Trace files are written as each row is done: the first row's appear, then the signal, while
    // the second row runs. Both rows of deferred-notify at 2 sinks violate invariants; the first
    // takes seconds (catalog-first's first row took most of a minute on a loaded machine).
    const r = await interrupt(['matrix', ...deferredNotify, '--out-dir', out], 'SIGINT', () => existsSync(out) && readdirSync(out).some((f) => f.startsWith('deferred-notify.skip.')));
    expect(r.status, r.stderr).toBe(130);
    const done = /^Interrupted \(SIGINT\): (\d) of 2 rows done; the other variants were not checked\.$/m.exec(r.stdout);
    expect(done, r.stdout).not.toBeNull();
    const rows = Number(done![1]);
    expect(rows).toBe(1);
    const printed = r.stdout.split('\n').filter((l) => / \/ (skip|fail-task) /.test(l) && /(holds|VIOLATED)/.test(l));
    expect(printed).toHaveLength(rows);
    expect(printed[0]).toMatch(/^deferred-notify \/ skip /);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const doc = JSON.parse(readFileSync(join(out, f), 'utf8'));
      expect(doc.states.length).toBeGreaterThan(1);
    }
  }, 200_000);

  it('--history: prints the versions it finished and keeps their trace files; SIGINT exits 130', async () => {
    const out = join(work, 'traces-history');
    const r = await interrupt(['matrix', '--history', '--out-dir', out], 'SIGINT', () => existsSync(out) && readdirSync(out).some((f) => f.startsWith('pre-v2.4.')));
    expect(r.status, r.stderr).toBe(130);
    const done = /^Interrupted \(SIGINT\): (\d) of 8 rows done; the other versions were not checked\.$/m.exec(r.stdout);
    expect(done, r.stdout).not.toBeNull();
    const rows = Number(done![1]);
    expect(rows).toBeGreaterThanOrEqual(1);
    expect(rows).toBeLessThan(8);
    const printed = r.stdout.split('\n').filter((l) => /^(pre-v|v\d|head)\S*\s+(holds|VIOLATED)/.test(l));
    expect(printed).toHaveLength(rows);
    expect(printed[0]).toMatch(/^pre-v2\.4 /);
    const files = readdirSync(out);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of files) expect(JSON.parse(readFileSync(join(out, f), 'utf8')).states.length).toBeGreaterThan(1);
  }, 200_000);

  it('SIGTERM exits 143', async () => {
    const out = join(work, 'traces-term');
    const r = await interrupt(['matrix', ...deferredNotify, '--out-dir', out], 'SIGTERM', () => existsSync(out));
    expect(r.status, r.stderr).toBe(143);
    expect(r.stdout).toMatch(/^Interrupted \(SIGTERM\): 1 of 2 rows done/m);
  }, 200_000);
});
