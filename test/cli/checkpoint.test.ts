// A check interrupted (SIGINT) after a checkpoint and resumed gives exactly the figures and the
// trace of one uninterrupted run, whatever the worker counts of the two halves.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliPath, runCliAsync } from '../support/run-cli.ts';

const spec = fileURLToPath(new URL('../checker/parallel/deep-violation.ts', import.meta.url));
const args = ['check', '--spec', spec, '--const', 'rms=7', '--continue', '--json'];
const trace = 'dropcheck-TwoPhaseDeep-NeverAllCommitted.itf.json';
const withoutTime = (out: string) => ({ ...JSON.parse(out), durationMs: 0 });

/** Runs the check with a checkpoint every second, interrupts it once a checkpoint exists. */
function interrupted(cwd: string, dir: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args, '--workers', '2', '--checkpoint', dir, '--checkpoint-every', '1'], { cwd });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    const poll = setInterval(() => {
      if (existsSync(join(dir, 'checkpoint', 'search.json'))) { clearInterval(poll); child.kill('SIGINT'); }
    }, 50);
    child.on('exit', (status) => { clearInterval(poll); resolve({ status, stdout }); });
  });
}

describe('check --checkpoint and --resume', () => {
  it('an interrupted and resumed check ends exactly as an uninterrupted one (296,448 states)', async () => {
    const whole = mkdtempSync(join(tmpdir(), 'dropcheck-whole-'));
    const halves = mkdtempSync(join(tmpdir(), 'dropcheck-halves-'));
    const dir = join(halves, 'saved');
    const [reference, stopped] = await Promise.all([runCliAsync([...args, '--workers', '1'], whole), interrupted(halves, dir)]);
    expect(reference.status).toBe(1);
    expect(stopped.status).toBe(130);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ result: 'interrupted', signal: 'SIGINT', checkpoint: dir });
    const resumed = await runCliAsync([...args, '--workers', '1', '--resume', dir], halves);
    expect(resumed.status).toBe(1);
    expect(withoutTime(resumed.stdout)).toEqual({ ...withoutTime(reference.stdout) });
    expect(JSON.parse(reference.stdout)).toMatchObject({ distinctStates: 296448, generatedStates: 2744706, depth: 23 });
    expect(readFileSync(join(halves, trace), 'utf8')).toBe(readFileSync(join(whole, trace), 'utf8'));
  }, 300_000);

  it('refuses, in one line, a checkpoint of other parameters', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dropcheck-other-'));
    const dir = join(cwd, 'saved');
    const first = await runCliAsync(['check', '--spec', spec, '--const', 'rms=3', '--json', '--checkpoint', dir, '--checkpoint-every', '1', '--max-depth', '3'], cwd);
    expect(first.status).toBe(0);
    expect(existsSync(join(dir, 'checkpoint', 'search.json'))).toBe(true);
    const other = await runCliAsync(['check', '--spec', spec, '--const', 'rms=4', '--resume', dir], cwd);
    expect(other.status).toBe(2);
    expect(other.stderr.trim().split('\n')).toHaveLength(1);
    expect(other.stderr).toMatch(/the checkpoint is of another search: it is of TwoPhaseDeep rms=3, not TwoPhaseDeep rms=4/);
    expect(other.stdout).toBe('');
    // The same search resumes, and says from where: the counters the checkpoint holds.
    const { counters } = JSON.parse(readFileSync(join(dir, 'checkpoint', 'search.json'), 'utf8')) as { counters: { depth: number; logSize: number; generated: number; elapsedMs: number } };
    const same = await runCliAsync(['check', '--spec', spec, '--const', 'rms=3', '--resume', dir, '--max-depth', '3'], cwd);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout.split('\n').slice(0, 2)).toEqual([
      'Checking TwoPhaseDeep (rms=3)',
      `Resuming the search saved in ${dir} at depth ${counters.depth}: ${counters.logSize} distinct states found and ${counters.generated} generated so far, in ${(counters.elapsedMs / 1000).toFixed(2)} s; the figures and the time below include that run.`,
    ]);
  }, 60_000);
});
