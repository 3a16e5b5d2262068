// `npm run bench`: throughput and memory of the checker on a fixed set of models, each also run
// by a naive baseline in the same process, so the ratio means something on a shared, noisy machine.
// Then the worker table: 1 worker against 2 and against the previous one-thread engine, each
// search in a process of its own (run-case.ts) so that its peak memory is its own.
import { check } from '../checker/check.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel } from '../checker/model.ts';
import twoPhase from '../examples/two-phase.ts';
import tcommit from '../examples/tcommit.ts';
import twoPhasePlain from '../examples/two-phase-plain.ts';
import { naiveBfs } from './naive-bfs.ts';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { livenessBench } from './liveness.ts';

interface Case {
  readonly label: string;
  readonly model: AnyModel;
  readonly consts: Record<string, string>;
  /** Run the naive baseline too (it keeps every state's text: skip it where that takes minutes). */
  readonly baseline: boolean;
}

const builtin = (await import('../model/index.ts')).default as AnyModel;
const cases: Case[] = [
  { label: 'TCommit rms=7', model: tcommit, consts: { rms: '7' }, baseline: true },
  { label: 'TwoPhase rms=5', model: twoPhase, consts: { rms: '5' }, baseline: true },
  { label: 'TwoPhase rms=6', model: twoPhase, consts: { rms: '6' }, baseline: true },
  { label: 'TwoPhase rms=7', model: twoPhase, consts: { rms: '7' }, baseline: true },
  // The same states held in frozen plain data instead of immutable.js collections.
  { label: 'TwoPhasePlain rms=7', model: twoPhasePlain, consts: { rms: '7' }, baseline: false },
  { label: `${builtin.name} (defaults)`, model: builtin, consts: {}, baseline: true },
  ...(builtin.params.some((p) => p.name === 'sinks') ? [{ label: `${builtin.name} sinks=2`, model: builtin, consts: { sinks: '2' }, baseline: false }] : []),
];
if (process.argv.includes('--big')) cases.push({ label: 'TwoPhase rms=8', model: twoPhase, consts: { rms: '8' }, baseline: false });

const gc = (globalThis as { gc?: () => void }).gc;
const rssNow = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

if (process.argv.includes('--liveness-only')) { livenessBench(builtin); process.exit(0); }
// The cluster search against the in-process one (bench/cluster.ts) instead of the tables below.
if (process.argv.includes('--cluster')) { await import('./cluster.ts'); process.exit(0); }

console.log('model                         distinct  generated  depth   time s   distinct/s   generated/s  index B/st  peak B/st  vs naive');
for (const c of cases) {
  const consts = resolveConsts(c.model, c.consts);
  gc?.();
  const before = rssNow();
  let peak = before;
  const o = check(c.model, {
    consts, checkDeadlock: false, continueAfterViolation: true,
    onProgress: () => { peak = Math.max(peak, rssNow()); }, progressEveryMs: 100,
  });
  peak = Math.max(peak, rssNow());
  const s = o.stats;
  const secs = s.durationMs / 1000;
  let ratio = '-';
  if (c.baseline) {
    gc?.();
    const n = naiveBfs(c.model, consts);
    if (n.distinctStates !== s.distinctStates || n.generatedStates !== s.generatedStates) throw new Error(`${c.label}: the baseline found ${n.distinctStates}/${n.generatedStates} states`);
    ratio = `${(n.durationMs / Math.max(1, s.durationMs)).toFixed(2)}x`;
  }
  console.log([
    c.label.padEnd(28), fmt(s.distinctStates).padStart(10), fmt(s.generatedStates).padStart(10), String(s.depth).padStart(6),
    secs.toFixed(2).padStart(8), fmt(s.distinctStates / secs).padStart(12), fmt(s.generatedStates / secs).padStart(13),
    s.indexBytesPerState.toFixed(1).padStart(11), fmt((peak - before) / s.distinctStates).padStart(10), ratio.padStart(9),
  ].join(' '));
}
console.log('\nReference (fixture, not measured here): TLC 1 worker on this kind of machine, TwoPhase rms=7: 296,448 distinct states in 5.8 s,');
console.log('about 51,000 distinct and 470,000 generated states per second; TwoPhase rms=8 (1,745,408 distinct) in 36 s.');
console.log('index B/st: bytes of seen-set + state log per distinct state; peak B/st: peak heap + array-buffer growth per distinct state');
console.log('(sampled, includes the BFS frontier and uncollected garbage); vs naive: the naive baseline\'s time / the engine\'s, same run.');

