// The options of a search on a Redis Cluster (`check --cluster`), and what they exclude: the
// cluster holds the seen-set, the frontier and the log, so the in-process engine's checkpoints,
// memory cap and worker threads have no meaning there.
import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../checker/errors.ts';
import { positiveInt } from './options.ts';

export interface ClusterFlags {
  cluster?: string;
  coordinateOnly?: boolean;
  lease?: number;
  chunkStates?: number;
}

/** A duration in seconds, decimals allowed (a lease of half a second is fine). */
export function positiveSeconds(raw: string): number {
  const n = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(n >= 0.1)) throw new InvalidArgumentError('expected a number of seconds, at least 0.1.');
  return n;
}

export function clusterOptions(command: Command): Command {
  return command
    .option('--cluster <url>', 'keep the search in this Redis Cluster, redis://[:password@]host:port[,host:port...] (password also from REDISCLI_AUTH), and share its chunks with `dropcheck worker --cluster` processes on any host; same output as without')
    .option('--coordinate-only', 'with --cluster: expand no states in this process, only in workers')
    .option('--lease <seconds>', 'with --cluster: how long a worker holds a chunk before another does it again (default 60)', positiveSeconds)
    .option('--chunk-states <n>', 'with --cluster: states per chunk of a level (default 2000); the result does not depend on it', positiveInt);
}

/** Refuses options that do not go with --cluster, or cluster options without it. */
export function checkClusterFlags(flags: ClusterFlags & { workers?: number; checkpoint?: string; memory?: number; resume?: string | true }): void {
  if (flags.cluster === undefined) {
    const stray = flags.coordinateOnly ? '--coordinate-only' : flags.lease !== undefined ? '--lease' : flags.chunkStates !== undefined ? '--chunk-states' : undefined;
    if (stray) throw new InputError(`${stray} goes with --cluster`);
    if (flags.resume === true) throw new InputError('--resume needs the checkpoint folder (--resume DIR), or --cluster URL to continue the search a cluster holds');
    return;
  }
  if (flags.checkpoint !== undefined || typeof flags.resume === 'string') throw new InputError('--cluster keeps the search in the cluster: use --resume without a folder to continue it, and no --checkpoint');
  if (flags.memory !== undefined) throw new InputError('--cluster keeps the frontier in the cluster: drop --memory');
  if (flags.workers !== undefined) throw new InputError('--cluster: start workers with `dropcheck worker --cluster URL` (on any host) instead of --workers');
}
