// `npm run bench -- --cluster`: the cluster search against the in-process one, in the same run,
// on a local 3-node cluster that this run starts and stops (ports 21401-21403 by default). For each model:
// distinct states per second in process (one thread), then on the cluster with 1 and 2 worker
// processes (the coordinator here only coordinates); the cluster's CPU (all nodes, from INFO) per
// generated and per distinct state; and the bytes the cluster held per distinct state at the end
// of the search (used memory of every node, and the seen-set's shards alone). Then, per model,
// the throughput this run's figures predict for 16 worker cores and 8 Redis processes (see
// `scalingEstimate`). `--big` adds TwoPhase rms=7. DROPCHECK_CLUSTER_PORT moves the ports.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AnyModel } from '../checker/model.ts';
import { resolveConsts } from '../checker/consts.ts';
import { search } from '../checker/parallel/search.ts';
import { searchOnCluster, type HeldBytes } from '../checker/cluster/coordinator.ts';
import { connectCluster } from '../checker/cluster/connect.ts';
import { loadModel } from '../cli/load-model.ts';
import { clusterUrl, down, localCluster, up } from '../scripts/cluster.ts';

const cli = fileURLToPath(new URL('../bin/dropcheck.js', import.meta.url));
const twoPhase = fileURLToPath(new URL('../examples/two-phase.ts', import.meta.url));

interface Case { readonly label: string; readonly spec?: string; readonly consts: Record<string, string> }
const cases: Case[] = [
  { label: 'TwoPhase rms=6', spec: twoPhase, consts: { rms: '6' } },
  { label: 'DropSink sinks=2', consts: { sinks: '2' } },
  ...(process.argv.includes('--big') ? [{ label: 'TwoPhase rms=7', spec: twoPhase, consts: { rms: '7' } }] : []),
];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function serverCpuSeconds(url: string): Promise<number> {
  const c = await connectCluster(url);
  try {
    const infos = await Promise.all(c.nodes('master').map((n) => n.info('cpu')));
    return infos.reduce((t, s) => t + Number(/used_cpu_sys:([\d.]+)/.exec(s)?.[1] ?? 0) + Number(/used_cpu_user:([\d.]+)/.exec(s)?.[1] ?? 0), 0);
  } finally {
    c.disconnect();
  }
}

function startWorkers(n: number, url: string, spec: string | undefined): ChildProcess[] {
  return Array.from({ length: n }, () => spawn(process.execPath, [cli, 'worker', '--quiet', '--cluster', url, ...(spec ? ['--spec', spec] : [])], { stdio: 'inherit' }));
}

const exited = (p: ChildProcess) => new Promise<void>((r) => { if (p.exitCode !== null) r(); else p.on('exit', () => r()); });

/** Worker cores and Redis processes of the estimate. */
const CORES = 16;
const REDIS = 8;

/**
 * Distinct states per second on `cores` worker cores and `nodes` Redis processes: each worker
 * core at the rate of one worker process here (its cluster overheads included), bounded by what
 * the nodes can deduplicate, each Redis process being one core: nodes / (server CPU seconds per
 * distinct state), i.e. nodes / CPU per fingerprint, counted per distinct state.
 */
export function scalingEstimate(perCoreRate: number, serverCpuPerDistinct: number, cores: number, nodes: number): { rate: number; bound: 'workers' | 'redis' } {
  const workers = cores * perCoreRate;
  const dedup = nodes / serverCpuPerDistinct;
  return workers <= dedup ? { rate: workers, bound: 'workers' } : { rate: dedup, bound: 'redis' };
}