// ---- workers: 1 against 2 against the previous engine, same run ----
const big = process.argv.includes('--big');
const file = (f: string) => fileURLToPath(new URL(`../${f}`, import.meta.url));
const runCase = fileURLToPath(new URL('./run-case.ts', import.meta.url));
interface Measured { distinct: number; generated: number; depth: number; ms: number; rssBefore: number; peakRss: number }
const measure = (module: string, consts: Record<string, string>, engine: string): Measured =>
  JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', runCase, module, JSON.stringify(consts), engine], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Measured;
const parallelCases: { label: string; module: string; consts: Record<string, string> }[] = [
  { label: 'TwoPhase rms=7', module: file('examples/two-phase.ts'), consts: { rms: '7' } },
  { label: 'TwoPhasePlain rms=7', module: file('examples/two-phase-plain.ts'), consts: { rms: '7' } },
  { label: 'protocol sinks=2', module: file('model/index.ts'), consts: { sinks: '2', drop: 'tombstone-fetch' } },
  ...(big ? [
    { label: 'TwoPhase rms=8', module: file('examples/two-phase.ts'), consts: { rms: '8' } },
    { label: 'protocol sinks=3', module: file('model/index.ts'), consts: { sinks: '3', drop: 'tombstone-fetch' } },
  ] : []),
];
console.log('\nWorkers (each search in its own process; speed-up = 1-worker time / this time, same run):');
console.log('model                  engine       distinct   time s   distinct/s  speed-up  peak MB  peak B/st');
for (const c of parallelCases) {
  const runs = ['1', '2', 'old'].map((engine) => [engine, measure(c.module, c.consts, engine)] as const);
  const one = runs[0]![1];
  for (const [engine, m] of runs) {
    if (m.distinct !== one.distinct || m.generated !== one.generated || m.depth !== one.depth) throw new Error(`${c.label}: ${engine} found ${m.distinct}/${m.generated}/${m.depth}, 1 worker ${one.distinct}/${one.generated}/${one.depth}`);
    const label = engine === 'old' ? 'previous' : `${engine} worker${engine === '1' ? '' : 's'}`;
    console.log([
      c.label.padEnd(22), label.padEnd(10), fmt(m.distinct).padStart(10), (m.ms / 1000).toFixed(2).padStart(8),
      fmt(m.distinct / (m.ms / 1000)).padStart(12), `${(one.ms / m.ms).toFixed(2)}x`.padStart(9),
      fmt(m.peakRss / 1e6).padStart(8), fmt((m.peakRss - m.rssBefore) / m.distinct).padStart(10),
    ].join(' '));
  }
}
console.log('\nReference (fixture, not measured here; issue 12, on this kind of 2-core machine): TwoPhase rms=8 (1,745,408 distinct):');
console.log('TLC 42.8 s with 1 worker, 28.2 s with 2; the previous dropcheck 31.0 s. Protocol sinks=3 tombstone-fetch (2,251,868 distinct):');
console.log('the previous dropcheck 93 s and 1.16 GB peak; TLC on a transcription of the model 185 s and 2.5 GB.');
console.log('peak MB: the search process\'s maximum resident set (all threads); peak B/st: its growth during the search per distinct state.');
console.log('');
livenessBench(builtin);
