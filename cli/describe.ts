import type { Consts } from '../checker/model.ts';

/** `(drop=stop-first, sinks=2)`: parameter values in a summary line. */
export function describeConsts(consts: Consts): string {
  const entries = Object.entries(consts);
  return entries.length === 0 ? '' : `(${entries.map(([k, v]) => `${k}=${v}`).join(', ')})`;
}