const cluster = localCluster({ DROPCHECK_CLUSTER_DIR: mkdtempSync(join(tmpdir(), 'dropcheck-bench-cluster-')), DROPCHECK_CLUSTER_PORT: process.env.DROPCHECK_CLUSTER_PORT ?? '21401' });
up(cluster);
// Interrupted, it still stops the servers it started.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { down(cluster, true); process.exit(130); });
const url = clusterUrl(cluster);
const estimates: string[] = [];
try {
  console.log('Cluster search against the in-process search (same run; a shared machine: compare ratios, not absolute figures)');
  console.log('model              engine                     distinct  generated   time s   distinct/s  vs in-process  CPU µs/generated  CPU µs/distinct  cluster B/distinct  seen-set B/distinct');
  for (const c of cases) {
    const { model, module } = await loadModel(c.spec);
    const consts = resolveConsts(model as AnyModel, c.consts);
    const base = { consts, liveness: false, checkDeadlock: false };
    const inProcess = await search(model, { ...base, workers: 1 });
    const refRate = inProcess.stats.distinctStates / (inProcess.stats.durationMs / 1000);
    const row = (engine: string, distinct: number, generated: number, seconds: number | undefined, rate: number, extra = '') => console.log(
      `${c.label.padEnd(18)} ${engine.padEnd(25)} ${fmt(distinct).padStart(9)} ${fmt(generated).padStart(10)} ${(seconds === undefined ? '-' : seconds.toFixed(2)).padStart(8)} ${fmt(rate).padStart(12)} ${(rate / refRate).toFixed(2).padStart(14)}${extra}`);
    const s0 = inProcess.stats;
    row('in-process, 1 thread', s0.distinctStates, s0.generatedStates, s0.durationMs / 1000, refRate);
    const measured: { rate: number; cpuPerDistinct: number }[] = [];
    for (const workers of [1, 2]) {
      const cpuBefore = await serverCpuSeconds(url);
      const ws = startWorkers(workers, url, c.spec);
      let held: HeldBytes | undefined;
      const o = await searchOnCluster(model, { ...base, cluster: url, modelModule: module, coordinateOnly: true, beforeDrop: (h) => { held = h; } });
      await Promise.all(ws.map(exited));
      const cpu = (await serverCpuSeconds(url)) - cpuBefore;
      const s = o.stats;
      if (s.distinctStates !== s0.distinctStates || s.generatedStates !== s0.generatedStates) throw new Error(`${c.label}: the cluster found ${s.distinctStates}/${s.generatedStates} states, in process ${s0.distinctStates}/${s0.generatedStates}`);
      const rate = s.distinctStates / (s.durationMs / 1000);
      measured.push({ rate, cpuPerDistinct: cpu / s.distinctStates });
      row(`cluster, ${workers} worker${workers > 1 ? 's' : ''}`, s.distinctStates, s.generatedStates, s.durationMs / 1000, rate,
        `${(cpu * 1e6 / s.generatedStates).toFixed(2).padStart(18)} ${(cpu * 1e6 / s.distinctStates).toFixed(2).padStart(16)} ${fmt(held!.usedMemoryBytes / s.distinctStates).padStart(19)} ${fmt(held!.seenSetBytes / s.distinctStates).padStart(20)}`);
    }
    // The per-core rate of one worker process; the server's CPU per distinct state of both runs' mean.
    const cpuPerDistinct = (measured[0]!.cpuPerDistinct + measured[1]!.cpuPerDistinct) / 2;
    const e = scalingEstimate(measured[0]!.rate, cpuPerDistinct, CORES, REDIS);
    row(`estimate ${CORES} cores/${REDIS} Redis`, s0.distinctStates, s0.generatedStates, undefined, e.rate, `  (bound by ${e.bound === 'workers' ? 'the workers' : 'Redis'})`);
    estimates.push(`${c.label}: min(${CORES} x ${fmt(measured[0]!.rate)}, ${REDIS} / ${(cpuPerDistinct * 1e6).toFixed(2)} µs) = min(${fmt(CORES * measured[0]!.rate)}, ${fmt(REDIS / cpuPerDistinct)}) = ${fmt(e.rate)} distinct/s`);
  }
  console.log('');
  console.log(`Estimate: distinct/s = min(worker cores x per-core rate, Redis processes / server CPU per distinct state), with the per-core rate of the 1-worker run and`);
  console.log('the server CPU (every node, INFO used_cpu_user + used_cpu_sys) per distinct state, the mean of the 1- and 2-worker runs; each Redis process is one core.');
  for (const line of estimates) console.log(`  ${line}`);
} finally {
  down(cluster, true);
}
