// The connection to a Redis Cluster that holds a search: the URL users give, the client, and
// the one place where the cluster's failures become one clear line (an InputError: exit 2).
// A node that goes away stops the search; it never lets it go on with part of its data.
import { Cluster, Redis } from 'ioredis';
import { InputError } from '../errors.ts';
import { GUARDED_SCRIPTS, SCRIPTS } from './scripts.ts';

export interface ClusterAddress {
  readonly nodes: readonly { readonly host: string; readonly port: number }[];
  readonly username?: string;
  readonly password?: string;
}

/**
 * `redis://[[user]:password@]host:port[,host:port...]`; the password may come from
 * REDISCLI_AUTH instead (as redis-cli reads it), so that it is not in the process list.
 */
export function parseClusterUrl(url: string, env: NodeJS.ProcessEnv = process.env): ClusterAddress {
  const m = /^rediss?:\/\/(?:([^:@/]*)(?::([^@/]*))?@)?([^/?#]+)\/?$/.exec(url);
  if (!m) throw new InputError(`--cluster ${redact(url)}: expected redis://[:password@]host:port[,host:port...]`);
  const [, user, pass, hosts] = m;
  const nodes = hosts!.split(',').map((h) => {
    const hp = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(h.trim());
    const port = hp ? Number(hp[2]) : NaN;
    if (!hp || !(port >= 1 && port <= 65535)) throw new InputError(`--cluster ${redact(url)}: "${h}" is not host:port`);
    return { host: hp[1]!.replace(/^\[|\]$/g, ''), port };
  });
  const password = pass !== undefined && pass !== '' ? decodeURIComponent(pass) : env.REDISCLI_AUTH || undefined;
  return { nodes, ...(user ? { username: decodeURIComponent(user) } : {}), ...(password !== undefined ? { password } : {}) };
}

/** The URL without its password, for messages. */
export const redact = (url: string): string => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/** Commands the search defines on the cluster (scripts.ts), beside the client's own. */
export interface SearchCommands {
  dcOffer(key: string, batch: Buffer): Promise<unknown>;
  dcClaim(key: string, batch: Buffer, depth: number): Promise<string>;
  dcHas(key: string, batch: Buffer): Promise<string>;
  dcCommit(key: string, batch: Buffer): Promise<unknown>;
  dcLease(record: string, current: string, lease: string, sid: number, phase: string, worker: string, ms: number): Promise<number>;
  dcDone(record: string, done: string, lease: string, sid: number, chunk: string, worker: string): Promise<number>;
}

export type SearchCluster = Cluster & SearchCommands;

const CONNECT_MS = 5000;

/** Connects, or throws one line saying why not. */
export async function connectCluster(url: string, env: NodeJS.ProcessEnv = process.env): Promise<SearchCluster> {
  const address = parseClusterUrl(url, env);
  const cluster = new Cluster(address.nodes.map((n) => ({ host: n.host, port: n.port })), {
    redisOptions: {
      ...(address.username ? { username: address.username } : {}),
      ...(address.password !== undefined ? { password: address.password } : {}),
      connectTimeout: CONNECT_MS,
      maxRetriesPerRequest: 2,
    },
    // A node that does not come back within a few tries is gone: fail, do not wait for ever.
    clusterRetryStrategy: (times: number) => (times > 3 ? null : 300),
    enableAutoPipelining: true,
    slotsRefreshTimeout: CONNECT_MS,
    lazyConnect: true,
  }) as SearchCluster;
  for (const [name, s] of Object.entries(SCRIPTS)) cluster.defineCommand(name, { numberOfKeys: 1, lua: s });
  for (const [name, s] of Object.entries(GUARDED_SCRIPTS)) cluster.defineCommand(name, { numberOfKeys: s.keys, lua: s.lua });
  cluster.on('error', () => { /* each command reports its own failure */ });
  try {
    await withTimeout(cluster.connect(), CONNECT_MS * 2, 'connecting');
    const info = await withTimeout(cluster.cluster('INFO') as Promise<string>, CONNECT_MS, 'asking for the cluster state');
    if (!/cluster_state:ok/.test(info)) throw new Error('the cluster state is not ok (a node is down or slots are unassigned)');
  } catch (e) {
    cluster.disconnect();
    throw new InputError(`--cluster ${redact(url)}: ${await whyUnavailable(address) ?? clusterErrorText(e)}`);
  }
  return cluster;
}

/**
 * The cluster client says only that no node is available; one plain connection to the first
 * node says why (a refused connection, a wrong or missing password).
 */
async function whyUnavailable(address: ClusterAddress): Promise<string | undefined> {
  const node = address.nodes[0]!;
  const probe = new Redis({
    host: node.host, port: node.port, lazyConnect: true, enableReadyCheck: false, connectTimeout: CONNECT_MS, maxRetriesPerRequest: 0, retryStrategy: () => null,
    ...(address.username ? { username: address.username } : {}),
    ...(address.password !== undefined ? { password: address.password } : {}),
  });
  // The first error event says why (NOAUTH while connecting); the rejection only that it closed.
  let first: unknown;
  probe.on('error', (e) => { first ??= e; });
  try {
    await withTimeout(probe.connect().then(() => probe.ping()), CONNECT_MS, `connecting to ${node.host}:${node.port}`);
    return undefined;
  } catch (e) {
    return `${node.host}:${node.port}: ${clusterErrorText(first ?? e)}`;
  } finally {
    probe.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s while ${what}`)), ms); }),
  ]);
}

export function clusterErrorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Connection is closed|ECONNREFUSED/.test(msg)) return `no Redis node answers there (${msg.split('\n')[0]})`;
  if (/NOAUTH|WRONGPASS|invalid password|AUTH/i.test(msg)) return `authentication failed (${msg.split(/[,\n]/)[0]}): give the password in the URL (redis://:PASSWORD@host:port) or in REDISCLI_AUTH`;
  return msg.split('\n')[0]!;
}

/** How long one cluster call may take before the search gives up on the cluster. */
export const CALL_TIMEOUT_MS = 30_000;

/** Awaits a cluster call; a failure or a node that stopped answering ends the search with one line. */
export async function call<T>(p: Promise<T>, what: string): Promise<T> {
  try {
    return await withTimeout(p, CALL_TIMEOUT_MS, what);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`the cluster failed while ${what}: ${clusterErrorText(e)}`);
  }
}
