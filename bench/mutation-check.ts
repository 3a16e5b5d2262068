// `npm run bench:mutation`: what verifying that model code leaves its states unmodified costs,
// against the deep freeze it replaced, measured in the same process with the runs alternating
// (the machine is shared: only ratios from one run mean anything).
//
// - previous (with `--against=DIR`): the engine before verification, from a checkout of it in DIR
//   (`git archive 5976bcb | tar -x -C DIR`, then link node_modules there): it deep-froze each
//   distinct state when it was found, and its `simulate` protected nothing;
// - freeze: this engine unverified, each state deep-frozen before model code sees it
//   (bench/freeze-baseline.ts): the previous mechanism, when no checkout of it is at hand;
// - verify: the engine as it is, states re-fingerprinted after model code ran on them;
// - neither: no protection at all (a floor, not an option: it can miscount a mutating model).
// The same variants (but `previous`) then run in the engine `check` uses by default, the
// level-synchronous one, with one worker in this thread (verify/freeze and verify/neither).
// Each variant runs its own instance of the model module where one can be had (query-string
// imports), so that states frozen by one variant do not make the model's code polymorphic for
// the others; the protocol model's actions live in modules that the current variants share.
// `--rounds=N` (default 5) rounds per model.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { check, checkAsync } from '../checker/check.ts';
import { searchOneWorker } from '../checker/parallel/search.ts';
import { simulate } from '../checker/simulate.ts';
import { resolveConsts } from '../checker/consts.ts';
import type { AnyModel, Consts, State } from '../checker/model.ts';
import { freezeState } from './freeze-baseline.ts';

type Variant = 'previous' | 'freeze' | 'verify' | 'neither';
type CheckFn = (model: AnyModel, options: { consts: Consts; checkDeadlock: boolean; continueAfterViolation: boolean; unverified?: boolean }) => { stats: { distinctStates: number } };
type SimulateFn = (model: AnyModel, options: { consts: Consts; seed: number; runs: number; maxSteps: number; checkDeadlock: boolean }) => { result: string; stats: { steps: number } };

const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const rounds = Number(arg('rounds') ?? 5);
const againstDir = arg('against');
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');
const previousRoot = againstDir === undefined ? undefined : path.resolve(againstDir);

/** The default export of `file` (relative to the checkout `base`), in a module instance of its own for `variant`. */
async function load(base: string, file: string, variant: string): Promise<AnyModel> {
  return (await import(`${pathToFileURL(path.join(base, file)).href}?variant=${variant}`)).default as AnyModel;
}

const previous = previousRoot === undefined ? undefined : {
  check: (await import(pathToFileURL(path.join(previousRoot, 'checker/check.ts')).href)).check as CheckFn,
  simulate: (await import(pathToFileURL(path.join(previousRoot, 'checker/simulate.ts')).href)).simulate as SimulateFn,
};

/** The model with `before` applied to every state an action or an invariant is given. */
function wrapped(model: AnyModel, before: (s: State) => void): AnyModel {
  return {
    ...model,
    actions: model.actions.map((a) => ({ ...a, successors: (s: State, c: Consts) => { before(s); return a.successors(s, c); } })),
    invariants: model.invariants.map((i) => ({ ...i, check: (s: State, c: Consts) => { before(s); return i.check(s, c); } })),
  };
}

