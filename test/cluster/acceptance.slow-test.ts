// The acceptance runs of the cluster search, too long for every CI run (minutes on two cores):
// TwoPhase rms=7 and the protocol model at sinks=2, violated and holding, and its temporal
// properties at the defaults, on a local 3-node cluster with 1 and 2 workers, against the
// in-process search. `npm run test:cluster-acceptance`
// runs them (vitest.acceptance.config.ts); `npm test` does not include this file.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliAsync } from '../support/run-cli.ts';
import type { LocalCluster } from '../../scripts/cluster.ts';
import { killStarted, startCli, startCluster, stopCluster, withoutTime } from './local-cluster.ts';

const twoPhase = fileURLToPath(new URL('../../examples/two-phase.ts', import.meta.url));

let cluster: LocalCluster | undefined;
let url = '';
beforeAll(() => { ({ cluster, url } = startCluster(21301)); }, 60_000);
afterEach(killStarted);
afterAll(() => { killStarted(); stopCluster(cluster); });

const traces = (cwd: string): Record<string, string> =>
  Object.fromEntries(readdirSync(cwd).filter((f) => f.endsWith('.itf.json')).sort().map((f) => [f, readFileSync(join(cwd, f), 'utf8')]));

describe('cluster acceptance: the in-process figures and traces with 1 and 2 workers', () => {
  const cases: { name: string; args: string[]; spec?: string; figures: Record<string, unknown> }[] = [
    { name: 'TwoPhase rms=7', args: ['check', '--spec', twoPhase, '--const', 'rms=7', '--json'], spec: twoPhase, figures: { result: 'ok', distinctStates: 296448, generatedStates: 2744706, depth: 23 } },
    { name: 'protocol sinks=2 deferred-notify (violated)', args: ['check', '--const', 'sinks=2', '--const', 'drop=deferred-notify', '--no-liveness', '--json'], figures: { result: 'violation', distinctStates: 1599, generatedStates: 3015, depth: 8 } },
    { name: 'protocol sinks=2 tombstone-fetch (holds)', args: ['check', '--const', 'sinks=2', '--no-liveness', '--json'], figures: { result: 'ok', distinctStates: 55924, generatedStates: 180842, depth: 52 } },
    // The temporal properties at the defaults, decided on the graph the coordinator records from
    // the chunks' edges (distinct counts: the matrix's rows, pinned in test/matrix.test.ts).
    { name: 'protocol defaults with its temporal properties (hold)', args: ['check', '--json'], figures: { result: 'ok', distinctStates: 1284, properties: { DropCompletes: { verdict: 'holds' }, BarrierProgress: { verdict: 'holds' }, CleanupCompletes: { verdict: 'holds' } } } },
    { name: 'protocol catalog-first, --continue --coverage: every invariant and temporal violation, lassos', args: ['check', '--const', 'drop=catalog-first', '--continue', '--coverage', '--json'], figures: { result: 'violation', distinctStates: 3948, properties: { DropCompletes: { verdict: 'violated' } } } },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const refDir = mkdtempSync(join(tmpdir(), 'dropcheck-acc-ref-'));
      const ref = await runCliAsync(c.args, refDir, 900_000);
      expect(JSON.parse(ref.stdout)).toMatchObject(c.figures);
      for (const workers of [1, 2]) {
        const cwd = mkdtempSync(join(tmpdir(), `dropcheck-acc-${workers}-`));
        const ws = Array.from({ length: workers }, () => startCli(['worker', '--cluster', url, '--quiet', ...(c.spec ? ['--spec', c.spec] : [])], cwd));
        const r = await runCliAsync([...c.args, '--cluster', url, '--coordinate-only'], cwd, 900_000);
        for (const w of await Promise.all(ws.map((w) => w.done))) expect(w.status, w.stderr).toBe(0);
        expect(r.status, r.stderr).toBe(ref.status);
        expect(withoutTime(r.stdout)).toEqual(withoutTime(ref.stdout));
        expect(traces(cwd)).toEqual(traces(refDir));
      }
    }, 1_800_000);
  }
});
