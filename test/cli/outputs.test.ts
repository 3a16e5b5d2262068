// What the commands leave behind and print, beyond their verdicts: trace file names that do not
// collide, traces of examples that replay from anywhere, simulate figures within --runs, model
// modules in every format, and a model's own text escaped in check's and list's output.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runAll, runCli } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'dropcheck-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const fresh = (name: string) => {
  const d = join(work, name);
  mkdirSync(d, { recursive: true });
  return d;
};
const dieHard = join(repoRoot, 'examples', 'die-hard.ts');
/** Raw control characters (a newline ends a line and is allowed) and bidirectional controls. */
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('default trace file names', () => {
  it('check and simulate in one directory write two files, neither replacing the other', async () => {
    const cwd = fresh('names');
    const [c, s] = await runAll([
      { args: ['check', '--spec', dieHard], cwd },
      { args: ['simulate', '--spec', dieHard, '--seed', '7', '--runs', '1000'], cwd },
    ]);
    expect(c!.status).toBe(1);
    expect(s!.status).toBe(1);
    expect(readdirSync(cwd).sort()).toEqual(['dropcheck-DieHard-NotSolved.itf.json', 'dropcheck-DieHard-NotSolved.simulate.itf.json']);
    expect(JSON.parse(readFileSync(join(cwd, 'dropcheck-DieHard-NotSolved.itf.json'), 'utf8'))['#meta'].producedBy).toBe('check');
    expect(JSON.parse(readFileSync(join(cwd, 'dropcheck-DieHard-NotSolved.simulate.itf.json'), 'utf8'))['#meta'].producedBy).toBe('simulate');
    expect(s!.stdout).toContain('Trace written to dropcheck-DieHard-NotSolved.simulate.itf.json');
  });
});

describe('a trace of a shipped example', () => {
  it('replays from any working directory, though check was given a relative --spec', async () => {
    const traceFile = join(fresh('replay'), 'die-hard.itf.json');
    // Run from the package root with the path a user there would type.
    expect(runCli(['check', '--spec', 'examples/die-hard.ts', '--trace-out', traceFile], repoRoot).status).toBe(1);
    expect(JSON.parse(readFileSync(traceFile, 'utf8'))['#meta'].spec).toBe('examples/die-hard.ts');
    const elsewhere = fresh('replay/deeper/still');
    const runs = await runAll([
      { args: ['replay', traceFile], cwd: repoRoot },
      { args: ['replay', traceFile], cwd: join(work, 'replay') },
      { args: ['replay', traceFile], cwd: elsewhere },
    ]);
    for (const r of runs) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe('replay: ok: 7 states, NotSolved violated: the big jug holds 4 gallons\n');
    }
  });
});

describe('simulate figures', () => {
  it('never exceed --runs, even when a replay path runs many shrinking walks', async () => {
    const replay = ['simulate', '--const', 'drop=catalog-first', '--seed', '7', '--runs', '2', '--replay-path', '0:1'];
    const [text, json, plain] = await runAll([replay, [...replay, '--json'], ['simulate', '--runs', '5', '--seed', '3', '--json']]);
    expect(text!.status).toBe(0);
    expect(text!.stdout).toContain('The replay path reproduced no violation');
    expect(text!.stdout).toMatch(/^1 walks, /m);
    expect(JSON.parse(json!.stdout).runs).toBe(1);
    // Without a replay path, a run that finds nothing ran exactly --runs walks.
    expect(JSON.parse(plain!.stdout)).toMatchObject({ result: 'ok', runs: 5 });
  });
});

