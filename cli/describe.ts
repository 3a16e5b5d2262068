import type { Consts } from '../checker/model.ts';
import { printable } from '../traces/printable.ts';

/** `(drop=stop-first, sinks=2)`: parameter values in a summary line, escaped (a string value is the user's text). */
export function describeConsts(consts: Consts): string {
  const entries = Object.entries(consts);
  return entries.length === 0 ? '' : printable(`(${entries.map(([k, v]) => `${k}=${v}`).join(', ')})`);
}
