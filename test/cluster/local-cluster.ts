// A local 3-node cluster for one test file, started by the project's own script in a temporary
// folder on ports of its own, and stopped (every server, folder removed) when the file is done.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { clusterUrl, down, localCluster, up, type LocalCluster } from '../../scripts/cluster.ts';
import { cliPath } from '../support/run-cli.ts';
import { connectCluster } from '../../checker/cluster/connect.ts';

/**
 * A cluster on `firstPort` (21101, 21201, 21301 for the test files) and the next two; with
 * DROPCHECK_CLUSTER_PORT set, on that port, the next file's 10 ports above, and so on, so that
 * test runs in several checkouts on one machine do not share clusters. `password` makes every
 * node require it.
 */
export function startCluster(firstPort: number, password?: string): { cluster: LocalCluster; url: string } {
  const base = process.env.DROPCHECK_CLUSTER_PORT;
  const port = base === undefined ? firstPort : Number(base) + (firstPort - 21101) / 10;
  const cluster = localCluster({
    DROPCHECK_CLUSTER_DIR: mkdtempSync(join(tmpdir(), 'dropcheck-cluster-')),
    DROPCHECK_CLUSTER_PORT: String(port),
    ...(password ? { REDISCLI_AUTH: password } : {}),
  });
  up(cluster);
  return { cluster, url: clusterUrl(cluster) };
}

export function stopCluster(cluster: LocalCluster | undefined): void {
  if (cluster) down(cluster, true);
}

/** A running `dropcheck` process, with what it printed so far. */
export interface Running {
  readonly child: ChildProcess;
  readonly done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

/** Processes started and not yet ended: a failed test must not leave them working on the next one's search. */
const running = new Set<ChildProcess>();

export function killStarted(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

export function startCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Running {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, FORCE_COLOR: '0', ...env } });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => { stdout += String(d); });
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/** The CLI's JSON summary without its durations (the search's, the liveness phase's), which differ from run to run. */
export const withoutTime = (out: string): unknown => {
  const json = JSON.parse(out) as Record<string, unknown>;
  return { ...json, durationMs: 0, ...('livenessMs' in json ? { livenessMs: 0 } : {}) };
};

/** The CLI's text output without its timing line and the liveness phase's time. */
export const textWithoutTime = (out: string): string =>
  out.split('\n').filter((l) => !l.startsWith('Finished in')).join('\n').replace(/liveness phase [\d.]+ s/g, 'liveness phase _ s');

/** Every key the cluster holds, sorted. */
export async function clusterKeys(url: string): Promise<string[]> {
  const cluster = await connectCluster(url);
  try {
    const keys: string[] = [];
    for (const node of cluster.nodes('master')) {
      let cursor = '0';
      do {
        const [next, found] = await node.scan(cursor, 'COUNT', 1000);
        cursor = next;
        keys.push(...found);
      } while (cursor !== '0');
    }
    return keys.sort();
  } finally {
    cluster.disconnect();
  }
}