describe('model modules in CommonJS', () => {
  const counter = `{ name: 'Count', description: 'counts to 2', params: [], init: () => [{ n: 0 }], checkDeadlock: false,
  actions: [{ name: 'Inc', description: 'counts', *successors(s) { if (s.n < 2) yield { state: { n: s.n + 1 } }; } }],
  invariants: [{ name: 'Small', description: 'n < 3', check: (s) => (s.n < 3 ? undefined : 'too big') }] }`;

  it('.cts (export default, compiled to CommonJS) and .cjs (module.exports or exports.default) load and check', async () => {
    const dir = fresh('cjs');
    writeFileSync(join(dir, 'count.cts'), `export default ${counter};\n`);
    writeFileSync(join(dir, 'count.cjs'), `module.exports = ${counter};\n`);
    writeFileSync(join(dir, 'count-default.cjs'), `exports.default = ${counter};\n`);
    const runs = await runAll(['count.cts', 'count.cjs', 'count-default.cjs'].map((f) => ({ args: ['check', '--spec', f, '--json'], cwd: dir })));
    for (const r of runs) {
      expect(r.status, r.stderr).toBe(0);
      // n = 0, 1, 2: three states, one initial plus two successors, on a path of three.
      expect(JSON.parse(r.stdout)).toMatchObject({ result: 'ok', distinctStates: 3, generatedStates: 3, depth: 3, bound: null });
    }
  });
});

describe("a model's own text", () => {
  it('is escaped in check\'s and list\'s output, as in view\'s', async () => {
    const dir = fresh('hostile');
    writeFileSync(join(dir, 'hostile.mjs'), `export default {
  name: 'Evil\\u001b]0;title\\u0007', description: 'clears\\u001b[2J the screen\\u202e',
  params: [{ name: 'label', type: 'string', default: 'x', description: 'free text' }],
  init: () => [{ n: 0 }],
  actions: [{ name: 'Inc\\u001b[31m', description: 'counts\\nsecond line', *successors(s) { if (s.n < 1) yield { state: { n: s.n + 1 } }; } }],
  invariants: [{ name: 'Zero\\u2067', description: 'n is 0', check: (s) => (s.n === 0 ? undefined : 'n is ' + s.n + '\\n\\u001b[2Jgone') }],
};
`);
    const [check, list] = await runAll([
      { args: ['check', '--spec', 'hostile.mjs', '--const', 'label=a\u001b[8mb', '--trace-out', 't.itf.json'], cwd: dir },
      { args: ['list', '--spec', 'hostile.mjs'], cwd: dir },
    ]);
    expect(check!.status).toBe(1);
    expect(check!.stdout).not.toMatch(UNPRINTABLE);
    expect(check!.stdout).toContain('Checking Evil\\u001b]0;title\\u0007 (label=a\\u001b[8mb)');
    expect(check!.stdout).toContain('Error: Invariant Zero\\u2067 is violated: n is 1\\u000a\\u001b[2Jgone');
    expect(list!.status).toBe(0);
    expect(list!.stdout).not.toMatch(UNPRINTABLE);
    expect(list!.stdout).toContain('counts\\u000asecond line');
    // The trace file keeps the text as it is: it is data, escaped only where it is shown.
    expect(JSON.parse(readFileSync(join(dir, 't.itf.json'), 'utf8'))['#meta'].violation.name).toBe('Zero\u2067');
  });
});

describe("list's temporal properties", () => {
  it('names the fairness they are checked under only when there is some, and says so when there is none', async () => {
    const dir = fresh('list-fairness');
    writeFileSync(join(dir, 'unfair.mjs'), `export default {
  name: 'Unfair', description: 'a counter no action is fair to', params: [],
  init: () => [{ n: 0 }],
  actions: [{ name: 'Inc', description: 'n + 1 up to 2', *successors(s) { if (s.n < 2) yield { state: { n: s.n + 1 } }; } }],
  invariants: [],
  properties: [{ name: 'ReachesTwo', kind: 'eventually', description: 'n reaches 2', p: (s) => s.n === 2 }],
};
`);
    const [plain, unfair, fair] = await runAll([
      { args: ['list', '--spec', dieHard], cwd: dir },
      { args: ['list', '--spec', 'unfair.mjs'], cwd: dir },
      { args: ['list', '--spec', join(repoRoot, 'examples', 'dining-philosophers.ts')], cwd: dir },
    ]);
    for (const r of [plain, unfair, fair]) expect(r!.status, r!.stderr).toBe(0);
    expect(plain!.stdout).toContain('Temporal properties (select with --property NAME):\n  (none)');
    expect(unfair!.stdout).toContain('Temporal properties (select with --property NAME; checked with no fairness: no action above is marked fair):\n  ReachesTwo');
    expect(fair!.stdout).toMatch(/\[weak fairness[^\]]*\][\s\S]*checked under the fairness marked on the actions above\):\n  NobodyStarves/);
  });
});
