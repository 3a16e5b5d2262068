import { InvalidArgumentError, type Command } from 'commander';
import { InputError } from '../../checker/errors.ts';
import { selectInvariants } from '../../checker/check.ts';
import type { SimulateOutcome, SimulateProgress } from '../../checker/simulate.ts';
import { printable } from '../../traces/printable.ts';
import { listenForInterrupts } from '../interrupt.ts';
import { loadModel } from '../load-model.ts';
import { positiveInt, withModelOptions } from '../options.ts';
import { plainTrace, traceFromSteps } from '../../traces/render-trace.ts';
import { describeConsts } from '../describe.ts';
import { describePreset, runConsts } from '../model-consts.ts';
import { defaultTracePath, writeCounterexample } from '../write-counterexample.ts';
import { assertWritableFile } from '../writable-path.ts';
import { formatSimulateProgress, RecentRate } from '../progress.ts';
import { statusLineFor, type StatusLine } from '../status-line.ts';

interface SimulateFlags {
  spec?: string;
  const: string[];
  preset?: string;
  invariant: string[];
  runs: number;
  maxSteps: number;
  seed?: number;
  replayPath?: string;
  deadlock: boolean;
  traceOut?: string;
  json?: boolean;
}

/** fast-check seeds are 32-bit signed integers. */
function seedArg(raw: string): number {
  if (!/^-?\d+$/.test(raw.trim())) throw new InvalidArgumentError('expected an integer.');
  const n = Number(raw);
  if (n < -0x80000000 || n > 0x7fffffff) throw new InvalidArgumentError('expected a 32-bit integer.');
  return n;
}

/** fast-check replay paths are numbers separated by colons (`5:1:0:3`). */
function replayPathArg(raw: string): string {
  if (!/^\d+(:\d+)*$/.test(raw)) throw new InvalidArgumentError('expected numbers separated by colons, as printed by a failing run.');
  return raw;
}

const fmt = (n: number): string => n.toLocaleString('en-US');

/** The JSON summary of `simulate --json`: deterministic for a seed except durationMs and stepsPerSecond. */
function outcomeJson(o: SimulateOutcome, model: string, traceFile: string | null): Record<string, unknown> {
  const base = {
    result: o.result,
    model,
    seed: o.seed,
    runs: o.stats.runs,
    steps: o.stats.steps,
    shrinks: o.stats.shrinks,
    durationMs: o.stats.durationMs,
    stepsPerSecond: o.stats.stepsPerSecond,
  };
  if (o.result !== 'violation') return base;
  const v = o.violation;
  return {
    ...base,
    path: o.path,
    violation: { kind: v.kind, name: v.name, reason: v.reason, traceFile, states: v.trace.length, statesBeforeShrinking: v.originalLength, statesAfterFastCheck: v.fastCheckLength },
  };
}