const nothing = (): void => {};
const variants: Variant[] = previous ? ['previous', 'freeze', 'verify', 'neither'] : ['freeze', 'verify', 'neither'];
interface Case { readonly label: string; readonly file: string; readonly consts: Record<string, string>; readonly onlyHere?: boolean }
const cases: Case[] = [
  { label: 'TwoPhase rms=6 (immutable.js)', file: 'examples/two-phase.ts', consts: { rms: '6' } },
  { label: 'TwoPhasePlain rms=6', file: 'examples/two-phase-plain.ts', consts: { rms: '6' } },
  // Not in the previous checkout: its own instance of this one.
  { label: 'TwoPhaseArrays rms=6 (slice)', file: 'bench/models/two-phase-arrays.ts', consts: { rms: '6' }, onlyHere: true },
  // The previous checkout's protocol model is an older model (it has fewer states since the
  // epoch-budget change): every engine runs today's.
  { label: 'protocol sinks=2', file: 'model/index.ts', consts: { sinks: '2' }, onlyHere: true },
];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const gc = (globalThis as { gc?: () => void }).gc;
const cell = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)})`.padEnd(14);

/**
 * Runs `run` after a garbage collection, recording its wall time in `wall` and the process's CPU
 * time (user + system) in `cpuMs`, in milliseconds.
 */
function timed<T>(run: () => T, wall: number[], cpuMs: number[]): T {
  gc?.();
  const c0 = process.cpuUsage();
  const t = performance.now();
  const o = run();
  wall.push(performance.now() - t);
  const used = process.cpuUsage(c0);
  cpuMs.push((used.user + used.system) / 1000);
  return o;
}

/** Each round runs every variant once, the order rotating so that none always follows the same one. */
function orderOf<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  const rotated = [...items.slice(k), ...items.slice(0, k)];
  return Math.floor(round / items.length) % 2 === 0 ? rotated : rotated.reverse();
}

console.log(`check: ${rounds} alternating rounds per model; median milliseconds per search (min in brackets)`);
const reference: Variant = previous ? 'previous' : 'freeze';
// CPU time (the process's, user + system) beside the wall time: on a loaded machine the wall
// time counts the time others had the cores, the CPU time much less so.
console.log(`${'model'.padEnd(31)}${variants.map((v) => v.padEnd(14)).join('')}verify/${reference} (median, min; wall time, then CPU time)`);
for (const c of cases) {
  const models = {} as Record<Variant, AnyModel>;
  for (const v of variants) {
    const base = v === 'previous' && !c.onlyHere ? previousRoot! : root;
    const m = await load(base, c.file, v);
    models[v] = v === 'freeze' ? wrapped(m, freezeState) : m;
  }
  const consts = resolveConsts(models.verify, c.consts);
  const times = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
  const cpu = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
  let distinct: number | undefined;
  for (let r = 0; r < rounds; r++) {
    for (const v of orderOf(variants, r)) {
      const options = { consts, checkDeadlock: false, continueAfterViolation: true };
      // No temporal properties: the previous engine had none, and the protocol model's would add
      // the graph and the liveness phase to this engine's time only.
      const o = timed(() => (v === 'previous' ? previous!.check(models[v], options) : check(models[v], { ...options, unverified: v !== 'verify', liveness: false })), times[v], cpu[v]);
      if (distinct !== undefined && o.stats.distinctStates !== distinct) throw new Error(`${c.label}: ${v} found ${o.stats.distinctStates} states, not ${distinct}`);
      distinct = o.stats.distinctStates;
    }
  }
  const ratioOf = (xs: Record<Variant, number[]>) => `${(median(xs.verify) / median(xs[reference])).toFixed(2)}x, ${(Math.min(...xs.verify) / Math.min(...xs[reference])).toFixed(2)}x`;
  const ratio = `${ratioOf(times)}; CPU ${ratioOf(cpu)}`;
  console.log(`${c.label.padEnd(31)}${variants.map((v) => cell(times[v])).join('')}${ratio}`);
}

// The engine `check` runs by default, the level-synchronous one, with one worker (this thread):
// states decoded from bytes, verified against their hashed entries (see expand-chunk.ts).
{
  const levelVariants = ['freeze', 'verify', 'neither'] as const;
  console.log(`\nlevel engine, 1 worker: ${rounds} alternating rounds per model; median milliseconds per search (min in brackets)`);
  console.log(`${'model'.padEnd(31)}${levelVariants.map((v) => v.padEnd(14)).join('')}verify/freeze, verify/neither (median; wall time, then CPU time)`);
  for (const c of cases) {
    const models = {} as Record<(typeof levelVariants)[number], AnyModel>;
    for (const v of levelVariants) {
      const m = await load(root, c.file, `level-${v}`);
      models[v] = v === 'freeze' ? wrapped(m, freezeState) : m;
    }
    const consts = resolveConsts(models.verify, c.consts);
    const times = { freeze: [] as number[], verify: [] as number[], neither: [] as number[] };
    const cpu = { freeze: [] as number[], verify: [] as number[], neither: [] as number[] };
    let distinct: number | undefined;
    for (let r = 0; r < rounds; r++) {
      for (const v of orderOf(levelVariants, r)) {
        const o = timed(() => searchOneWorker(models[v], { consts, checkDeadlock: false, continueAfterViolation: true, liveness: false, unverified: v !== 'verify' }), times[v], cpu[v]);
        if (distinct !== undefined && o.stats.distinctStates !== distinct) throw new Error(`${c.label}: level ${v} found ${o.stats.distinctStates} states, not ${distinct}`);
        distinct = o.stats.distinctStates;
      }
    }
    const ratios = (xs: typeof times) => `${(median(xs.verify) / median(xs.freeze)).toFixed(2)}x, ${(median(xs.verify) / median(xs.neither)).toFixed(2)}x`;
    console.log(`${c.label.padEnd(31)}${levelVariants.map((v) => cell(times[v])).join('')}${ratios(times)}; CPU ${ratios(cpu)}`);
  }
}

// simulate: steps per second of the same walks (same seed), this engine against the previous one
// (which protected nothing: no freeze, no verification), by wall time and by CPU time.
{
  const simCases: Case[] = [
    { label: 'TwoPhasePlain rms=6', file: 'examples/two-phase-plain.ts', consts: { rms: '6' } },
    { label: 'protocol sinks=2', file: 'model/index.ts', consts: { sinks: '2' }, onlyHere: true },
  ];
  const engines = previous ? (['previous', 'verify'] as const) : (['verify'] as const);
  console.log(`\nsimulate: ${rounds} alternating rounds, 2000 walks of up to 100 steps, seed 1; median steps/s (max in brackets), wall time then CPU time`);
  for (const c of simCases) {
    const models = { previous: previous ? await load(c.onlyHere ? root : previousRoot!, c.file, 'sim-previous') : undefined, verify: await load(root, c.file, 'sim-verify') };
    const consts = resolveConsts(models.verify, c.consts);
    const wall: Record<string, number[]> = { previous: [], verify: [] };
    const cpuMs: Record<string, number[]> = { previous: [], verify: [] };
    const rates: Record<string, number[]> = { previous: [], verify: [] };
    const cpuRates: Record<string, number[]> = { previous: [], verify: [] };
    for (let r = 0; r < rounds; r++) {
      for (const e of orderOf(engines, r)) {
        const options = { consts, seed: 1, runs: 2000, maxSteps: 100, checkDeadlock: false };
        const o = timed(() => (e === 'previous' ? previous!.simulate(models.previous!, options) : simulate(models.verify, options)), wall[e]!, cpuMs[e]!);
        if (o.result !== 'ok') throw new Error(`${c.label}: simulate ${e} gave ${o.result}`);
        rates[e]!.push(o.stats.steps / (wall[e]!.at(-1)! / 1000));
        cpuRates[e]!.push(o.stats.steps / (cpuMs[e]!.at(-1)! / 1000));
      }
    }
    const shown = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.max(...xs).toFixed(0)})`;
    const ratio = (xs: Record<string, number[]>) => (median(xs.verify!) / median(xs.previous!)).toFixed(2);
    const line = previous
      ? `previous ${shown(rates.previous!)}, verify ${shown(rates.verify!)}; CPU previous ${shown(cpuRates.previous!)}, verify ${shown(cpuRates.verify!)}: ${ratio(rates)}x the previous rate, CPU ${ratio(cpuRates)}x`
      : `verify ${shown(rates.verify!)}; CPU ${shown(cpuRates.verify!)}`;
    console.log(`${c.label.padEnd(31)}${line}`);
  }
}

// The search runs in slices when a caller can stop it (the CLI): its cost, same process.
{
  const twoPhase = await load(root, 'examples/two-phase.ts', 'slices');
  const consts = resolveConsts(twoPhase, { rms: '6' });
  const times: Record<'check' | 'checkAsync', number[]> = { check: [], checkAsync: [] };
  for (let r = 0; r < rounds; r++) {
    for (const v of orderOf(['check', 'checkAsync'] as const, r)) {
      gc?.();
      const t = performance.now();
      const o = v === 'check' ? check(twoPhase, { consts }) : await checkAsync(twoPhase, { consts, signal: new AbortController().signal });
      times[v].push(performance.now() - t);
      if (o.stats.distinctStates !== 50_816) throw new Error(`${v}: ${o.stats.distinctStates} states`);
    }
  }
  const ratio = median(times.checkAsync) / median(times.check);
  console.log(`\nTwoPhase rms=6, check (one call) vs checkAsync (50 ms slices): median ${median(times.check).toFixed(0)} vs ${median(times.checkAsync).toFixed(0)} ms, ${ratio.toFixed(2)}x`);
}
