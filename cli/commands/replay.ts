import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import type { AnyModel, Consts } from '../../checker/model.ts';
import { validateConsts } from '../../checker/consts.ts';
import { InputError } from '../../checker/errors.ts';
import { readTraceFile, type LoadedTrace } from '../../traces/read-trace.ts';
import { replayTrace } from '../../traces/replay.ts';
import { printable } from '../../traces/printable.ts';
import { builtinModel, loadModel } from '../load-model.ts';

export interface TraceToReplay {
  readonly trace: LoadedTrace;
  readonly model: AnyModel;
  readonly consts: Consts;
}

/** dropcheck's own example models: the only modules a trace may name and get imported. */
const examplesDir = realpathSync(fileURLToPath(new URL('../../examples', import.meta.url)));

/**
 * The trace's `#meta.spec`, when it is one of dropcheck's own examples (a file this package ships).
 * The path is the one given to `check`, relative to the directory it ran in: when it names no file
 * from here, an example of the same file name stands for it, so that a trace of an example replays
 * from any directory (the model name is checked against the trace's afterwards). A path that names
 * a file outside examples/ is that file, never an example.
 */
function shippedExample(spec: string): string | undefined {
  const path = resolve(spec);
  const candidate = existsSync(path) ? path : join(examplesDir, basename(spec));
  if (!existsSync(candidate)) return undefined;
  const real = realpathSync(candidate);
  return dirname(real) === examplesDir && /\.ts$/.test(real) ? real : undefined;
}

/**
 * Reads the trace and picks the model to replay it against: `--spec`, else the module the trace
 * names when it is one of dropcheck's examples, else the built-in model when the trace names it.
 * Any other module path written in a trace is never imported (a trace is data, and importing a
 * module runs its code): the message says which `--spec` to give.
 */
export async function loadTraceToReplay(tracePath: string, spec: string | undefined): Promise<TraceToReplay> {
  const trace = readTraceFile(tracePath);
  // The messages quote the trace's names: escaped, they stay one printable line.
  const refuse = (msg: string) => new InputError(printable(`${tracePath}: ${msg}`));
  const named = trace.meta.model;
  const example = spec === undefined && trace.meta.spec !== undefined ? shippedExample(trace.meta.spec) : undefined;
  let model: AnyModel;
  if (spec !== undefined || example !== undefined) {
    const given = spec ?? example!;
    model = (await loadModel(given)).model;
    if (named !== undefined && named !== model.name) throw refuse(`the trace is of model ${named}, but ${spec !== undefined ? `--spec ${spec}` : `the trace's spec ${trace.meta.spec}`} is model ${model.name}`);
  } else if (trace.meta.spec !== undefined) {
    throw refuse(`the trace was made from the model module ${trace.meta.spec}: give it with --spec ${trace.meta.spec} (a module a trace names is not imported unless it is one of dropcheck's examples)`);
  } else {
    model = await builtinModel();
    if (named === undefined) throw refuse(`the trace names no dropcheck model${trace.meta.source ? ` (source: ${trace.meta.source})` : ''}: give one with --spec FILE`);
    if (named !== model.name) throw refuse(`the trace needs model ${named}, the built-in model is ${model.name}: give its module with --spec FILE`);
  }
  let consts: Consts;
  try {
    consts = validateConsts(model, trace.meta.params ?? {});
  } catch (e) {
    throw e instanceof InputError ? refuse(`#meta.params: ${e.message.replace(/^--const /, '')}`) : e;
  }
  return { trace, model, consts };
}

export function registerReplay(program: Command): void {
  program
    .command('replay')
    .description('re-execute a trace (ITF JSON) against its model: exit 0 when it is a behaviour that violates the property it claims, 1 when not')
    .argument('<trace>', 'the trace file')
    .option('--spec <file>', 'model module to replay against; default: the module the trace names when it is one of dropcheck\'s examples/, else the built-in model when the trace names it (no other module a trace names is ever imported)')
    .option('--impl', 'drive the executable store (store/) through the trace\'s actions instead, comparing its state at every step')
    .action(async (tracePath: string, flags: { spec?: string; impl?: boolean }) => {
      const { trace, model, consts } = await loadTraceToReplay(tracePath, flags.spec);
      if (flags.impl) {
        // Loaded only here: the executable store is not needed by any other command.
        const { implReplay } = await import('../../store-mapping/impl-replay.ts');
        const r = await implReplay(tracePath, trace, model.name, consts);
        for (const line of r.lines) console.log(line);
        process.exitCode = r.exitCode;
        return;
      }
      const outcome = replayTrace(model, consts, trace);
      console.log(printable(`replay: ${outcome.ok ? 'ok: ' : ''}${outcome.summary}`));
      // From the state the model gives to the one the trace has.
      if (!outcome.ok && outcome.details) {
        console.log('  the trace differs from what the model gives (model -> trace):');
        for (const line of outcome.details) console.log(printable(`    ${line}`));
      }
      process.exitCode = outcome.ok ? 0 : 1;
    });
}
