// The level-synchronous search (--workers, --checkpoint, --resume, --memory) refuses, before
// printing anything, the models it would not check as the one-thread search does: a wrong
// "No error has been found" is worse than no answer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAll } from '../support/run-cli.ts';

const work = mkdtempSync(join(tmpdir(), 'dropcheck-parallel-refusals-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const counter = (extra: string) => `export default {
  name: 'Counter', description: 'counts to 3', params: [], checkDeadlock: false,
  init: () => [{ n: 0 }],
  actions: [{ name: 'Bump', description: 'n + 1', successors: (s) => (s.n < 3 ? [{ state: { n: s.n + 1 } }] : []) }],
  invariants: [{ name: 'Small', description: 'n stays below 9', check: (s) => (s.n < 9 ? undefined : 'n is ' + s.n) }],
  ${extra}
};
`;
const file = (name: string, extra: string) => {
  const path = join(work, `${name}.mjs`);
  writeFileSync(path, counter(extra));
  return path;
};
const withProperties = file('live', `properties: [{ name: 'Reaches3', description: 'n reaches 3', kind: 'eventually', p: (s) => s.n === 3 }],`);
const withConstraint = file('constrained', 'constraint: (s) => s.n < 2,');
const plain = file('plain', '');

describe('models the parallel search does not support', () => {
  it('refuses temporal properties and a state constraint in one line, exit 2, nothing on stdout; accepts the plain twin', async () => {
    const parallelFlags = [['--workers', '2'], ['--memory', '64']];
    const runs = await runAll([withProperties, withConstraint, plain].flatMap((spec) => parallelFlags.map((flags) => ['check', '--spec', spec, ...flags])));
    const [propsW, propsM, constrW, constrM, plainW, plainM] = runs;
    for (const r of [propsW!, propsM!]) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual(['dropcheck: model Counter has temporal properties, which --workers, --checkpoint, --resume and --memory do not check yet: add --no-liveness to check its invariants only, or drop those options']);
    }
    for (const r of [constrW!, constrM!]) {
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trimEnd().split('\n')).toEqual(['dropcheck: model Counter has a state constraint: --workers, --checkpoint, --resume and --memory do not support one yet (check without them)']);
    }
    for (const r of [plainW!, plainM!]) expect(r.status, r.stdout + r.stderr).toBe(0);
  }, 120_000);
});
