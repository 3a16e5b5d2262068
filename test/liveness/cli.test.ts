// `check` with temporal properties, `replay` and `view` of lassos, --coverage and --dot, as a user runs them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'dropcheck-liveness-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const weak = 'examples/simple-allocator-weak.ts';

describe('check with temporal properties', () => {
  it('--json: a liveness violation has kind, loop and a trace replay accepts; view marks the loop', () => {
    const file = join(work, 'obtain.itf.json');
    const r = runCli(['check', '--spec', weak, '--json', '--trace-out', file]);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.violation).toMatchObject({ kind: 'liveness', name: 'ClientsWillObtain', traceFile: file });
    expect(out.violation.loop).toBeLessThan(out.violation.states - 1);
    expect(out.properties).toEqual({ ClientsWillReturn: { verdict: 'holds' }, ClientsWillObtain: { verdict: 'violated' }, InfOftenSatisfied: { verdict: 'violated' } });
    expect(typeof out.livenessMs).toBe('number');
    expect(JSON.parse(readFileSync(file, 'utf8')).loop).toBe(out.violation.loop);
    const replay = runCli(['replay', file]);
    expect(replay.stdout).toMatch(/^replay: ok: \d+ states, ClientsWillObtain violated by a fair lasso/);
    expect(replay.status).toBe(0);
    const view = runCli(['view', '--plain', file]);
    expect(view.stdout).toContain('(the trace loops back to this state)');
    expect(view.stdout).toContain(`(next: back to state ${out.violation.loop + 1})`);
    expect(view.stdout).toMatch(/Temporal property ClientsWillObtain is violated/);
  });

  it('replay rejects a lasso whose cycle is not fair', () => {
    // The allocator with SF on Allocate: the WF counterexample starves a client that SF must serve.
    const file = join(work, 'unfair.itf.json');
    runCli(['check', '--spec', weak, '--property', 'ClientsWillObtain', '--trace-out', file]);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    const strong = join(work, 'strong.itf.json');
    writeFileSync(strong, JSON.stringify({ ...doc, '#meta': { ...doc['#meta'], model: 'SimpleAllocator', spec: 'examples/simple-allocator.ts' } }));
    const r = runCli(['replay', strong]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^replay: end of trace: the cycle \(states \d+\.\.\d+\) is not fair: SF\(Allocate\[c\d\]\) is enabled in a state of it but never taken/);
  });

  it('--property selects, --no-liveness skips; an unknown property is one line, exit 2', () => {
    expect(runCli(['check', '--spec', weak, '--property', 'ClientsWillReturn']).status).toBe(0);
    const skipped = runCli(['check', '--spec', weak, '--no-liveness', '--json']);
    expect(skipped.status).toBe(0);
    expect(JSON.parse(skipped.stdout).properties).toBeUndefined();
    const bad = runCli(['check', '--spec', weak, '--property', 'Nope']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('dropcheck: --property Nope: model SimpleAllocatorWeak has no such temporal property (properties: ClientsWillReturn, ClientsWillObtain, InfOftenSatisfied)\n');
  });

  it('a cut search says "unknown: search cut" for every temporal property, never holds', () => {
    const r = runCli(['check', '--spec', 'examples/simple-allocator.ts', '--max-states', '50']);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/ClientsWill\w+\s+holds/);
    expect(r.stdout).toMatch(/ClientsWillObtain\s+unknown: search cut/);
    const j = JSON.parse(runCli(['check', '--spec', 'examples/simple-allocator.ts', '--max-states', '50', '--json']).stdout);
    expect(Object.values(j.properties).map((p) => (p as { verdict: string }).verdict)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('--symmetry with temporal properties is refused in one line (exit 2); with --no-liveness it runs', () => {
    const r = runCli(['check', '--const', 'sinks=2', '--symmetry']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^dropcheck: --symmetry cannot be used with temporal properties/);
    expect(runCli(['check', '--const', 'sinks=2', '--const', 'maxEpoch=2', '--symmetry', '--no-liveness']).status).toBe(0);
  });
});

describe('the graph, exposed', () => {
  it('--coverage: per action, successors and new states; an action that never fired is flagged', () => {
    const spec = join(work, 'idle.mjs');
    writeFileSync(spec, `export default {
      name: 'Idle', description: 'counts to 3', params: [], checkDeadlock: false, invariants: [],
      init: () => [{ n: 0 }],
      actions: [
        { name: 'Inc', description: 'n + 1', successors: (s) => (s.n < 3 ? [{ state: { n: s.n + 1 } }, { state: { n: s.n + 1 } }] : []) },
        { name: 'Never', description: 'never enabled', successors: () => [] },
      ],
    };\n`);
    const r = runCli(['check', '--spec', spec, '--coverage']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Inc\s+6\s+3\n/);
    expect(r.stdout).toMatch(/Never\s+0\s+0\s+never enabled/);
    expect(JSON.parse(runCli(['check', '--spec', spec, '--coverage', '--json']).stdout).coverage).toEqual([{ action: 'Inc', fired: 6, distinct: 3 }, { action: 'Never', fired: 0, distinct: 0 }]);
  });

  it('--dot writes the graph: a node per state, an edge per successor; a graph too large is refused in one line', () => {
    const file = join(work, 'clock.dot');
    expect(runCli(['check', '--spec', 'examples/live-hour-clock.ts', '--dot', file]).status).toBe(0);
    const dot = readFileSync(file, 'utf8');
    expect(dot).toMatch(/^digraph "LiveHourClock" \{/);
    expect(dot.match(/^ {2}s\d+ \[label=/gm)).toHaveLength(12);
    expect(dot.match(/ -> /g)).toHaveLength(12);
    expect(dot).toContain('s11 -> s0 [label="HCnxt"]');
    const big = runCli(['check', '--const', 'sinks=2', '--dot', join(work, 'big.dot')]);
    expect(big.status).toBe(2);
    expect(big.stderr).toMatch(/^dropcheck: --dot .*: the state graph has more than 2000 states/);
    expect(big.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('model modules with malformed temporal declarations', () => {
  it.each([
    ["fairness: { kind: 'sometimes' }", "model Bad: action \"Step\": fairness must be { kind: 'weak' | 'strong' }"],
    ["fairness: { kind: 'weak', instance: 'sink' }", "model Bad: action \"Step\": fairness.instance must be a function of the step's parameters"],
    ["properties: [{ name: 'P', description: '', kind: 'often', p: () => true }]", 'model Bad: property "P": kind must be one of eventually, leadsTo, infinitelyOften, eventuallyAlways'],
    ["properties: [{ name: 'P', description: '', kind: 'leadsTo', p: () => true }]", 'model Bad: property "P": its predicates p and q must be functions'],
  ])('%s: one line, exit 2', (decl, message) => {
    const spec = join(work, `bad-${message.length}.mjs`);
    const fairness = decl.startsWith('fairness') ? `${decl},` : '';
    const props = decl.startsWith('properties') ? `${decl},` : '';
    writeFileSync(spec, `export default { name: 'Bad', description: '', params: [], invariants: [], ${props}
      init: () => [{ n: 0 }], actions: [{ name: 'Step', description: '', ${fairness} successors: () => [] }] };\n`);
    const r = runCli(['check', '--spec', spec]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`dropcheck: --spec ${spec}: ${message}\n`);
  });

  it('a predicate that returns a non-boolean is a model error naming the property (exit 2)', () => {
    const spec = join(work, 'nonbool.mjs');
    writeFileSync(spec, `export default { name: 'NonBool', description: '', params: [], invariants: [], checkDeadlock: false,
      properties: [{ name: 'Q', description: '', kind: 'eventually', p: () => 1 }],
      init: () => [{ n: 0 }], actions: [{ name: 'Step', description: '', successors: () => [] }] };\n`);
    const r = runCli(['check', '--spec', spec]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^dropcheck: model error: .*property Q: predicate p returned 1, not a boolean\n$/);
  });
});

describe('the README temporal-property example, copied as a newcomer would', () => {
  it('StarvationFree fails under weak fairness on Enter (a lasso replay accepts), holds under strong', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- liveness-example:start -->\n```ts\n([\s\S]*?)```\n<!-- liveness-example:end -->/.exec(readme);
    expect(block).not.toBeNull();
    // Inside the package folder, so that `import ... from 'dropcheck'` resolves.
    const dir = join(repoRoot, 'test', '.tmp-readme-liveness');
    mkdirSync(dir, { recursive: true });
    try {
      const file = join(dir, 'semaphore.ts');
      writeFileSync(file, block![1]!);
      const trace = join(work, 'semaphore.itf.json');
      const weakRun = runCli(['check', '--spec', file, '--json', '--trace-out', trace]);
      expect(weakRun.status).toBe(1);
      expect(JSON.parse(weakRun.stdout)).toMatchObject({ result: 'violation', violation: { kind: 'liveness', name: 'StarvationFree' } });
      expect(runCli(['replay', '--spec', file, trace]).status).toBe(0);
      const strong = block![1]!.replace("fairness: { kind: 'weak', perInstance: true }, // try 'strong'", "fairness: { kind: 'strong', perInstance: true },");
      expect(strong).not.toBe(block![1]);
      writeFileSync(file, strong);
      const strongRun = runCli(['check', '--spec', file, '--json']);
      expect(strongRun.status).toBe(0);
      expect(JSON.parse(strongRun.stdout).properties).toEqual({ StarvationFree: { verdict: 'holds' } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('list', () => {
  it('shows each action\'s fairness and the temporal properties, as text and JSON', () => {
    const text = runCli(['list']).stdout;
    expect(text).toMatch(/InjectBarrier {2}\[weak fairness\]/);
    expect(text).toMatch(/\n {2}DropSink\(sink\)\n/); // user DDL: no fairness
    expect(text).toMatch(/DropCompletes {2}\(P ~> Q, for each instance\)/);
    const j = JSON.parse(runCli(['list', '--spec', 'examples/simple-allocator.ts', '--json']).stdout);
    expect(j.actions.map((a: { name: string; fairness: string | null }) => [a.name, a.fairness])).toEqual([
      ['Request', null], ['Allocate', 'strong fairness, per instance it names'], ['ReturnAll', 'weak fairness, per instance'], ['ReturnSome', null],
    ]);
    expect(j.properties.map((p: { name: string; kind: string }) => `${p.name}:${p.kind}`)).toEqual(['ClientsWillReturn:leadsTo', 'ClientsWillObtain:leadsTo', 'InfOftenSatisfied:infinitelyOften']);
  });
});