export function registerSimulate(program: Command): void {
  withModelOptions(program
    .command('simulate')
    .description('random walks over a model (fast-check): a violation is shrunk to a short trace'))
    .option('--runs <n>', 'number of random walks', positiveInt, 100)
    .option('--max-steps <n>', 'largest number of actions in one walk', positiveInt, 100)
    .option('--seed <n>', 'fast-check seed (32-bit integer); default: a fresh one, printed', seedArg)
    .option('--replay-path <path>', 'fast-check path printed by a failing run: replays that walk; needs the --seed it was printed with', replayPathArg)
    .option('--no-deadlock', 'do not report states without successors')
    .option('--trace-out <file>', 'where to write the shrunk counterexample (ITF JSON); default: dropcheck-<model>-<property>.simulate.itf.json')
    .option('--json', 'print one JSON object with the result instead of the summary')
    .action(async (flags: SimulateFlags) => {
      // A replay path denotes a walk only together with the seed that generated it.
      if (flags.replayPath !== undefined && flags.seed === undefined) throw new InputError('--replay-path needs the --seed it was printed with');
      const { model, spec } = await loadModel(flags.spec);
      const { consts, assignments } = runConsts(model, flags);
      selectInvariants(model, flags.invariant); // unknown names are input errors, before any output
      if (flags.traceOut !== undefined) assertWritableFile('--trace-out', flags.traceOut);
      // fast-check is loaded only by the command that uses it, which keeps every other command's start-up short.
      const { freshSeed, simulateAsync } = await import('../../checker/simulate.ts');
      const seed = flags.seed ?? freshSeed();
      // Listening before the first line is printed: whoever sees it may interrupt at once.
      const interruption = listenForInterrupts();
      if (!flags.json) {
        console.log(printable(`Simulating ${model.name} ${describeConsts(consts)}`.trimEnd()));
        for (const line of describePreset(assignments)) console.log(printable(line));
        // Before the first walk, so that an interrupted run can be repeated.
        console.log(`Seed ${seed}, up to ${fmt(flags.runs)} walks of at most ${fmt(flags.maxSteps)} steps.`);
      }
      const status = statusLineFor(flags.json);
      const outcome = await simulateAsync(model, {
        ...(status ? { onProgress: simulateProgress(status, flags.runs) } : {}),
        consts,
        invariants: flags.invariant,
        runs: flags.runs,
        maxSteps: flags.maxSteps,
        seed,
        ...(flags.replayPath !== undefined ? { path: flags.replayPath } : {}),
        checkDeadlock: flags.deadlock && (model.checkDeadlock ?? true),
        signal: interruption.signal,
      }).finally(() => interruption.dispose());
      status?.clear();
      const traceFile = outcome.result === 'violation'
        ? writeCounterexample(outcome.violation, { model: model.name, ...(spec !== undefined ? { spec } : {}), params: consts, producedBy: 'simulate' },
          flags.traceOut ?? defaultTracePath(model.name, outcome.violation.name, 'simulate'))
        : null;
      const s = outcome.stats;
      if (flags.json) {
        const signal = outcome.result === 'interrupted' ? { signal: interruption.received } : {};
        console.log(JSON.stringify({ ...outcomeJson(outcome, model.name, traceFile), ...signal }));
      } else {
        if (outcome.result === 'violation') {
          const v = outcome.violation;
          console.log(v.kind === 'deadlock' ? 'Error: Deadlock reached.' : printable(`Error: Invariant ${v.name} is violated: ${v.reason}`));
          console.log(`Found in walk ${s.runs} with ${v.originalLength} states, shrunk to ${v.trace.length} states (fast-check: ${v.fastCheckLength} states after ${s.shrinks} shrinking steps; then by deleting actions).`);
          console.log(`The behaviour up to this point is (${v.trace.length} states, changed variables only):`);
          for (const line of plainTrace(traceFromSteps(v.trace))) console.log(line);
          console.log(printable(`Trace written to ${traceFile}`));
          console.log(`Replay: --seed ${seed} --replay-path ${outcome.path}`);
        } else if (outcome.result === 'interrupted') {
          console.log(`Interrupted (${interruption.received}) after ${fmt(s.runs)} of ${fmt(flags.runs)} walks: no error found so far, and this is not a proof. Repeat with --seed ${seed}.`);
        } else if (flags.replayPath !== undefined) {
          console.log(`The replay path reproduced no violation (with this seed, model, parameters and invariants). This is not a proof.`);
        } else {
          console.log(`No error found in ${fmt(s.runs)} random walks. This is not a proof.`);
        }
        console.log(`${fmt(s.runs)} walks, ${fmt(s.steps)} steps (shrinking included).`);
        console.log(`Finished in ${(s.durationMs / 1000).toFixed(2)} s: ${fmt(s.stepsPerSecond)} steps per second.`);
      }
      process.exitCode = outcome.result === 'interrupted' ? interruption.exitCode : outcome.result === 'violation' ? 1 : 0;
    });
}

/** The progress callback of a simulation: rates over the last seconds, shown at most once a second. */
function simulateProgress(status: StatusLine, runs: number): (p: SimulateProgress) => void {
  const steps = new RecentRate();
  const walks = new RecentRate();
  // Sampled only when the line is due (about once a second), however many walks a second run.
  return (p) => status.show(() => formatSimulateProgress(p, runs, { steps: steps.add(p.elapsedMs, p.steps), walks: walks.add(p.elapsedMs, p.walks) }));
}
