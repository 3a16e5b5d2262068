// Bad input and a failing cluster end a cluster search with one line on stderr and exit 2: a URL
// that is not one, a wrong or missing password (given in the URL or in REDISCLI_AUTH), a worker
// whose model module differs from the search's, options that do not go with --cluster, what a
// resumed search cannot check, and a node
// that goes away mid-search (never a verdict then).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCliAsync } from '../support/run-cli.ts';
import { stopNode, type LocalCluster } from '../../scripts/cluster.ts';
import { killStarted, startCli, startCluster, stopCluster } from './local-cluster.ts';

const twoPhase = fileURLToPath(new URL('../../examples/two-phase.ts', import.meta.url));
const dieHard = fileURLToPath(new URL('../../examples/die-hard.ts', import.meta.url));
const liveHourClock = fileURLToPath(new URL('../../examples/live-hour-clock.ts', import.meta.url));
const PASSWORD = 'not-a-secret-7f3a';

let cluster: LocalCluster | undefined;
let url = '';
const withPassword = () => url.replace('redis://', `redis://:${PASSWORD}@`);

beforeAll(() => { ({ cluster, url } = startCluster(21201, PASSWORD)); }, 60_000);
afterEach(killStarted);
afterAll(() => { killStarted(); stopCluster(cluster); });

const cwd = () => mkdtempSync(join(tmpdir(), 'dropcheck-cluster-input-'));

/** Exit 2 and one line on stderr; on stdout nothing, or only what a search that started printed (`stdout`). */
function expectOneLine(r: { status: number | null; stdout: string; stderr: string }, pattern: RegExp, stdout = ''): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stdout).toBe(stdout);
}

describe('check --cluster: input errors, one line, exit 2', () => {
  it('a URL that is not a Redis URL', async () => {
    expectOneLine(await runCliAsync(['check', '--spec', dieHard, '--cluster', 'http://127.0.0.1:1'], cwd()), /--cluster http:\/\/127\.0\.0\.1:1: expected redis:\/\//);
  });

  it('options that do not go with --cluster, or cluster options without it', async () => {
    expectOneLine(await runCliAsync(['check', '--spec', dieHard, '--cluster', url, '--workers', '2'], cwd()), /dropcheck worker --cluster/);
    expectOneLine(await runCliAsync(['check', '--spec', dieHard, '--lease', '5'], cwd()), /--lease goes with --cluster/);
    expectOneLine(await runCliAsync(['check', '--spec', dieHard, '--resume'], cwd()), /--resume needs the checkpoint folder/);
  });

  it('a resumed search refuses temporal properties and --coverage (the cluster keeps no state graph), before it reaches the cluster', async () => {
    // Port 1 has no server: the refusal must come first.
    const nowhere = 'redis://127.0.0.1:1';
    const live = await runCliAsync(['check', '--spec', liveHourClock, '--cluster', nowhere, '--resume'], cwd());
    expectOneLine(live, /^dropcheck: model LiveHourClock has temporal properties, which a resumed search on a cluster cannot check \(the cluster keeps no state graph\): add --no-liveness/);
    expect(live.stdout).toBe('');
    expectOneLine(await runCliAsync(['check', '--spec', dieHard, '--cluster', nowhere, '--resume', '--coverage'], cwd()), /^dropcheck: --coverage is not counted by a resumed search on a cluster/);
    // Without --resume, or with --no-liveness, it goes on to the cluster (which is not there).
    expectOneLine(await runCliAsync(['check', '--spec', liveHourClock, '--cluster', nowhere], cwd()), /--cluster redis:\/\/127\.0\.0\.1:1: .*no Redis node answers/);
    expectOneLine(await runCliAsync(['check', '--spec', liveHourClock, '--cluster', nowhere, '--resume', '--no-liveness'], cwd()), /no Redis node answers/);
  }, 60_000);

  it('a missing password is refused, naming where to give it; the URL or REDISCLI_AUTH give it', async () => {
    const noAuth = { REDISCLI_AUTH: '' };
    const dir = cwd();
    const denied = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const run = startCli(['check', '--spec', twoPhase, '--const', 'rms=3', '--cluster', url], dir, noAuth);
      void run.done.then(resolve);
    });
    expectOneLine(denied, /authentication failed.*REDISCLI_AUTH/);
    const inUrl = await runCliAsync(['check', '--spec', twoPhase, '--const', 'rms=3', '--json', '--cluster', withPassword()], dir);
    expect(inUrl.status, inUrl.stderr).toBe(0);
    expect(JSON.parse(inUrl.stdout)).toMatchObject({ distinctStates: 288, generatedStates: 1146, depth: 11 });
    const fromEnv = await startCli(['check', '--spec', twoPhase, '--const', 'rms=3', '--json', '--cluster', url], dir, { REDISCLI_AUTH: PASSWORD }).done;
    expect(fromEnv.status, fromEnv.stderr).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ distinctStates: 288 });
    // The password never appears in what is printed.
    expect(denied.stderr + inUrl.stdout + inUrl.stderr).not.toContain(PASSWORD);
  }, 60_000);

  it('--resume when the cluster holds no unfinished search', async () => {
    expectOneLine(await runCliAsync(['check', '--spec', twoPhase, '--const', 'rms=3', '--cluster', withPassword(), '--resume'], cwd()), /no unfinished search/);
  }, 30_000);

  it('a worker whose model module differs from the search\'s refuses to join', async () => {
    const dir = cwd();
    const check = startCli(['check', '--spec', twoPhase, '--const', 'rms=3', '--json', '--cluster', withPassword(), '--coordinate-only'], dir);
    const wrong = await startCli(['worker', '--cluster', withPassword(), '--spec', dieHard], dir).done;
    // A worker may say it waits for a search before it finds this one.
    expectOneLine(wrong, /the search on the cluster is of model TwoPhase from a module with SHA-256 [0-9a-f]{12}…, not this worker's DieHard/, wrong.stdout === '' ? '' : 'Waiting for a search on the cluster\n');
    const right = await startCli(['worker', '--cluster', withPassword(), '--spec', twoPhase], dir).done;
    expect(right.status, right.stderr).toBe(0);
    const r = await check.done;
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ distinctStates: 288 });
  }, 60_000);

  it('a node that goes away mid-search stops it with one line, exit 2, and no verdict', async () => {
    const check = startCli(['check', '--spec', twoPhase, '--const', 'rms=7', '--cluster', withPassword()], cwd());
    while (!check.stdout().includes('Checking')) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 3000));
    stopNode(cluster!, cluster!.ports[1]!);
    const r = await check.done;
    expectOneLine(r, /the cluster failed while|a node lost its data|seen-set shard is gone/, 'Checking TwoPhase (rms=7)\n');
  }, 120_000);
});
