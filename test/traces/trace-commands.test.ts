// The trace commands as a user runs them: replay's and view's exit codes and their one-line
// errors on malformed files, and check's plain trace after a violation.
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatItf, traceToItf } from '../../traces/itf-trace.ts';
import { MAX_TRACE_BYTES } from '../../traces/read-trace.ts';
import { dieHardViolation } from './die-hard-trace.ts';
import { loadTraceToReplay } from '../../cli/commands/replay.ts';
import { repoRoot, runAll, runCliAsync, type CliRun } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dropcheck-trace-commands-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const quintTrace = join(repoRoot, 'test/fixtures/quint/drop.itf.json');
const dieHardSpec = join(repoRoot, 'examples/die-hard.ts');

let good: string;
let malformed: Record<string, string>;
beforeAll(() => {
  const v = dieHardViolation();
  const doc = traceToItf(v.trace, { model: 'DieHard', spec: 'examples/die-hard.ts', params: {}, violation: v, producedBy: 'check' });
  good = file('good.itf.json', formatItf(doc));
  const huge = file('huge.itf.json', '');
  truncateSync(huge, MAX_TRACE_BYTES + 1);
  malformed = {
    'not JSON': file('not-json.itf.json', 'this is not JSON\n'),
    'JSON of the wrong shape': file('shape.itf.json', JSON.stringify({ vars: 'big', states: [] })),
    'an unknown # tag': file('tag.itf.json', formatItf(doc).replace('"big": 5', '"big": {"#frac": [1, 2]}')),
    'a number beyond 2^53 written plainly': file('big-number.itf.json', formatItf(doc).replace('"big": 5', '"big": 90071992547409931')),
    'a very large file': huge,
  };
});

const oneLineError = (r: CliRun, what: RegExp) => {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(/^dropcheck: [^\n]+\n$/);
  expect(r.stderr).toMatch(what);
};

describe('replay and view on malformed files', () => {
  it('print one line and exit 2 from both commands', async () => {
    const expected: Record<string, RegExp> = {
      'not JSON': /not JSON: .*\(line 1, column 1\)/,
      'JSON of the wrong shape': /\$\.vars: expected an array of names/,
      'an unknown # tag': /\$\.states\[1\]\.big: unknown ITF tag #frac/,
      'a number beyond 2^53 written plainly': /\$\.states\[1\]\.big: .*not an integer within 2\^53/,
      'a very large file': /larger than the 64 MiB/,
    };
    const names = Object.keys(expected);
    const runs = await runAll(names.flatMap((n) => [['replay', malformed[n]!, '--spec', dieHardSpec], ['view', malformed[n]!]]));
    names.forEach((n, i) => {
      oneLineError(runs[2 * i]!, expected[n]!);
      oneLineError(runs[2 * i + 1]!, expected[n]!);
    });
  });
});

describe('replay', () => {
  it('exits 0 on a counterexample, 1 naming the step when a step is removed or a value altered', async () => {
    const doc = JSON.parse(readFileSync(good, 'utf8'));
    const removed = file('removed.itf.json', JSON.stringify({ ...doc, states: doc.states.filter((_: unknown, i: number) => i !== 2) }));
    const altered = file('altered.itf.json', JSON.stringify({ ...doc, states: doc.states.map((st: Record<string, unknown>, i: number) => (i === 5 ? { ...st, small: 1 } : st)) }));
    const [ok, cut, changed] = await runAll([['replay', good, '--spec', dieHardSpec], ['replay', removed, '--spec', dieHardSpec], ['replay', altered, '--spec', dieHardSpec]]);
    expect(changed!.status).toBe(1);
    expect(changed!.stdout).toMatch(/^replay: step 6 \(FillBigJug\): FillBigJug from state 5 does not produce this state \(differs in small\)\n.*\n    ~ small: 2 -> 1\n$/);
    expect(ok).toEqual({ status: 0, stdout: 'replay: ok: 7 states, NotSolved violated: the big jug holds 4 gallons\n', stderr: '' });
    expect(cut).toEqual({
      status: 1,
      stdout: [
        'replay: step 3 (EmptySmallJug): EmptySmallJug from state 2 does not produce this state (differs in big)',
        '  the trace differs from what the model gives (model -> trace):',
        '    ~ big: 5 -> 2',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('imports a module a trace names only when it is one of dropcheck\'s examples', async () => {
    const { model: example } = await loadTraceToReplay(good, undefined);
    expect(example.name).toBe('DieHard');
    // A module outside examples/ that would leave a mark if it were imported.
    const planted = file('planted.ts', 'globalThis.plantedModuleRan = true;\nexport default {};\n');
    const naming = file('names-planted.itf.json', readFileSync(good, 'utf8').replace('"spec": "examples/die-hard.ts"', `"spec": ${JSON.stringify(planted)}`));
    await expect(loadTraceToReplay(naming, undefined)).rejects.toThrow(/made from the model module .*planted\.ts: give it with --spec/);
    expect((globalThis as { plantedModuleRan?: boolean }).plantedModuleRan).toBeUndefined();
    await expect(loadTraceToReplay(quintTrace, undefined)).rejects.toThrow(/names no dropcheck model \(source: drop\.qnt\)/);
    const other = file('other-model.itf.json', readFileSync(good, 'utf8').replace('"spec": "examples/die-hard.ts",', '').replace('"model": "DieHard"', '"model": "Elsewhere"'));
    await expect(loadTraceToReplay(other, undefined)).rejects.toThrow(/needs model Elsewhere, the built-in model is/);
    const { model, consts } = await loadTraceToReplay(good, dieHardSpec);
    expect([model.name, consts]).toEqual(['DieHard', {}]);
  });
});

describe('view', () => {
  it('prints the plain form when stdout is not a terminal, and opens a Quint trace as text and as JSON', async () => {
    const [quint, quintJson] = await runAll([['view', quintTrace], ['view', '--json', quintTrace]]);
    expect(quint!.status).toBe(0);
    expect(quint!.stdout).toContain('Trace from drop.qnt: 4 states (status: violation)\n');
    expect(quint!.stdout).toContain('State 4/4: <action not recorded>\n  - imms loses <<"t1", 1>>\n');
    expect(quint!.stdout).not.toContain('\x1b[');
    expect(quintJson!.status).toBe(0);
    const doc = JSON.parse(quintJson!.stdout);
    expect(doc.vars).toEqual(['catalog', 'imms', 'ssts', 'progress']);
    expect(doc.states[3].imms).toEqual({ '#set': [] });
    expect(doc.states[0].progress).toEqual({ '#map': [['s1', { '#bigint': '1' }]] });
  });
});

describe('check after a violation', () => {
  it('prints the changed variables of each step and where the trace file is', async () => {
    const out = join(dir, 'check-out.itf.json');
    const r = await runCliAsync(['check', '--spec', dieHardSpec, '--trace-out', out]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('State 2/7: FillBigJug\n  ~ big: 0 -> 5\n  (1 unchanged: small)\n');
    expect(r.stdout).toContain('State 7/7: BigToSmall\n  ~ big: 5 -> 4\n  ~ small: 2 -> 3\n');
    expect(r.stdout).toContain(`Trace written to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(good, 'utf8').replace('"spec": "examples/die-hard.ts"', `"spec": ${JSON.stringify(dieHardSpec)}`));
  });
});
