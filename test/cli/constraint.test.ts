// `check` on a model with a state constraint, through the CLI: complete under the constraint
// when it holds; a violation in a state the constraint excludes reported with its trace.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/run-cli.ts';
import { writeFileAtomic } from '../../cli/write-file-atomic.ts';

const work = mkdtempSync(join(tmpdir(), 'dropcheck-constraint-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Counts up by 1 or 2 from 0; the constraint keeps n <= limit; Below says n stays below `bad`.
const counter = (limit: number, bad: number) => `export default {
  name: 'Steps', description: 'counts up by one or two', params: [], checkDeadlock: false,
  init: () => [{ n: 0 }],
  actions: [{ name: 'Up', description: 'n + 1 or n + 2', params: ['by'], successors: (s) => [1, 2].map((by) => ({ params: { by }, state: { n: s.n + by } })) }],
  invariants: [{ name: 'Below', description: 'n < ${bad}', check: (s) => (s.n < ${bad} ? undefined : 'n is ' + s.n) }],
  constraint: (s) => s.n <= ${limit},
};
`;

describe('check with a state constraint', () => {
  it('with temporal properties: complete under the constraint, the properties unknown, and never a cut search', () => {
    const text = runCli(['check', '--spec', join(repoRoot, 'examples', 'crdt-counter.ts'), '--const', 'nodes=2', '--const', 'max=1']);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Model checking completed under the state constraint. No invariant is violated in the states it allows, but the temporal properties are not decided (see below).');
    expect(text.stdout).toContain('The depth of the complete state graph search is');
    expect(text.stdout).toMatch(/^ {2}Liveness {2}unknown: the state constraint excluded states, and a graph it cuts is not every behaviour$/m);
    expect(text.stdout).not.toMatch(/not a proof|cut short|search cut/);
  });

  it('a model that holds in every state the constraint allows is reported complete: exit 0, bound null, constrained', () => {
    const file = join(work, 'holds.ts');
    writeFileSync(file, counter(5, 100));
    const text = runCli(['check', '--spec', file]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain('Model checking completed under the state constraint. No error has been found in the states it allows.');
    expect(text.stdout).not.toMatch(/not a proof|cut short/);
    const json = runCli(['check', '--spec', file, '--json']);
    // n = 0..5 are distinct; each of them generates 2 successors (n + 1, n + 2): 1 + 12 generated.
    expect(JSON.parse(json.stdout)).toMatchObject({ result: 'ok', bound: null, constrained: true, distinctStates: 6, generatedStates: 13, depth: 4 });
  });

  it('an invariant violated only in a state the constraint excludes: exit 1, with its trace', () => {
    const file = join(work, 'excluded.ts');
    writeFileSync(file, counter(5, 7));
    const dir = mkdtempSync(join(work, 'out-'));
    const r = runCli(['check', '--spec', file, '--json', '--trace-out', join(dir, 'below.itf.json')]);
    expect(r.status, r.stderr).toBe(1);
    // Breadth-first, 5 is first found by 0, 1, 3, 5 (action order: +1 before +2), and 7 (excluded,
    // never explored) is generated from it: the trace is that chain, then 7.
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ result: 'violation', bound: null, violation: { name: 'Below', reason: 'n is 7', states: 5 } });
    const trace = JSON.parse(readFileSync(join(dir, 'below.itf.json'), 'utf8'));
    expect(trace.states.map((s: { n: { '#bigint': string } | number }) => (typeof s.n === 'number' ? s.n : Number(s.n['#bigint'])))).toEqual([0, 1, 3, 5, 7]);
    expect(runCli(['replay', join(dir, 'below.itf.json'), '--spec', file]).status).toBe(0);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves no temporary file; on failure nothing is created', () => {
    const dir = mkdtempSync(join(work, 'atomic-'));
    const path = join(dir, 'a.json');
    writeFileAtomic(path, 'old');
    writeFileAtomic(path, 'new');
    expect(readFileSync(path, 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.json']);
    expect(() => writeFileAtomic(join(dir, 'missing', 'b.json'), 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual(['a.json']);
  });
});
