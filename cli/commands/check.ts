import type { Command } from 'commander';
import { selectInvariants, type CheckOutcome } from '../../checker/check.ts';
import { SearchInterrupted } from '../../checker/parallel/checkpoint.ts';
import { interruptOnSignal } from '../interrupt.ts';
import { defaultWorkers, search } from '../../checker/parallel/search.ts';
import { parseConstAssignments, resolveConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import { writeCounterexample } from '../write-counterexample.ts';
import { loadModel } from '../load-model.ts';
import { positiveInt, withModelOptions, workersOption } from '../options.ts';
import { formatProgress, formatStats, outcomeJson } from '../report.ts';
import { plainTrace, traceFromSteps } from '../../traces/render-trace.ts';
import { describeConsts } from '../describe.ts';

interface CheckFlags {
  spec?: string;
  const: string[];
  invariant: string[];
  maxDepth?: number;
  maxStates?: number;
  deadlock: boolean;
  traceOut?: string;
  continue?: boolean;
  symmetry?: boolean;
  json?: boolean;
  workers?: number;
  checkpoint?: string;
  checkpointEvery: number;
  resume?: string;
  memory?: number;
}


export function registerCheck(program: Command): void {
  const command = withModelOptions(program
    .command('check')
    .description('explore every reachable state of a model breadth-first and check its invariants'))
    .option('--max-depth <n>', 'explore states up to this depth (initial states are depth 1)', positiveInt)
    .option('--max-states <n>', 'stop after this many distinct states', positiveInt)
    .option('--no-deadlock', 'do not report states without successors')
    .option('--trace-out <file>', 'where to write the counterexample (ITF JSON); default: dropcheck-<model>-<property>.itf.json')
    .option('--continue', 'keep exploring after a violation and report the first violation of each property, each with its shortest trace in its own file dropcheck-<model>-<property>.itf.json (TLC\'s -continue; not with --trace-out)')
    .option('--symmetry', 'reduce by the model\'s symmetry: keep one state per class (counts are of classes)')
    .option('--json', 'print one JSON object with the result instead of the summary')
    .option('--checkpoint <dir>', 'save the search in this folder at level boundaries (see --checkpoint-every) and when interrupted (SIGINT, SIGTERM)')
    .option('--checkpoint-every <seconds>', 'at most one checkpoint per this many seconds', positiveInt, 60)
    .option('--memory <MB>', 'hold at most this many megabytes of encoded BFS frontier in memory; past it, levels spill to files in a temporary folder (same figures)', positiveInt)
    .option('--resume <dir>', 'continue the search saved in this folder (same model, parameters and options), checkpointing there');
  workersOption(command)
    .action(async (flags: CheckFlags) => {
      const { model, spec, module } = await loadModel(flags.spec);
      const consts = resolveConsts(model, parseConstAssignments(flags.const));
      selectInvariants(model, flags.invariant); // unknown names are input errors, before any output
      if (flags.symmetry && !model.symmetry) throw new InputError(`--symmetry: model ${model.name} declares no symmetry`);
      if (flags.continue && flags.traceOut !== undefined) {
        throw new InputError('--trace-out names one file: with --continue each property\'s counterexample goes to dropcheck-<model>-<property>.itf.json');
      }
      const showProgress = !flags.json && process.stderr.isTTY === true;
      if (!flags.json) {
        console.log(`Checking ${model.name} ${describeConsts(consts)}`.trimEnd());
      }
      const checkpointDir = flags.checkpoint ?? flags.resume;
      const signal = checkpointDir === undefined ? undefined : interruptOnSignal();
      let outcome: CheckOutcome;
      try {
        outcome = await search(model, {
          consts,
          ...(checkpointDir !== undefined ? { checkpoint: { dir: checkpointDir, everyMs: flags.checkpointEvery * 1000, interrupted: () => signal!.received !== undefined } } : {}),
          ...(flags.resume !== undefined ? { resume: flags.resume } : {}),
          ...(flags.memory !== undefined ? { memoryBytes: flags.memory * 1024 * 1024 } : {}),
          workers: flags.workers ?? defaultWorkers(),
          modelModule: module,
          invariants: flags.invariant,
          ...(flags.maxDepth !== undefined ? { maxDepth: flags.maxDepth } : {}),
          ...(flags.maxStates !== undefined ? { maxStates: flags.maxStates } : {}),
          checkDeadlock: flags.deadlock && (model.checkDeadlock ?? true),
          continueAfterViolation: flags.continue ?? false,
          symmetry: flags.symmetry ?? false,
          ...(showProgress ? { onProgress: (p) => process.stderr.write(formatProgress(p) + '\n') } : {}),
        });
      } catch (e) {
        if (!(e instanceof SearchInterrupted)) throw e;
        process.stderr.write(`Interrupted at depth ${e.depth} after ${e.distinctStates.toLocaleString('en-US')} distinct states; the search is saved in ${e.dir}: continue it with --resume ${e.dir}\n`);
        process.exitCode = signal!.received === 'SIGTERM' ? 143 : 130;
        return;
      } finally {
        signal?.dispose();
      }
      const source = { model: model.name, ...(spec !== undefined ? { spec } : {}), params: consts, producedBy: 'check' };
      const traceFiles = outcome.result === 'violation' ? outcome.violations.map((v) => writeCounterexample(v, source, flags.traceOut)) : [];
      if (flags.json) {
        console.log(JSON.stringify(outcomeJson(outcome, traceFiles, flags.continue)));
      } else if (outcome.result === 'violation') {
        outcome.violations.forEach((v, i) => {
          if (i > 0) console.log('');
          console.log(v.kind === 'deadlock' ? 'Error: Deadlock reached.' : `Error: Invariant ${v.name} is violated: ${v.reason}`);
          console.log(`The behaviour up to this point is (${v.trace.length} state${v.trace.length === 1 ? '' : 's'}, changed variables only):`);
          for (const line of plainTrace(traceFromSteps(v.trace))) console.log(line);
          console.log(`Trace written to ${traceFiles[i]}`);
        });
        if (outcome.bound !== null) console.log(`The search was cut short (bound: ${outcome.bound}): ${outcome.boundDetail}; other properties may fail beyond it.`);
        // With --continue and no bound the whole graph was seen; otherwise the search stopped early.
        for (const line of formatStats(outcome.stats, flags.continue === true && outcome.bound === null)) console.log(line);
      } else {
        if (outcome.bound === null) console.log('Model checking completed. No error has been found.');
        else console.log(`No error found, but the search was cut short (bound: ${outcome.bound}): ${outcome.boundDetail}. This is not a proof.`);
        for (const line of formatStats(outcome.stats, outcome.bound === null)) console.log(line);
      }
      process.exitCode = outcome.result === 'violation' ? 1 : 0;
    });
}
