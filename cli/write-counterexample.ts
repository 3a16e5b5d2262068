// Where and how `check` and `simulate` save a counterexample: one ITF file, named after model and
// property unless the user chose the path, and never left half-written.
import type { Consts } from '../checker/model.ts';
import type { Counterexample } from '../checker/check.ts';
import { InputError } from '../checker/errors.ts';
import { formatItf, traceToItf } from '../traces/itf-trace.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/**
 * The default counterexample file: in the current directory, named after model and property, and
 * after the command when it is not `check` (a simulation never replaces check's shortest trace).
 */
export function defaultTracePath(model: string, property: string, command = 'check'): string {
  const suffix = command === 'check' ? '' : `.${command}`;
  return `dropcheck-${model}-${property}${suffix}.itf.json`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export interface CounterexampleSource {
  readonly model: string;
  readonly spec?: string;
  readonly params: Consts;
  /** The command that found it: `check`, `simulate`. */
  readonly producedBy: string;
}

/** Writes `v` to `traceOut` (or the default path) and returns the path written. */
export function writeCounterexample(v: Counterexample, source: CounterexampleSource, traceOut: string | undefined): string {
  const file = traceOut ?? defaultTracePath(source.model, v.name);
  const doc = traceToItf(v.trace, { ...source, violation: v, ...(v.loop !== undefined ? { loop: v.loop } : {}) });
  try {
    writeFileAtomic(file, formatItf(doc));
  } catch (e) {
    throw new InputError(`--trace-out ${file}: cannot write: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  return file;
}
