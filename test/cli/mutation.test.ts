// A model whose code modifies the state it is given is refused (exit 2, naming the code and the
// depth or step) by every command, whatever the module format and wherever the file lives. In
// sloppy-mode (CommonJS) code a write to a frozen object is silently ignored, so freezing alone
// reported this model as holding, with one state.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runAll, runCli } from '../support/run-cli.ts';

// As written, it counts 0, 1, 2, 3 and violates Small at 3; but Bump writes the count into the
// state it is given before building the successor.
const body = (mutating: boolean, where: 'action' | 'invariant' = 'action') => `{
  name: 'Sloppy', description: 'counts, writing into the state it is given', params: [], checkDeadlock: false,
  init: () => [{ n: 0, seen: [] }],
  actions: [{ name: 'Bump', description: 'n + 1', successors: (s) => {
    if (s.n >= 3) return [];
    ${mutating && where === 'action' ? 's.n = s.n + 1; return [{ state: { n: s.n, seen: s.seen } }];' : 'return [{ state: { n: s.n + 1, seen: s.seen } }];'}
  } }],
  invariants: [{ name: 'Small', description: 'n stays below 3', check: (s) => {
    ${mutating && where === 'invariant' ? 's.seen.push(s.n);' : ''}
    return s.n < 3 ? undefined : 'n is ' + s.n;
  } }],
}`;
const esm = (mutating: boolean, where?: 'action' | 'invariant') => `export default ${body(mutating, where)};\n`;
const cjs = (mutating: boolean, where?: 'action' | 'invariant') => `module.exports = ${body(mutating, where)};\n`;

const work = mkdtempSync(join(tmpdir(), 'dropcheck-mutation-'));
// Inside the project (its package.json says "type": "module"), a bare folder, a CommonJS package.
const inProject = mkdtempSync(join(repoRoot, '.mutation-test-'));
const bare = mkdtempSync(join(work, 'bare-'));
const commonjs = mkdtempSync(join(work, 'cjs-'));
writeFileSync(join(commonjs, 'package.json'), '{"name":"elsewhere","type":"commonjs"}\n');
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(inProject, { recursive: true, force: true });
});

const formats = ['ts', 'mts', 'cts', 'js', 'mjs', 'cjs'] as const;
const places = { 'inside the project': inProject, 'a bare folder': bare, 'a CommonJS package': commonjs };
const files = Object.entries(places).flatMap(([place, dir]) => formats.map((ext) => {
  const file = join(dir, `sloppy.${ext}`);
  writeFileSync(file, ext === 'cjs' ? cjs(true) : esm(true));
  return { place, ext, file };
}));

const oneLine = (stderr: string) => stderr.trimEnd().split('\n');

describe('a model that modifies the state it is given', () => {
  it('exits 2 naming the action and the depth in check, and the step in simulate, for every format and place', async () => {
    const runs = await runAll(files.flatMap(({ file }) => [
      ['check', '--spec', file, '--json'],
      ['simulate', '--spec', file, '--seed', '1', '--runs', '5', '--json'],
    ]));
    files.forEach(({ place, ext }, i) => {
      const [checked, simulated] = [runs[2 * i]!, runs[2 * i + 1]!];
      const label = `.${ext} in ${place}`;
      expect(checked.status, `check, ${label}: ${checked.stdout}${checked.stderr}`).toBe(2);
      expect(oneLine(checked.stderr), label).toEqual(['dropcheck: model error: action Bump, on a state at depth 1: it modified the state it was given (variable n); states are values: build new ones instead of modifying those given']);
      expect(simulated.status, `simulate, ${label}: ${simulated.stdout}${simulated.stderr}`).toBe(2);
      expect(oneLine(simulated.stderr), label).toEqual(['dropcheck: model error: action Bump, on the state at step 1: it modified the state it was given (variable n); states are values: build new ones instead of modifying those given']);
    });
  }, 240_000);

  it('the parallel engine (--workers 2) refuses it too, naming the action and the depth, in sloppy mode', async () => {
    const sloppy = files.filter(({ place, ext }) => place === 'a CommonJS package' && (ext === 'ts' || ext === 'cjs'));
    const runs = await runAll(sloppy.map(({ file }) => ['check', '--spec', file, '--workers', '2']));
    sloppy.forEach(({ ext }, i) => {
      const r = runs[i]!;
      expect(r.status, `.${ext}: ${r.stdout}${r.stderr}`).toBe(2);
      expect(oneLine(r.stderr), `.${ext}`).toEqual(['dropcheck: model error: action Bump, on a state at depth 1: it modified the state it was given (variable n); states are values: build new ones instead of modifying those given']);
    });
  }, 120_000);

  it('the parallel engine names an invariant that modifies a value inside its state, in sloppy mode too', () => {
    const file = join(commonjs, 'sloppy-invariant-parallel.js');
    writeFileSync(file, cjs(true, 'invariant'));
    const r = runCli(['check', '--spec', file, '--workers', '2']);
    expect(r.status, r.stdout + r.stderr).toBe(2);
    expect(oneLine(r.stderr)).toEqual(['dropcheck: model error: invariant Small, on a state at depth 1: it modified the state it was given (variable seen); states are values: build new ones instead of modifying those given']);
  });

  it('an invariant that modifies a value inside its state is named, in sloppy mode too', () => {
    const file = join(commonjs, 'sloppy-invariant.js');
    writeFileSync(file, cjs(true, 'invariant'));
    const r = runCli(['check', '--spec', file]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual(['dropcheck: model error: invariant Small, on a state at depth 1: it modified the state it was given (variable seen); states are values: build new ones instead of modifying those given']);
  });

  it('replay refuses it too, naming the action and the step', () => {
    const dir = mkdtempSync(join(work, 'replay-'));
    const honest = join(dir, 'honest.cjs');
    const sloppy = join(dir, 'sloppy.cjs');
    writeFileSync(honest, cjs(false));
    writeFileSync(sloppy, cjs(true));
    const trace = join(dir, 'small.itf.json');
    const made = runCli(['check', '--spec', honest, '--trace-out', trace]);
    expect(made.status, made.stderr).toBe(1); // the honest twin violates Small at n = 3
    expect(runCli(['replay', trace, '--spec', honest]).status).toBe(0);
    const r = runCli(['replay', trace, '--spec', sloppy]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual(['dropcheck: model error: action Bump, on the state at step 1: it modified the state it was given (variable n); states are values: build new ones instead of modifying those given']);
  });
});
