import type { Command } from 'commander';
import { checkAsync, selectInvariants, type Counterexample } from '../../checker/check.ts';
import { refuseUnsupported, search, type ResumedFrom } from '../../checker/parallel/search.ts';
import { InputError } from '../../checker/errors.ts';
import { writeCounterexample } from '../write-counterexample.ts';
import { loadModel } from '../load-model.ts';
import { collect, defaultWorkers, positiveInt, withModelOptions, workersOption } from '../options.ts';
import { formatStats, outcomeJson, resumedLine } from '../report.ts';
import type { Progress } from '../../checker/check.ts';
import { plainTrace, traceFromSteps } from '../../traces/render-trace.ts';
import { printable } from '../../traces/printable.ts';
import { describeConsts } from '../describe.ts';
import { describePreset, runConsts } from '../model-consts.ts';
import { formatCheckProgress, RecentRate } from '../progress.ts';
import { statusLineFor } from '../status-line.ts';
import { assertWritableFile, assertWritableOutDir } from '../writable-path.ts';
import { listenForInterrupts } from '../interrupt.ts';
import { interruptedCheckJson, interruptedCheckLines } from '../interrupted.ts';
import { selectProperties } from '../../checker/liveness/check-liveness.ts';
import { CoverageObserver } from '../../checker/coverage.ts';
import { observers } from '../../checker/search-observer.ts';
import { DOT_MAX_STATES, DotObserver } from '../dot-graph.ts';
import { behaviourHeading, coverageLines, temporalJson, temporalLines, violationHeading } from '../temporal-report.ts';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { checkClusterFlags, clusterOptions, type ClusterFlags } from '../cluster-options.ts';
import { refuseOnClusterResume } from '../../checker/cluster/refuse-on-resume.ts';
import { searchOnCluster } from '../../checker/cluster/coordinator.ts';
import { connectCluster } from '../../checker/cluster/connect.ts';

