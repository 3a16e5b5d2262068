// A 3-master Redis Cluster on loopback ports, for developing and testing `check --cluster`:
// `npm run cluster -- up` starts it, `npm run cluster -- down` stops it. Each node's settings are
// in its own config file (written once, then only read), so a node restarted by hand or by `up`
// reloads exactly the same way; nothing is set at runtime with CONFIG SET.
//
// Environment: DROPCHECK_CLUSTER_DIR (default .cluster/ in the project), DROPCHECK_CLUSTER_PORT
// (first port, default 7101; the nodes use it and the next two), REDISCLI_AUTH (a password every
// node requires, and the nodes use among themselves).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LocalCluster {
  readonly dir: string;
  readonly ports: readonly number[];
  readonly password?: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODES = 3;

export function localCluster(env: NodeJS.ProcessEnv = process.env): LocalCluster {
  const dir = resolve(env.DROPCHECK_CLUSTER_DIR ?? join(ROOT, '.cluster'));
  const first = Number(env.DROPCHECK_CLUSTER_PORT ?? 7101);
  if (!(Number.isInteger(first) && first > 0 && first + NODES <= 65536)) throw new Error(`DROPCHECK_CLUSTER_PORT must be a port number, got ${env.DROPCHECK_CLUSTER_PORT}`);
  const password = env.REDISCLI_AUTH || undefined;
  return { dir, ports: Array.from({ length: NODES }, (_, i) => first + i), ...(password ? { password } : {}) };
}

/** The URL `check --cluster` takes for this cluster (without its password). */
export const clusterUrl = (c: LocalCluster): string => `redis://${c.ports.map((p) => `127.0.0.1:${p}`).join(',')}`;

function configOf(c: LocalCluster, port: number): string {
  const dir = join(c.dir, String(port));
  return [
    `port ${port}`,
    'bind 127.0.0.1',
    'protected-mode yes',
    `dir ${dir}`,
    'daemonize yes',
    `pidfile ${join(dir, 'redis.pid')}`,
    `logfile ${join(dir, 'redis.log')}`,
    'cluster-enabled yes',
    'cluster-config-file nodes.conf',
    'cluster-node-timeout 5000',
    // A search's data is worthless without all of it: a node that lost its part must not
    // answer for it (the search also checks each seen-set shard's marker, see checker/cluster).
    'cluster-require-full-coverage yes',
    // Nothing is written to disk: a search is resumed only while its nodes are up.
    'save ""',
    'appendonly no',
    // Never drop a fingerprint to make room: a full node fails the write, and the search stops.
    'maxmemory-policy noeviction',
    // Seen-set shards are large hashes of 8-byte fields; small sets and hashes stay compact.
    'set-max-intset-entries 512',
    'hash-max-listpack-entries 128',
    'hash-max-listpack-value 64',
    'list-max-listpack-size -2',
    // A batch of a level's fingerprints is one script call: give it time before Redis calls it busy.
    'busy-reply-threshold 10000',
    ...(c.password ? [`requirepass "${c.password}"`, `masterauth "${c.password}"`] : []),
    '',
  ].join('\n');
}

const cli = (c: LocalCluster, args: string[]): string => execFileSync('redis-cli', args, {
  encoding: 'utf8',
  env: { ...process.env, ...(c.password ? { REDISCLI_AUTH: c.password } : {}) },
  stdio: ['ignore', 'pipe', 'pipe'],
});

const ping = (c: LocalCluster, port: number): boolean => {
  try { return cli(c, ['-p', String(port), 'ping']).trim() === 'PONG'; } catch { return false; }
};

const sleep = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); };

function waitFor(what: string, ok: () => boolean, timeoutMs = 20_000): void {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`the local cluster: timed out waiting for ${what}`);
    sleep(100);
  }
}

/** Starts the nodes (writing their config the first time) and forms the cluster if it is new. */
export function up(c: LocalCluster): void {
  if (spawnSync('redis-server', ['--version']).status !== 0) throw new Error('redis-server is not installed (Debian: apt-get install -y redis-server)');
  for (const port of c.ports) {
    const dir = join(c.dir, String(port));
    mkdirSync(dir, { recursive: true });
    const conf = join(dir, 'redis.conf');
    if (!existsSync(conf)) writeFileSync(conf, configOf(c, port));
    if (ping(c, port)) continue;
    execFileSync('redis-server', [conf], { stdio: 'ignore' });
  }
  for (const port of c.ports) waitFor(`node ${port} to answer`, () => ping(c, port));
  const state = () => cli(c, ['-p', String(c.ports[0]), 'cluster', 'info']);
  if (!/cluster_slots_assigned:16384/.test(state())) {
    cli(c, ['--cluster', 'create', ...c.ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
  }
  waitFor('cluster_state:ok', () => c.ports.every((p) => /cluster_state:ok/.test(cli(c, ['-p', String(p), 'cluster', 'info']))));
}

/** The pid a node wrote, if it is still running. */
function pidOf(c: LocalCluster, port: number): number | undefined {
  const file = join(c.dir, String(port), 'redis.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try { process.kill(pid, 0); return pid; } catch { return undefined; }
}

/** Stops one node (its data is lost; its config and cluster identity stay). */
export function stopNode(c: LocalCluster, port: number): void {
  const pid = pidOf(c, port);
  if (pid === undefined) return;
  process.kill(pid, 'SIGTERM');
  waitFor(`node ${port} to stop`, () => pidOf(c, port) === undefined);
}

/** Stops every node; with `forget`, removes their folders too. */
export function down(c: LocalCluster, forget = false): void {
  for (const port of c.ports) stopNode(c, port);
  if (forget) rmSync(c.dir, { recursive: true, force: true });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cmd = process.argv[2];
  const c = localCluster();
  try {
    if (cmd === 'up') {
      up(c);
      console.log(`Cluster up: ${clusterUrl(c)} (folder ${c.dir})`);
    } else if (cmd === 'down') {
      down(c, process.argv.includes('--forget'));
      console.log(`Cluster down (folder ${c.dir}${process.argv.includes('--forget') ? ' removed' : ' kept'})`);
    } else {
      console.error('usage: npm run cluster -- up|down [--forget]');
      process.exitCode = 2;
    }
  } catch (e) {
    console.error(`cluster ${cmd}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    process.exitCode = 2;
  }
}
