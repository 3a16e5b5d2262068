// Option parsers shared by the commands: each rejects bad input with a one-line message.
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, type Command } from 'commander';

export function positiveInt(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new InvalidArgumentError('expected a positive integer.');
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** Accumulates a repeatable option (`--const a=1 --const b=2`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** What --spec takes, for every command that has it. */
export const SPEC_HELP = 'model module (.ts, .mts, .cts, .js, .mjs or .cjs) whose default export is a model; default: the built-in protocol model';

/** --spec, --const and --invariant: which model, with which parameters, checking which properties. */
export function withModelOptions(command: Command): Command {
  return command
    .option('--spec <file>', SPEC_HELP)
    .option('--preset <name>', 'start from a named set of parameter values of the model (see `dropcheck list`); --const overrides one')
    .option('--const <name=value>', 'set a model parameter (repeatable); see `dropcheck list`', collect, [])
    .option('--invariant <name>', 'check only this invariant (repeatable); default: all', collect, []);
}

/** The number of workers when --workers is not given: the machine's available parallelism. */
export const defaultWorkers = (): number => availableParallelism();

/** --workers: threads that expand states; the figures and traces do not depend on it. */
export function workersOption(command: Command): Command {
  return command.option('--workers <n>', `worker threads (default: the machine's available parallelism, ${defaultWorkers()} here); the result is the same for any number`, positiveInt);
}
