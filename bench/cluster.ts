// `npm run bench -- --cluster`: the cluster search against the in-process one, in the same run,
// on a local 3-node cluster that this run starts and stops (ports 21401-21403). For each model:
// distinct states per second in process (one thread), then on the cluster with 1 and 2 worker
// processes (the coordinator here only coordinates); the cluster's CPU (all nodes, from INFO) per
// generated state; and the bytes the cluster held per distinct state at the end of the search
// (used memory of every node, and the seen-set's shards alone). `--big` adds TwoPhase rms=7.
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

const cluster = localCluster({ DROPCHECK_CLUSTER_DIR: mkdtempSync(join(tmpdir(), 'dropcheck-bench-cluster-')), DROPCHECK_CLUSTER_PORT: '21401' });
up(cluster);
// Interrupted, it still stops the servers it started.
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => { down(cluster, true); process.exit(130); });
const url = clusterUrl(cluster);
try {
  console.log('Cluster search against the in-process search (same run; a shared machine: compare ratios, not absolute figures)');
  console.log('model               engine          distinct  generated   time s   distinct/s   vs in-process  server CPU µs/generated  cluster B/distinct  seen-set B/distinct');
  for (const c of cases) {
    const { model, module } = await loadModel(c.spec);
    const consts = resolveConsts(model as AnyModel, c.consts);
    const base = { consts, liveness: false, checkDeadlock: false };
    const inProcess = await search(model, { ...base, workers: 1 });
    const refRate = inProcess.stats.distinctStates / (inProcess.stats.durationMs / 1000);
    const row = (engine: string, s: typeof inProcess.stats, extra: string) => console.log(
      `${c.label.padEnd(19)} ${engine.padEnd(14)} ${fmt(s.distinctStates).padStart(9)} ${fmt(s.generatedStates).padStart(10)} ${(s.durationMs / 1000).toFixed(2).padStart(8)} ${fmt(s.distinctStates / (s.durationMs / 1000)).padStart(12)} ${extra}`);
    row('in-process', inProcess.stats, '             1.00');
    for (const workers of [1, 2]) {
      const cpuBefore = await serverCpuSeconds(url);
      const ws = startWorkers(workers, url, c.spec);
      let held: HeldBytes | undefined;
      const o = await searchOnCluster(model, { ...base, cluster: url, modelModule: module, coordinateOnly: true, beforeDrop: (h) => { held = h; } });
      await Promise.all(ws.map(exited));
      const cpu = (await serverCpuSeconds(url)) - cpuBefore;
      const s = o.stats;
      if (s.distinctStates !== inProcess.stats.distinctStates || s.generatedStates !== inProcess.stats.generatedStates) throw new Error(`${c.label}: the cluster found ${s.distinctStates}/${s.generatedStates} states, in process ${inProcess.stats.distinctStates}/${inProcess.stats.generatedStates}`);
      const rate = s.distinctStates / (s.durationMs / 1000);
      row(`cluster, ${workers} wkr`, s, `${(rate / refRate).toFixed(2).padStart(16)} ${(cpu * 1e6 / s.generatedStates).toFixed(2).padStart(24)} ${fmt(held!.usedMemoryBytes / s.distinctStates).padStart(19)} ${fmt(held!.seenSetBytes / s.distinctStates).padStart(20)}`);
    }
  }
} finally {
  down(cluster, true);
}
