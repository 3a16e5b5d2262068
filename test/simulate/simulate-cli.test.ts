// `dropcheck simulate` end to end: exit codes, the trace file, reproducibility, and the trace it
// writes replayed against the model (`replay`) and against the executable store (`replay --impl`).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';

const dieHard = join(import.meta.dirname, '../../examples/die-hard.ts');
const dropcheck = (args: string[]) => runCli(args);
/** The output without its timing line and the trace file's name (which differ from run to run here). */
const untimed = (s: string) => s.split('\n').filter((l) => !l.startsWith('Finished in') && !l.startsWith('Trace written to')).join('\n');

describe('dropcheck simulate', () => {
  it('exits 1 on DieHard with a 7-state trace, printing seed, path and lengths (text and --json agree)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    const a = dropcheck(['simulate', '--spec', dieHard, '--seed', '7', '--runs', '1000', '--trace-out', join(dir, 'a.json')]);
    const b = dropcheck(['simulate', '--spec', dieHard, '--seed', '7', '--runs', '1000', '--json', '--trace-out', join(dir, 'b.json')]);
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
  });

  it('catalog-first, seed 7: exits 1, the same trace twice, which replays on the model and on the store', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simulate-'));
    const runs = [1, 2].map((i) => dropcheck(['simulate', '--const', 'drop=catalog-first', '--seed', '7', '--trace-out', join(dir, `t${i}.json`)]));
    for (const r of runs) expect(r.status, r.stderr).toBe(1);
    expect(readFileSync(join(dir, 't1.json'), 'utf8')).toBe(readFileSync(join(dir, 't2.json'), 'utf8'));
    expect(untimed(runs[1]!.stdout)).toBe(untimed(runs[0]!.stdout));
    const model = dropcheck(['replay', join(dir, 't1.json')]);
    expect(model.status, model.stdout + model.stderr).toBe(0);
    const impl = dropcheck(['replay', '--impl', join(dir, 't1.json')]);
    expect(impl.status, impl.stdout + impl.stderr).toBe(0);
    expect(impl.stdout).toMatch(/ok: the store reproduces the trace/);
  });

  it('exits 2 with one line on bad input', () => {
    for (const args of [['simulate', '--seed', 'x'], ['simulate', '--spec', dieHard, '--invariant', 'Nope']]) {
      const r = dropcheck(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});