interface CheckFlags extends ClusterFlags {
  spec?: string;
  const: string[];
  preset?: string;
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
  resume?: string | true;
  memory?: number;
  property: string[];
  liveness: boolean;
  coverage?: boolean;
  dot?: string;
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
    .option('--property <name>', 'check only this temporal property (repeatable); default: all', collect, [])
    .option('--no-liveness', 'do not check temporal properties (no graph is recorded)')
    .option('--coverage', 'print, per action, the successors it produced and the new distinct states among them, flagging actions never enabled')
    .option('--dot <file>', `write the explored graph (Graphviz) to this file; at most ${DOT_MAX_STATES} states`)
    .option('--json', 'print one JSON object with the result instead of the summary')
    .option('--checkpoint <dir>', 'save the search in this folder at level boundaries (see --checkpoint-every) and when interrupted (SIGINT, SIGTERM)')
    .option('--checkpoint-every <seconds>', 'at most one checkpoint per this many seconds', positiveInt, 60)
    .option('--resume [dir]', 'continue the search saved in this folder (same model, parameters and options), checkpointing there; with --cluster, no folder: continue the search the cluster holds')
    .option('--memory <MB>', 'hold at most this many megabytes of encoded BFS frontier in memory; past it, levels spill to files in a temporary folder (same figures)', positiveInt);
  workersOption(clusterOptions(command))
    .action(async (flags: CheckFlags) => {
      const { model, spec, module } = await loadModel(flags.spec);
      const { consts, assignments } = runConsts(model, flags);
      selectInvariants(model, flags.invariant); // unknown names are input errors, before any output
      const temporal = flags.liveness ? selectProperties(model, flags.property) : [];
      if (flags.symmetry && !model.symmetry) throw new InputError(`--symmetry: model ${model.name} declares no symmetry`);
      if (flags.symmetry && temporal.length > 0) throw new InputError('--symmetry cannot be used with temporal properties (unsound, as TLC warns): add --no-liveness, or drop --symmetry');
      if (flags.symmetry && flags.dot !== undefined) throw new InputError('--dot draws states, not symmetry classes: drop --symmetry');
      if (flags.continue && flags.traceOut !== undefined) {
        throw new InputError('--trace-out names one file: with --continue each property\'s counterexample goes to dropcheck-<model>-<property>.itf.json');
      }
      if (flags.traceOut !== undefined) assertWritableFile('--trace-out', flags.traceOut);
      if (flags.dot !== undefined) assertWritableFile('--dot', flags.dot);
      // A search writes its checkpoints there (a resumed one too): refused now, not at its first level.
      if (typeof flags.resume === 'string') assertWritableOutDir('--resume', flags.resume);
      else if (flags.checkpoint !== undefined) assertWritableOutDir('--checkpoint', flags.checkpoint);
      // The level-synchronous search (checker/parallel/), with as many workers as the machine has
      // cores unless told otherwise; its answer does not depend on their number. --dot draws the
      // states themselves, which only the one-thread search (checker/check.ts) holds: it runs
      // that search, with one worker. A search on a cluster checks what the in-process one does.
      checkClusterFlags(flags);
      const resumeDir = typeof flags.resume === 'string' ? flags.resume : undefined;
      const checkpointDir = flags.checkpoint ?? resumeDir;
      if (flags.dot !== undefined && ((flags.workers ?? 1) > 1 || checkpointDir !== undefined || flags.memory !== undefined || flags.cluster !== undefined)) {
        throw new InputError('--dot draws the states of the one-thread search: drop --workers (or give --workers 1), --checkpoint, --resume, --memory and --cluster');
      }
      const parallel = flags.dot === undefined;
      refuseUnsupported(model, { liveness: flags.liveness, properties: flags.property, checkpoint: checkpointDir !== undefined });
      if (flags.cluster !== undefined) refuseOnClusterResume(model, { liveness: flags.liveness, properties: flags.property, coverage: flags.coverage === true, resume: flags.resume === true });
      // The cluster is reached before anything is printed: an unreachable one is an input error.
      const connected = flags.cluster !== undefined ? await connectCluster(flags.cluster) : undefined;
      // Listening before the first line is printed: whoever sees it may interrupt at once.
      const interruption = listenForInterrupts();
      const status = statusLineFor(flags.json);
      const recent = new RecentRate();
      // Said once the search starts: a search refused before (a checkpoint of another search, an
      // empty cluster) prints only its error line.
      const announce = (resumed: ResumedFrom | undefined): void => {
        if (flags.json) return;
        status?.clear();
        console.log(printable(`Checking ${model.name} ${describeConsts(consts)}`.trimEnd()));
        for (const line of describePreset(assignments)) console.log(printable(line));
        if (resumed) console.log(printable(resumedLine(resumed, flags.cluster !== undefined ? 'the cluster' : resumeDir!)));
      };
      const coverage = flags.coverage ? new CoverageObserver(model.actions.map((a) => a.name)) : undefined;
      const dot = flags.dot !== undefined ? new DotObserver(model, flags.dot) : undefined;
      const observer = observers(parallel ? undefined : coverage, dot);
      const options = {
        consts,
        invariants: flags.invariant,
        ...(flags.maxDepth !== undefined ? { maxDepth: flags.maxDepth } : {}),
        ...(flags.maxStates !== undefined ? { maxStates: flags.maxStates } : {}),
        checkDeadlock: flags.deadlock && (model.checkDeadlock ?? true),
        continueAfterViolation: flags.continue ?? false,
        symmetry: flags.symmetry ?? false,
        ...(status ? { onProgress: (p: Progress) => status.show(formatCheckProgress(p, recent.add(p.elapsedMs, p.generatedStates))) } : {}),
        signal: interruption.signal,
        properties: flags.property,
        liveness: flags.liveness,
        ...(observer ? { observer } : {}),
        onStart: announce,
      };
      const outcome = await (flags.cluster !== undefined
        ? searchOnCluster(model, {
          ...options,
          cluster: flags.cluster,
          ...(connected ? { connected } : {}),
          modelModule: module,
          resumeCluster: flags.resume === true,
          coordinateOnly: flags.coordinateOnly ?? false,
          ...(flags.lease !== undefined ? { leaseMs: Math.round(flags.lease * 1000) } : {}),
          ...(flags.chunkStates !== undefined ? { chunkStates: flags.chunkStates } : {}),
          ...(coverage ? { coverage } : {}),
          onIdle: (line: string) => { status?.clear(); process.stderr.write(`${line}\n`); },
          // Shown on a terminal only: the error that may follow it stays the one line on stderr.
          onWait: (line: string) => status?.show(line, true),
        })
        : parallel
        ? search(model, {
          ...options,
          workers: flags.workers ?? defaultWorkers(),
          modelModule: module,
          ...(coverage ? { coverage } : {}),
          ...(checkpointDir !== undefined ? { checkpoint: { dir: checkpointDir, everyMs: flags.checkpointEvery * 1000 } } : {}),
          ...(resumeDir !== undefined ? { resume: resumeDir } : {}),
          ...(flags.memory !== undefined ? { memoryBytes: flags.memory * 1024 * 1024 } : {}),
        })
        : (announce(undefined), checkAsync(model, options))).finally(() => interruption.dispose());
      status?.clear();
      if (dot && outcome.result !== 'interrupted') writeDot(flags.dot!, dot.text());
      const source = { model: model.name, ...(spec !== undefined ? { spec } : {}), params: consts, producedBy: 'check' };
      // Temporal properties are all decided after the search, so several may fail; as for
      // invariants, only the first is shown and written unless --continue asks for each.
      const shown = outcome.result === 'ok' ? [] : outcome.result === 'violation' && !flags.continue ? [outcome.violation] : outcome.violations;
      const traceFiles = shown.map((v) => writeCounterexample(v, source, flags.traceOut));
      const printViolations = (violations: readonly Counterexample[]) => violations.forEach((v, i) => {
        if (i > 0) console.log('');
        console.log(printable(violationHeading(v)));
        console.log(printable(behaviourHeading(model, consts, v)));
        for (const line of plainTrace(traceFromSteps(v.trace, undefined, v.loop))) console.log(line);
        console.log(printable(`Trace written to ${traceFiles[i]}`));
      });
      if (outcome.result === 'interrupted') {
        const signal = interruption.received ?? 'SIGINT';
        const saved = flags.cluster !== undefined ? ['The search is saved in the cluster: continue it with --cluster URL --resume.']
          : checkpointDir === undefined ? [] : [`The search is saved in ${checkpointDir}: continue it with --resume ${checkpointDir}.`];
        if (flags.json) console.log(JSON.stringify({ ...interruptedCheckJson(outcome, signal, traceFiles), ...(checkpointDir !== undefined ? { checkpoint: checkpointDir } : {}) }));
        else {
          printViolations(outcome.violations);
          if (outcome.violations.length > 0) console.log('');
          for (const line of [...interruptedCheckLines(outcome, signal), ...saved]) console.log(line);
        }
        process.exitCode = interruption.exitCode;
        return;
      }
      if (flags.json) {
        console.log(JSON.stringify(temporalJson(outcome, outcomeJson(outcome, traceFiles, flags.continue), coverage?.report())));
      } else if (outcome.result === 'violation') {
        printViolations(shown);
        if (outcome.bound !== null) console.log(`The search was cut short (bound: ${outcome.bound}): ${outcome.boundDetail}; other properties may fail beyond it.`);
        // With --continue and no bound the whole graph was seen, as it was when only temporal
        // properties failed (they are checked after a complete search); otherwise it stopped early.
        const complete = outcome.bound === null && (flags.continue === true || outcome.violations.every((v) => v.kind === 'liveness'));
        for (const line of formatStats(outcome.stats, complete)) console.log(line);
        for (const line of temporalLines(outcome)) console.log(printable(line));
      } else {
        const undecided = outcome.temporal?.results.some((r) => r.verdict === 'unknown') ?? false;
        if (outcome.bound !== null) console.log(`No error found, but the search was cut short (bound: ${outcome.bound}): ${outcome.boundDetail}. This is not a proof.`);
        else if (undecided && outcome.constrained) console.log('Model checking completed under the state constraint. No invariant is violated in the states it allows, but the temporal properties are not decided (see below).');
        else if (undecided) console.log('No invariant is violated, but the temporal properties are not decided: the search did not record the whole state graph (see below).');
        else if (outcome.constrained) console.log('Model checking completed under the state constraint. No error has been found in the states it allows.');
        else console.log('Model checking completed. No error has been found.');
        for (const line of formatStats(outcome.stats, outcome.bound === null)) console.log(line);
        for (const line of temporalLines(outcome)) console.log(printable(line));
      }
      if (coverage && !flags.json) for (const line of coverageLines(coverage.report())) console.log(printable(line));
      if (dot && !flags.json) console.log(printable(`Graph written to ${flags.dot}`));
      process.exitCode = outcome.result === 'violation' ? 1 : 0;
    });
}

function writeDot(file: string, text: string): void {
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    throw new InputError(`--dot ${file}: cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}
