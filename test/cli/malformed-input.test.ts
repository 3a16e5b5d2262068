// Every malformed input, through the real CLI: exit 2, exactly one line on stderr that says what
// is wrong, no stack trace, nothing on stdout, no file created, and no hang. Each run happens in
// its own empty directory with a time limit; runs go two at a time.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runAll, type CliRun } from '../support/run-cli.ts';
import { writeFixtures } from './malformed-fixtures.ts';

const root = mkdtempSync(join(tmpdir(), 'dropcheck-malformed-'));
const fx = join(root, 'fixtures');
const f = (name: string) => join(fx, name);
const example = (name: string) => join(repoRoot, 'examples', name);
const ESC = '\u001b';

interface Case {
  readonly what: string;
  readonly args: readonly string[];
  /** What the one line must say. */
  readonly says: RegExp;
  /** Paths the run must not have created (besides anything in its own directory). */
  readonly absent?: readonly string[];
}

const cases: Case[] = [
  // check: parameters
  { what: '--const __proto__', args: ['check', '--const', '__proto__=1'], says: /no parameter __proto__/ },
  { what: '--const constructor', args: ['check', '--const', 'constructor=1'], says: /no parameter constructor/ },
  { what: '--const toString', args: ['check', '--const', 'toString=1'], says: /no parameter toString/ },
  { what: '--const hasOwnProperty', args: ['check', '--const', 'hasOwnProperty=x'], says: /no parameter hasOwnProperty/ },
  { what: 'a newline in a --const value', args: ['check', '--const', 'drop=stop-first\nsecond line'], says: /drop=stop-first\\u000asecond line: not allowed/ },
  { what: 'an escape sequence in a --const name', args: ['check', '--const', `${ESC}[2Jdrop=x`], says: /--const \\u001b\[2Jdrop: .*no parameter/ },
  { what: 'a bidi override in a --const value', args: ['check', '--const', 'drop=\u202estop-first'], says: /drop=\\u202estop-first: not allowed/ },
  { what: 'an isolate in a --const value', args: ['check', '--const', 'compaction=\u2066skip\u2069'], says: /\\u2066skip\\u2069: not allowed/ },
  { what: 'a non-integer --const', args: ['check', '--const', 'sinks=abc'], says: /sinks=abc: not an integer/ },
  { what: 'a --const below its min', args: ['check', '--const', 'sinks=0'], says: /sinks=0: out of range/ },
  { what: 'a --const past safe integers', args: ['check', '--const', 'sinks=99999999999999999999'], says: /integer out of range/ },
  { what: 'a --const without =', args: ['check', '--const', 'sinks'], says: /expected NAME=VALUE/ },
  { what: 'a --const without a name', args: ['check', '--const', '=1'], says: /expected NAME=VALUE/ },
  { what: 'a --const given twice', args: ['check', '--const', 'sinks=1', '--const', 'sinks=2'], says: /sinks is given twice/ },
  { what: 'an unknown invariant', args: ['check', '--invariant', 'Nope'], says: /no such invariant/ },
  { what: 'a newline in an invariant name', args: ['check', '--invariant', 'TypeOK\nNoRowNotFound'], says: /TypeOK\\u000aNoRowNotFound/ },
  // check: bounds and flags
  { what: '--max-depth 0', args: ['check', '--max-depth', '0'], says: /max-depth.*positive integer/ },
  { what: '--max-depth -1', args: ['check', '--max-depth', '-1'], says: /max-depth.*positive integer/ },
  { what: '--max-states 1.5', args: ['check', '--max-states', '1.5'], says: /max-states.*positive integer/ },
  { what: '--max-states 1e3', args: ['check', '--max-states', '1e3'], says: /max-states.*positive integer/ },
  { what: '--continue with --trace-out', args: ['check', '--continue', '--trace-out', 'x.itf.json'], says: /--trace-out names one file/ },
  { what: '--symmetry on a model without one', args: ['check', '--spec', example('die-hard.ts'), '--symmetry'], says: /declares no symmetry/ },
  { what: 'an unknown option', args: ['check', '--jsno'], says: /unknown option '--jsno' \(did you mean --json\?\)$/ },
  { what: 'an unknown command', args: ['chek'], says: /unknown command 'chek' \(did you mean check\?\)$/ },
  { what: 'help for an unknown command', args: ['help', 'chek'], says: /unknown command 'chek' \(did you mean check\?\)$/ },
  { what: 'help with an unknown option', args: ['help', '--jsno'], says: /unknown option '--jsno'/ },
  { what: 'an unknown option with a newline', args: ['check', '--a\nb'], says: /unknown option '--a\\u000ab'/ },
  { what: 'an argument check does not take', args: ['check', 'extra'], says: /too many arguments/ },
  { what: '--spec without its file', args: ['check', '--spec'], says: /'--spec <file>' argument missing/ },
  // check: model modules
  { what: 'a missing --spec file', args: ['check', '--spec', 'nope.ts'], says: /--spec nope\.ts: no such file/ },
  { what: 'a directory as --spec', args: ['check', '--spec', f('a-directory')], says: /not a file/ },
  { what: 'a --spec that is not a module', args: ['check', '--spec', f('model.txt')], says: /expected a model module \(\.ts, \.mts, \.cts, \.js, \.mjs or \.cjs\)/ },
  { what: 'a --spec with a syntax error', args: ['check', '--spec', f('syntax-error.ts')], says: /cannot load the module: .*syntax-error\.ts:1:\d+: ERROR/ },
  { what: 'a --spec that throws on load', args: ['check', '--spec', f('throws.mjs')], says: /cannot load the module: boom$/ },
  { what: 'a .ts module without a default export (compiled as CommonJS)', args: ['check', '--spec', f('no-default.ts')], says: /no-default\.ts: not a model module: it has no default export/ },
  { what: 'an .mjs module without a default export', args: ['check', '--spec', f('no-default.mjs')], says: /no-default\.mjs: not a model module: it has no default export/ },
  { what: 'a default export that is a number', args: ['check', '--spec', f('default-number.mjs')], says: /its default export is not an object/ },
  { what: 'two actions of one name', args: ['check', '--spec', f('dup-action.mjs')], says: /model M: two actions are named "Inc"/ },
  { what: 'two invariants of one name', args: ['check', '--spec', f('dup-invariant.mjs')], says: /model M: two invariants or properties are named "Small"/ },
  { what: 'two parameters of one name', args: ['check', '--spec', f('dup-param.mjs')], says: /model M: two parameters are named "k"/ },
  { what: 'a default not of its type', args: ['check', '--spec', f('default-wrong-type.mjs')], says: /parameter "k": its default "3" is not of its type int/ },
  { what: 'a bool default written as a string', args: ['check', '--spec', f('bool-default-string.mjs')], says: /parameter "on": its default "true" is not of its type bool/ },
  { what: 'a default below its min', args: ['check', '--spec', f('default-below-min.mjs')], says: /parameter "k": its default 0 is below its min 1/ },
  { what: 'a default not among its allowed values', args: ['check', '--spec', f('default-not-allowed.mjs')], says: /parameter "mode": its default "fast" is not one of its allowed values/ },
  { what: 'a min above the max', args: ['check', '--spec', f('min-above-max.mjs')], says: /parameter "k": its min 3 is above its max 1/ },
  { what: 'a parameter named __proto__', args: ['check', '--spec', f('param-proto.mjs')], says: /parameter "__proto__": a parameter name must be/ },
  // check: where the counterexample goes, refused before the search
  { what: '--trace-out on /proc', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', '/proc/dropcheck.itf.json'], says: /kernel's proc file system/ },
  { what: '--trace-out in a missing /proc directory', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', '/proc/nope/x.itf.json'], says: /no directory \/proc\/nope/ },
  { what: '--trace-out on /sys', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', '/sys/x.itf.json'], says: /kernel's sysfs file system/ },
  { what: '--trace-out naming a directory', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', f('a-directory')], says: /is a directory/ },
  { what: '--trace-out naming a device', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', '/dev/null'], says: /not a regular file/ },
  { what: '--trace-out under a file', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', join(f('plain-file'), 'x.itf.json')], says: /ENOTDIR|is not a directory/, absent: [join(f('plain-file'), 'x.itf.json')] },
  { what: '--checkpoint naming a file', args: ['check', '--spec', example('die-hard.ts'), '--checkpoint', f('plain-file')], says: /plain-file is not a directory/ },
  { what: '--checkpoint on /proc', args: ['check', '--spec', example('die-hard.ts'), '--checkpoint', '/proc/dropcheck-saved'], says: /kernel's proc file system/ },
  { what: '--trace-out in a missing directory', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', join(root, 'missing', 'x.itf.json')], says: /no directory/, absent: [join(root, 'missing')] },
  { what: '--trace-out with a newline in its name', args: ['check', '--spec', example('die-hard.ts'), '--trace-out', join(root, 'no\ndir', 'x.itf.json')], says: /no\\u000adir/, absent: [join(root, 'no\ndir')] },
  // simulate
  { what: '--replay-path without --seed', args: ['simulate', '--replay-path', '1:2'], says: /--replay-path needs the --seed/ },
  { what: 'a malformed --replay-path', args: ['simulate', '--seed', '1', '--replay-path', 'abc'], says: /'--replay-path <path>' argument 'abc' is invalid\. expected numbers separated by colons/ },
  { what: 'a non-integer --seed', args: ['simulate', '--seed', 'abc'], says: /--seed.*expected an integer/ },
  { what: 'a --seed beyond 32 bits', args: ['simulate', '--seed', '4294967296'], says: /32-bit integer/ },
  { what: '--runs 0', args: ['simulate', '--runs', '0'], says: /--runs.*positive integer/ },
  { what: '--max-steps -3', args: ['simulate', '--max-steps', '-3'], says: /--max-steps.*positive integer/ },
  { what: 'simulate --const __proto__', args: ['simulate', '--const', '__proto__=1'], says: /no parameter __proto__/ },
  { what: 'simulate of an unknown invariant', args: ['simulate', '--invariant', 'Nope'], says: /no such invariant/ },
  { what: 'simulate --trace-out on /proc', args: ['simulate', '--trace-out', '/proc/self/x.itf.json'], says: /kernel's proc file system/ },
  { what: 'simulate of a model with duplicate actions', args: ['simulate', '--spec', f('dup-action.mjs')], says: /two actions are named "Inc"/ },
  { what: 'a misspelt simulate', args: ['simulat'], says: /did you mean simulate\?\)$/ },
  // matrix
  { what: 'matrix with a value not allowed', args: ['matrix', '--const', 'drop=nope'], says: /drop=nope: not allowed/ },
  { what: 'matrix --const __proto__', args: ['matrix', '--const', '__proto__=x'], says: /no parameter __proto__/ },
  { what: 'matrix with a newline in a value', args: ['matrix', '--const', 'sinks=1\n2'], says: /sinks=1\\u000a2: not an integer/ },
  { what: 'matrix --out-dir on /proc (it used to hang)', args: ['matrix', '--out-dir', '/proc/dropcheck-traces'], says: /kernel's proc file system/ },
  { what: 'matrix --out-dir deep under /proc', args: ['matrix', '--out-dir', '/proc/self/x/y'], says: /kernel's proc file system/ },
  { what: 'matrix --out-dir on /sys', args: ['matrix', '--out-dir', '/sys/kernel/dropcheck'], says: /kernel's sysfs file system/ },
  { what: 'matrix --out-dir naming a file', args: ['matrix', '--out-dir', f('plain-file')], says: /plain-file is not a directory/ },
  { what: 'matrix --out-dir under a file', args: ['matrix', '--out-dir', join(f('plain-file'), 'traces')], says: /ENOTDIR|is not a directory/ },
  { what: 'matrix --max-states 0', args: ['matrix', '--max-states', '0'], says: /--max-states.*positive integer/ },
  { what: 'matrix --spec (it has none)', args: ['matrix', '--spec', 'x.ts'], says: /unknown option '--spec'/ },
  { what: 'a misspelt matrix option', args: ['matrix', '--jsn'], says: /unknown option '--jsn' \(did you mean --json\?\)$/ },
  // list
  { what: 'list of a missing module', args: ['list', '--spec', 'nope.ts'], says: /no such file/ },
  { what: 'list of a model with duplicate invariants', args: ['list', '--spec', f('dup-invariant.mjs')], says: /two invariants or properties are named "Small"/ },
  { what: 'list of a model whose default is out of range', args: ['list', '--spec', f('default-below-min.mjs')], says: /below its min/ },
  { what: 'list with an argument', args: ['list', 'extra'], says: /too many arguments/ },
  { what: 'a misspelt list option', args: ['list', '--jsn'], says: /did you mean --json\?\)$/ },
  // replay
  { what: 'replay without a trace', args: ['replay'], says: /missing required argument 'trace'/ },
  { what: 'replay of a missing file', args: ['replay', 'nope.itf.json'], says: /nope\.itf\.json: cannot read: ENOENT/ },
  { what: 'replay of a directory', args: ['replay', f('a-directory')], says: /not a file/ },
  { what: 'replay of a device (no hang)', args: ['replay', '/dev/zero'], says: /not a file/ },
  { what: 'replay of text that is not JSON', args: ['replay', f('not-json.itf.json')], says: /not JSON/ },
  { what: 'replay of an empty file', args: ['replay', f('empty.itf.json')], says: /not JSON/ },
  { what: 'replay of a trace of an unknown model', args: ['replay', f('unknown-model.itf.json')], says: /needs model Nope/ },
  { what: 'replay of a trace naming a foreign module', args: ['replay', f('foreign-spec.itf.json')], says: /give it with --spec \/somewhere\/else\/model\.ts/ },
  { what: 'replay of a trace with a parameter out of range', args: ['replay', f('bad-params.itf.json')], says: /#meta\.params: sinks=99/ },
  { what: 'replay of a trace with a __proto__ parameter', args: ['replay', f('proto-params.itf.json')], says: /no parameter __proto__/ },
  { what: 'replay of a trace whose model name has controls', args: ['replay', f('hostile-model.itf.json')], says: /Evil\\u000a\\u001b\[2J\\u202eledoM/ },
  { what: 'replay against a missing --spec', args: ['replay', '--spec', 'nope.ts', f('unknown-model.itf.json')], says: /--spec nope\.ts: no such file/ },
  { what: 'replay of a file name with a newline', args: ['replay', 'a\nb.itf.json'], says: /a\\u000ab\.itf\.json: cannot read/ },
  // view
  { what: 'view without a trace', args: ['view'], says: /missing required argument 'trace'/ },
  { what: 'view of a missing file', args: ['view', 'nope.itf.json'], says: /cannot read: ENOENT/ },
  { what: 'view of text that is not JSON', args: ['view', f('not-json.itf.json')], says: /not JSON/ },
  { what: 'view of a JSON array', args: ['view', f('array.itf.json')], says: /array\.itf\.json/ },
  { what: 'view of a directory', args: ['view', f('a-directory')], says: /not a file/ },
  { what: 'view of a device (no hang)', args: ['view', '/dev/zero'], says: /not a file/ },
  { what: 'view --filter without its text', args: ['view', f('empty.itf.json'), '--filter'], says: /'--filter <text>' argument missing/ },
  { what: 'view with an unknown option', args: ['view', f('empty.itf.json'), '--bogus'], says: /unknown option '--bogus'/ },
  { what: 'view of a file name with a bidi override', args: ['view', 'trace\u202egnp.itf.json'], says: /trace\\u202egnp\.itf\.json: cannot read/ },
];

/** Every character that would break the one line or reach the terminal as a command. */
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

let results: CliRun[] = [];
const dirs: string[] = [];
let fixturesBefore: string[] = [];

beforeAll(async () => {
  writeFixtures(fx);
  fixturesBefore = readdirSync(fx).sort();
  const runs = cases.map((c, i) => {
    const cwd = join(root, `run-${i}`);
    dirs.push(mkdtempSync(`${cwd}-`));
    return { args: c.args, cwd: dirs[i]!, timeoutMs: 20_000 };
  });
  results = await runAll(runs);
}, 300_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe(`malformed input (${cases.length} cases): one line on stderr, exit 2, nothing else`, () => {
  it('has at least 60 cases across every command', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const commands = new Set(cases.map((c) => c.args[0]));
    for (const cmd of ['check', 'simulate', 'matrix', 'list', 'replay', 'view']) expect(commands).toContain(cmd);
  });

  cases.forEach((c, i) => {
    it(c.what, () => {
      const r = results[i]!;
      const context = `${JSON.stringify(c.args)}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
      expect(r.status, `exit status (null: killed after the time limit)\n${context}`).toBe(2);
      expect(r.stdout, context).toBe('');
      expect(r.stderr.endsWith('\n'), context).toBe(true);
      const lines = r.stderr.slice(0, -1).split('\n');
      expect(lines, context).toHaveLength(1);
      expect(lines[0], context).toMatch(/^dropcheck: /);
      expect(lines[0], context).toMatch(c.says);
      expect(lines[0], context).not.toMatch(UNPRINTABLE);
      expect(r.stderr, context).not.toMatch(/ {4}at /);
      expect(readdirSync(dirs[i]!), `files created in the working directory\n${context}`).toEqual([]);
      for (const p of c.absent ?? []) expect(existsSync(p), `${p} was created`).toBe(false);
    });
  });

  it('left the fixtures as they were', () => {
    expect(readdirSync(fx).sort()).toEqual(fixturesBefore);
  });
});
