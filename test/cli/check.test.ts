import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'dropcheck-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const example = (name: string) => join(repoRoot, 'examples', name);

describe('dropcheck check --json on the TLA+ examples', () => {
  it('DieHard: exit 1, an invariant violation with a 7-state trace written to a file', () => {
    const out = join(work, 'diehard.itf.json');
    const r = runCli(['check', '--spec', example('die-hard.ts'), '--json', '--trace-out', out]);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ result: 'violation', bound: null, violation: { kind: 'invariant', name: 'NotSolved', states: 7, traceFile: out } });
    const trace = JSON.parse(readFileSync(out, 'utf8'));
    expect(trace.states).toHaveLength(7);
    expect(trace.states[6].big).toBe(4);
    expect(trace['#meta']).toMatchObject({ model: 'DieHard', violation: { name: 'NotSolved' } });
  });

  it('TCommit and TwoPhase: exit 0 with exactly TLC\'s figures', () => {
    const tc = runCli(['check', '--spec', example('tcommit.ts'), '--json']);
    expect(tc.status).toBe(0);
    expect(JSON.parse(tc.stdout)).toMatchObject({ result: 'ok', bound: null, distinctStates: 34, generatedStates: 94, depth: 7 });
    const tp = runCli(['check', '--spec', example('two-phase.ts'), '--json']);
    expect(tp.status).toBe(0);
    expect(JSON.parse(tp.stdout)).toMatchObject({ result: 'ok', bound: null, distinctStates: 288, generatedStates: 1146, depth: 11 });
    // TLC's optimistic collision probability n * (g - n) / 2^64 on those figures (TLC prints 1.1E-16 and 1.3E-14).
    expect(JSON.parse(tc.stdout).collisionProbability).toBe(34 * (94 - 34) / 2 ** 64);
    expect(JSON.parse(tp.stdout).collisionProbability).toBe(288 * (1146 - 288) / 2 ** 64);
    expect(JSON.parse(tc.stdout).collisionProbability.toExponential(1)).toBe('1.1e-16');
    expect(JSON.parse(tp.stdout).collisionProbability.toExponential(1)).toBe('1.3e-14');
    expect(tp.stderr).toBe(''); // no progress lines when stderr is not a terminal
  });

  it('a cut search says which bound cut it', () => {
    const r = runCli(['check', '--spec', example('two-phase.ts'), '--max-depth', '3']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/cut short \(bound: max-depth\)/);
    expect(r.stdout).not.toMatch(/No error has been found/);
    expect(r.stdout).toMatch(/The search reached depth 3 when it stopped/);
    expect(r.stdout).not.toMatch(/complete state graph/);
    const j = runCli(['check', '--spec', example('two-phase.ts'), '--max-states', '10', '--json']);
    expect(JSON.parse(j.stdout)).toMatchObject({ result: 'ok', bound: 'max-states', distinctStates: 10 });
  });

  it('the same run twice gives the same figures and a byte-identical trace file', () => {
    const runs = [1, 2].map((i) => {
      const out = join(work, `again-${i}.itf.json`);
      const r = runCli(['check', '--spec', example('die-hard.ts'), '--json', '--trace-out', out]);
      const { durationMs: _ignored, traceFile: _f, ...figures } = JSON.parse(r.stdout);
      return { figures: JSON.stringify({ ...figures, violation: { ...figures.violation, traceFile: null } }), bytes: readFileSync(out) };
    });
    expect(runs[0]!.figures).toBe(runs[1]!.figures);
    expect(runs[0]!.bytes.equals(runs[1]!.bytes)).toBe(true);
  });
});

describe('model modules outside this package', () => {
  const source = `export default {
  name: 'Count', description: 'counts to 3', params: [],
  init: () => [{ n: 0 }],
  actions: [{ name: 'Inc', description: 'add one', successors: (s) => (s.n < 3 ? [{ state: { n: s.n + 1 } }] : []) }],
  invariants: [{ name: 'Small', description: 'n stays below 3', check: (s) => (s.n < 3 ? undefined : 'n is ' + s.n) }],
};
`;
  it('load from a folder with no package.json, or one that is not "type": "module", as .js or .ts', () => {
    const bare = mkdtempSync(join(work, 'bare-'));
    const cjs = mkdtempSync(join(work, 'cjs-'));
    writeFileSync(join(cjs, 'package.json'), '{"name":"elsewhere"}\n');
    for (const file of [join(bare, 'count.js'), join(bare, 'count.ts'), join(cjs, 'count.ts')]) {
      writeFileSync(file, source);
      const r = runCli(['check', '--spec', file, '--json', '--trace-out', join(work, 'count.itf.json')]);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ result: 'violation', violation: { name: 'Small', states: 4 } });
    }
  });
});

