// `dropcheck simulate` end to end: exit codes, the trace file, reproducibility.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../bin/dropcheck.js');
const dieHard = join(import.meta.dirname, '../../examples/die-hard.ts');
const run = (args: string[]) => spawnSync('node', [bin, 'simulate', ...args], { encoding: 'utf8' });

describe('dropcheck simulate', () => {
  it('exits 1 on DieHard, writes the same shrunk trace twice, and prints seed and path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    const a = run(['--spec', dieHard, '--seed', '7', '--runs', '1000', '--trace-out', join(dir, 'a.json')]);
    const b = run(['--spec', dieHard, '--seed', '7', '--runs', '1000', '--json', '--trace-out', join(dir, 'b.json')]);
    expect(a.status).toBe(1);
    expect(b.status).toBe(1);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
    const doc = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8'));
    expect(doc.states).toHaveLength(7);
    expect(doc['#meta'].producedBy).toBe('simulate');
    const json = JSON.parse(b.stdout);
    expect(json).toMatchObject({ result: 'violation', seed: 7, violation: { name: 'NotSolved', states: 7 } });
    expect(json.violation.statesBeforeShrinking).toBeGreaterThan(7);
    expect(a.stdout).toContain(`Replay: --seed 7 --replay-path ${json.path}`);
    expect(a.stdout).toMatch(/shrunk to 7 states/);
    // Everything but the timing line is the same from run to run.
    const again = run(['--spec', dieHard, '--seed', '7', '--runs', '1000', '--trace-out', join(dir, 'a.json')]);
    const untimed = (s: string) => s.split('\n').filter((l) => !l.startsWith('Finished in')).join('\n');
    expect(untimed(again.stdout)).toBe(untimed(a.stdout));
  });

  it('exits 2 with one line on bad input', () => {
    for (const args of [['--seed', 'x'], ['--spec', dieHard, '--invariant', 'Nope']]) {
      const r = run(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
