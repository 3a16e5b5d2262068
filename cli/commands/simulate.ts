import { InvalidArgumentError, type Command } from 'commander';
import { parseConstAssignments, resolveConsts } from '../../checker/consts.ts';
import type { SimulateOutcome } from '../../checker/simulate.ts';
import { listenForInterrupts } from '../interrupt.ts';
import { loadModel } from '../load-model.ts';
import { positiveInt, withModelOptions } from '../options.ts';
import { plainTrace, traceFromSteps } from '../../traces/render-trace.ts';
import { describeConsts } from '../describe.ts';
import { writeCounterexample } from '../write-counterexample.ts';

interface SimulateFlags {
  spec?: string;
  const: string[];
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
    .option('--replay-path <path>', 'fast-check path printed by a failing run: replays that walk (with the same --seed)')
    .option('--no-deadlock', 'do not report states without successors')
    .option('--trace-out <file>', 'where to write the shrunk counterexample (ITF JSON); default: dropcheck-<model>-<property>.itf.json')
    .option('--json', 'print one JSON object with the result instead of the summary')
    .action(async (flags: SimulateFlags) => {
      const { model, spec } = await loadModel(flags.spec);
      const consts = resolveConsts(model, parseConstAssignments(flags.const));
      // fast-check is loaded only by the command that uses it, which keeps every other command's start-up short.
      const { freshSeed, simulateAsync } = await import('../../checker/simulate.ts');
      const seed = flags.seed ?? freshSeed();
      // Listening before the first line is printed: whoever sees it may interrupt at once.
      const interruption = listenForInterrupts();
      if (!flags.json) {
        console.log(`Simulating ${model.name} ${describeConsts(consts)}`.trimEnd());
        // Before the first walk, so that an interrupted run can be repeated.
        console.log(`Seed ${seed}, up to ${fmt(flags.runs)} walks of at most ${fmt(flags.maxSteps)} steps.`);
      }
      const outcome = await simulateAsync(model, {
        consts,
        invariants: flags.invariant,
        runs: flags.runs,
        maxSteps: flags.maxSteps,
        seed,
        ...(flags.replayPath !== undefined ? { path: flags.replayPath } : {}),
        checkDeadlock: flags.deadlock && (model.checkDeadlock ?? true),
        signal: interruption.signal,
      }).finally(() => interruption.dispose());
      const traceFile = outcome.result === 'violation'
        ? writeCounterexample(outcome.violation, { model: model.name, ...(spec !== undefined ? { spec } : {}), params: consts, producedBy: 'simulate' }, flags.traceOut)
        : null;
      const s = outcome.stats;
      if (flags.json) {
        const signal = outcome.result === 'interrupted' ? { signal: interruption.received } : {};
        console.log(JSON.stringify({ ...outcomeJson(outcome, model.name, traceFile), ...signal }));
      } else {
        if (outcome.result === 'violation') {
          const v = outcome.violation;
          console.log(v.kind === 'deadlock' ? 'Error: Deadlock reached.' : `Error: Invariant ${v.name} is violated: ${v.reason}`);
          console.log(`Found in walk ${s.runs} with ${v.originalLength} states, shrunk to ${v.trace.length} states (fast-check: ${v.fastCheckLength} states after ${s.shrinks} shrinking steps; then by deleting actions).`);
          console.log(`The behaviour up to this point is (${v.trace.length} states, changed variables only):`);
          for (const line of plainTrace(traceFromSteps(v.trace))) console.log(line);
          console.log(`Trace written to ${traceFile}`);
          console.log(`Replay: --seed ${seed} --replay-path ${outcome.path}`);
        } else if (outcome.result === 'interrupted') {
          console.log(`Interrupted (${interruption.received}) after ${fmt(s.runs)} of ${fmt(flags.runs)} walks: no error found so far, and this is not a proof. Repeat with --seed ${seed}.`);
        } else {
          console.log(`No error found in ${fmt(s.runs)} random walks. This is not a proof.`);
        }
        console.log(`${fmt(s.runs)} walks, ${fmt(s.steps)} steps (shrinking included).`);
        console.log(`Finished in ${(s.durationMs / 1000).toFixed(2)} s: ${fmt(s.stepsPerSecond)} steps per second.`);
      }
      process.exitCode = outcome.result === 'interrupted' ? interruption.exitCode : outcome.result === 'violation' ? 1 : 0;
    });
}