describe('dropcheck check --continue', () => {
  it('reports the first violation of each property, each with its own shortest trace file', () => {
    const dir = mkdtempSync(join(work, 'continue-'));
    const r = runCli(['check', '--spec', join(repoRoot, 'examples', 'tcommit.ts'), '--const', 'rms=2', '--continue', '--json'], dir);
    expect(r.status).toBe(0); // TCommit holds: --continue changes nothing when nothing fails
    const bad = runCli(['check', '--const', 'drop=catalog-first', '--continue', '--json'], dir);
    expect(bad.status).toBe(1);
    const j = JSON.parse(bad.stdout);
    expect(j.bound).toBeNull();
    const names = j.violations.map((v: { name: string }) => v.name);
    // Exactly the properties catalog-first (skip) violates, each once: TypeOK, DropLeavesNothing
    // and Deadlock hold (the row of protocol.md's race in the verdict matrix); the temporal ones
    // fail because the failed actor stalls the drop until a recovery.
    expect([...names].sort()).toEqual(['BarrierProgress', 'CleanupCompletes', 'DropCompletes', 'LiveTablesDurable', 'NoRowNotFound', 'NoSilentDataLoss', 'ResolvableWhileRegistered']);
    expect(j.violation).toEqual(j.violations[0]);
    for (const v of j.violations) {
      const trace = JSON.parse(readFileSync(join(dir, v.traceFile), 'utf8'));
      expect(trace['#meta'].violation.name).toBe(v.name);
      expect(trace.states).toHaveLength(v.states);
    }
    const rowNotFound = j.violations.find((v: { name: string }) => v.name === 'NoRowNotFound');
    expect(rowNotFound.states).toBe(8); // as long as the search for that invariant alone finds
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace, no result', () => {
  const notAModel = join(work, 'not-a-model.ts');
  const broken = join(work, 'broken.ts');
  writeFileSync(notAModel, 'export default { hello: 1 };\n');
  writeFileSync(broken, 'export default {{{ nope\n');
  const cases: [string, string[], RegExp][] = [
    ['an unknown flag', ['check', '--bogus'], /unknown option '--bogus'/],
    ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['an unknown --const name', ['check', '--spec', example('two-phase.ts'), '--const', 'nodes=3'], /no parameter nodes.*rms/],
    ['a value outside the allowed ones', ['check', '--spec', example('two-phase.ts'), '--const', 'rms=99'], /rms=99.*1\.\.12/],
    ['a non-numeric value', ['check', '--spec', example('two-phase.ts'), '--const', 'rms=three'], /not an integer/],
    ['a malformed --const', ['check', '--spec', example('two-phase.ts'), '--const', 'rms'], /expected NAME=VALUE/],
    ['a --const given twice', ['check', '--spec', example('two-phase.ts'), '--const', 'rms=2', '--const', 'rms=3'], /rms is given twice/],
    ['a negative bound', ['check', '--max-depth', '-1'], /max-depth.*positive integer/],
    ['a non-numeric bound', ['check', '--max-states', 'lots'], /max-states.*positive integer/],
    ['a missing --spec file', ['check', '--spec', join(work, 'nope.ts')], /no such file/],
    ['an unparsable --spec file', ['check', '--spec', broken], /cannot load the module: .*broken\.ts:1:\d+: ERROR/],
    ['a module that is not a model', ['check', '--spec', notAModel], /not a model module/],
    ['a directory as --spec', ['check', '--spec', work], /not a file/],
    ['--trace-out with --continue', ['check', '--spec', example('two-phase.ts'), '--continue', '--trace-out', join(work, 'x.itf.json')], /--trace-out names one file/],
    ['an unknown invariant', ['check', '--spec', example('two-phase.ts'), '--invariant', 'Nope'], /no such invariant.*TPTypeOK/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = runCli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe('the README worked example, copied as a newcomer would', () => {
  it('checks with --spec: violated as written, holds with atomic=true', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- worked-example:start -->\n```ts\n([\s\S]*?)```\n<!-- worked-example:end -->/.exec(readme);
    expect(block).not.toBeNull();
    // Inside the package folder, as the README says, so that `import ... from 'dropcheck'` resolves.
    const dir = join(repoRoot, 'test', '.tmp-readme');
    mkdirSync(dir, { recursive: true });
    try {
      const file = join(dir, 'lock.ts');
      writeFileSync(file, block![1]!);
      const bad = runCli(['check', '--spec', file, '--json', '--trace-out', join(work, 'lock.itf.json')]);
      expect(bad.status).toBe(1);
      expect(JSON.parse(bad.stdout)).toMatchObject({ result: 'violation', violation: { name: 'MutualExclusion', states: 5 } });
      const good = runCli(['check', '--spec', file, '--const', 'atomic=true', '--json']);
      expect(good.status).toBe(0);
      expect(JSON.parse(good.stdout)).toMatchObject({ result: 'ok', bound: null });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
